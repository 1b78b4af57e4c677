import type { ProjectFs } from '../fs.js';
import { parseToml } from '../tool-versions.js';
import { parseRequirement, poetryRequirement, type Requirement } from './requirement.js';

/** The parts of pyproject.toml that decide how to build and start a project. */
export interface PyProject {
  name?: string;
  requiresPython?: string;
  /** `[project.dependencies]`, or Poetry's main dependencies. */
  dependencies: Requirement[];
  /** `[project.scripts]` and `[tool.poetry.scripts]`: console command → `module:function`. */
  scripts: Record<string, string>;
  /** A `[build-system]` table: the project itself can be installed as a package. */
  buildable: boolean;
  /** `dynamic = ["dependencies"]`: the build backend computes them (setup.py, a plugin), so only
   *  installing the project from its source reveals them. */
  dynamicDependencies: boolean;
  poetry?: { python?: string; packageMode: boolean };
  hasUv: boolean;
  hasPdm: boolean;
}

type Table = Record<string, unknown>;

const table = (value: unknown): Table =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Table) : {};

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);

export function readPyProject(fs: ProjectFs): PyProject | undefined {
  const text = fs.readText('pyproject.toml');
  if (text === undefined) return undefined;
  const data = parseToml(text, 'pyproject.toml');
  const project = table(data['project']);
  const tool = table(data['tool']);
  const poetry = 'poetry' in tool ? table(tool['poetry']) : undefined;

  const dependencies = strings(project['dependencies']).map(parseRequirement).filter((r): r is Requirement => r !== undefined);
  const scripts = entryPoints(project['scripts']);
  const result: PyProject = {
    dependencies,
    scripts,
    buildable: 'build-system' in data,
    dynamicDependencies: strings(project['dynamic']).includes('dependencies'),
    hasUv: 'uv' in tool,
    hasPdm: 'pdm' in tool,
  };
  const name = typeof project['name'] === 'string' ? project['name'] : typeof poetry?.['name'] === 'string' ? poetry['name'] : undefined;
  if (name !== undefined) result.name = name;
  if (typeof project['requires-python'] === 'string') result.requiresPython = project['requires-python'];
  if (poetry) {
    const poetryDeps = table(poetry['dependencies']);
    for (const [depName, value] of Object.entries(poetryDeps)) {
      if (depName.toLowerCase() !== 'python') dependencies.push(poetryRequirement(depName, value));
    }
    for (const [script, target] of Object.entries(entryPoints(poetry['scripts']))) scripts[script] ??= target;
    result.poetry = { packageMode: poetry['package-mode'] !== false };
    if (typeof poetryDeps['python'] === 'string') result.poetry.python = poetryDeps['python'];
  }
  return result;
}

/** Console scripts as name → `module:function` (Poetry also allows `{ reference = … }` tables). */
function entryPoints(value: unknown): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, target] of Object.entries(table(value))) {
    const reference = typeof target === 'string' ? target : table(target)['reference'];
    if (typeof reference === 'string') result[name] = reference;
  }
  return result;
}
