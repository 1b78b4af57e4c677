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
  /** A `[build-system]` table (and not Poetry's `package-mode = false`): the project itself can be
   *  installed as a package. */
  buildable: boolean;
  /** `dynamic = ["dependencies"]`: the build backend computes them (setup.py, a plugin), so only
   *  installing the project from its source reveals them. */
  dynamicDependencies: boolean;
  poetry?: { python?: string; packageMode: boolean };
  hasUv: boolean;
  hasPdm: boolean;
  /** Versions of the dependency manager the project asks for: `[tool.uv] required-version`,
   *  `[tool.poetry] requires-poetry`, and `poetry-core<2` in `[build-system]` (a Poetry 1 project). */
  toolPins: { uv?: { spec: string; field: string }; poetry?: { spec: string; field: string } };
  /** Local folders dependencies are installed from (`[tool.uv.sources]` / Poetry `{ path = … }`),
   *  as written: the install needs them before the source is copied. */
  localSources: string[];
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
    toolPins: {},
    localSources: Object.values(table(tool['uv'])['sources'] ?? {}).map((source) => table(source)['path']).filter((path): path is string => typeof path === 'string'),
  };
  const uvRequired = table(tool['uv'])['required-version'];
  if (typeof uvRequired === 'string') result.toolPins.uv = { spec: uvRequired, field: 'tool.uv.required-version' };
  const poetryRequired = poetry?.['requires-poetry'];
  const core = strings(table(data['build-system'])['requires']).find((r) => /^poetry-core\b/.test(r.trim()));
  if (typeof poetryRequired === 'string') result.toolPins.poetry = { spec: poetryRequired, field: 'tool.poetry.requires-poetry' };
  else if (core && /<\s*2(\.0)*\s*(,|$)/.test(core.replace(/^poetry-core/, ''))) result.toolPins.poetry = { spec: '<2', field: `build-system.requires ${core}` };
  const name = typeof project['name'] === 'string' ? project['name'] : typeof poetry?.['name'] === 'string' ? poetry['name'] : undefined;
  if (name !== undefined) result.name = name;
  if (typeof project['requires-python'] === 'string') result.requiresPython = project['requires-python'];
  if (poetry) {
    const poetryDeps = table(poetry['dependencies']);
    for (const [depName, value] of Object.entries(poetryDeps)) {
      if (depName.toLowerCase() !== 'python') dependencies.push(poetryRequirement(depName, value));
      if (typeof table(value)['path'] === 'string') result.localSources.push(table(value)['path'] as string);
    }
    for (const [script, target] of Object.entries(entryPoints(poetry['scripts']))) scripts[script] ??= target;
    result.poetry = { packageMode: poetry['package-mode'] !== false };
    // Poetry installs only the dependencies of a project in non-package mode, whatever its build system.
    if (!result.poetry.packageMode) result.buildable = false;
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
