import type * as SmolToml from 'smol-toml';
import { DockgenError } from '../errors.js';
import { lazyRequire } from '../lazy-require.js';
import { fact, type Fact } from './evidence.js';
import type { ProjectFs } from './fs.js';

/**
 * Version managers' files that name a runtime version for several tools at once: asdf's
 * .tool-versions and mise's mise.toml. `names` are the tool's names there (`nodejs`/`node`, `python`).
 */
export function toolVersionsSpec(fs: ProjectFs, names: string[]): Fact<string> | undefined {
  const toolVersions = fs.readText('.tool-versions');
  if (toolVersions !== undefined) {
    for (const [index, line] of toolVersions.split('\n').entries()) {
      const [tool, version] = line.replace(/#.*/, '').trim().split(/\s+/);
      if (tool && names.includes(tool) && version) return fact(version, '.tool-versions', `line ${index + 1}`, version);
    }
  }
  for (const file of ['mise.toml', '.mise.toml']) {
    const text = fs.readText(file);
    if (text === undefined) continue;
    const found = miseVersion(parseToml(text, file), names);
    if (found !== undefined) return fact(found.version, file, `[tools] ${found.name}`, found.version);
  }
  return undefined;
}

/** The first non-empty, non-comment line of a one-value file such as .nvmrc or .python-version. */
export function firstMeaningfulLine(text: string): string | undefined {
  for (const line of text.split('\n')) {
    const value = line.replace(/#.*/, '').trim();
    if (value) return value;
  }
  return undefined;
}

/** Parses TOML, turning a syntax error into one that names the file. */
export function parseToml(text: string, file: string): Record<string, unknown> {
  try {
    const { parse } = lazyRequire('smol-toml') as typeof SmolToml;
    return parse(text) as Record<string, unknown>;
  } catch (error) {
    throw new DockgenError(`${file} is not valid TOML: ${(error as Error).message.split('\n')[0]}`, `Fix ${file}.`);
  }
}

/** mise accepts `node = "22"`, `node = ["22", "20"]` (first wins) and `node = { version = "22" }`. */
function miseVersion(data: Record<string, unknown>, names: string[]): { name: string; version: string } | undefined {
  const tools = data['tools'];
  if (typeof tools !== 'object' || tools === null) return undefined;
  for (const name of names) {
    const entry = (tools as Record<string, unknown>)[name];
    const first = Array.isArray(entry) ? entry[0] : entry;
    if (typeof first === 'string') return { name, version: first };
    if (typeof first === 'object' && first !== null && typeof (first as { version?: unknown }).version === 'string') {
      return { name, version: (first as { version: string }).version };
    }
  }
  return undefined;
}
