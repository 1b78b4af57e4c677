import type * as SmolToml from 'smol-toml';
import { DockgenError } from '../../errors.js';
import { lazyRequire } from '../../lazy-require.js';
import { fact, type Fact } from '../evidence.js';
import type { ProjectFs } from '../fs.js';
import type { PackageJson } from './package-json.js';

/**
 * The Node.js version *specification* the project declares, from the first source that has one,
 * in the documented priority: .nvmrc > .node-version > .tool-versions / mise.toml > engines.node.
 * Resolving it to an exact release happens in the plan (versions/resolve-node.ts), so that a
 * `--node-version` flag makes a broken lower-priority file irrelevant.
 */
export function detectNodeVersionSpec(fs: ProjectFs, pkg: PackageJson): Fact<string> | undefined {
  for (const file of ['.nvmrc', '.node-version']) {
    const text = fs.readText(file);
    if (text === undefined) continue;
    const spec = firstMeaningfulLine(text);
    if (spec === undefined) {
      throw new DockgenError(`${file} is empty.`, `Write a Node.js version in ${file}, or delete it.`);
    }
    return fact(spec, file, undefined, spec);
  }
  const toolVersions = fs.readText('.tool-versions');
  if (toolVersions !== undefined) {
    for (const [index, line] of toolVersions.split('\n').entries()) {
      const [tool, version] = line.replace(/#.*/, '').trim().split(/\s+/);
      if ((tool === 'nodejs' || tool === 'node') && version) {
        return fact(version, '.tool-versions', `line ${index + 1}`, version);
      }
    }
  }
  for (const file of ['mise.toml', '.mise.toml']) {
    const text = fs.readText(file);
    if (text === undefined) continue;
    const spec = miseNodeVersion(text, file);
    if (spec !== undefined) return fact(spec, file, '[tools] node', spec);
  }
  const engines = pkg.engines['node'];
  if (engines !== undefined && engines.trim() !== '') {
    return fact(engines.trim(), 'package.json', 'engines.node', engines);
  }
  return undefined;
}

function firstMeaningfulLine(text: string): string | undefined {
  for (const line of text.split('\n')) {
    const value = line.replace(/#.*/, '').trim();
    if (value) return value;
  }
  return undefined;
}

/** mise accepts `node = "22"`, `node = ["22", "20"]` (first wins) and `node = { version = "22" }`. */
function miseNodeVersion(text: string, file: string): string | undefined {
  let data: Record<string, unknown>;
  try {
    const { parse } = lazyRequire('smol-toml') as typeof SmolToml;
    data = parse(text) as Record<string, unknown>;
  } catch (error) {
    throw new DockgenError(`${file} is not valid TOML: ${(error as Error).message.split('\n')[0]}`, `Fix ${file}.`);
  }
  const tools = data['tools'];
  if (typeof tools !== 'object' || tools === null) return undefined;
  const entry = (tools as Record<string, unknown>)['node'] ?? (tools as Record<string, unknown>)['nodejs'];
  const first = Array.isArray(entry) ? entry[0] : entry;
  if (typeof first === 'string') return first;
  if (typeof first === 'object' && first !== null && typeof (first as { version?: unknown }).version === 'string') {
    return (first as { version: string }).version;
  }
  return undefined;
}
