import { DockgenError } from '../../errors.js';
import { fact, type Fact } from '../evidence.js';
import type { ProjectFs } from '../fs.js';
import { firstMeaningfulLine, toolVersionsSpec } from '../tool-versions.js';
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
  const tool = toolVersionsSpec(fs, ['nodejs', 'node']);
  if (tool) return tool;
  const engines = pkg.engines['node'];
  if (engines !== undefined && engines.trim() !== '') {
    return fact(engines.trim(), 'package.json', 'engines.node', engines);
  }
  return undefined;
}
