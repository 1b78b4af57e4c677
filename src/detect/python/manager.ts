import { DockgenError } from '../../errors.js';
import { fact, type Fact } from '../evidence.js';
import { projectPath, type ProjectFs } from '../fs.js';
import { parseToml } from '../tool-versions.js';
import type { PyProject } from './pyproject.js';
import { normaliseName, poetryRequirement, type Requirement } from './requirement.js';
import { readRequirements } from './requirements.js';
import { findWheelhouse, type Wheelhouse } from './wheelhouse.js';

export const PYTHON_MANAGERS = ['uv', 'poetry', 'pipenv', 'pdm', 'pip'] as const;
export type PythonManagerName = (typeof PYTHON_MANAGERS)[number];

export interface PythonManagerFacts {
  name: PythonManagerName;
  /** The lockfile the install follows, when there is one. */
  lockfile?: string;
  /** Files copied before the install, in order (manifests, lockfile, included requirement files). */
  manifests: string[];
  /** pip only: the requirements file to install from. */
  requirementsFile?: string;
  /** pip only: how the install reads pyproject.toml / setup.py when there is no requirements file. */
  source?: 'requirements' | 'pyproject' | 'setup';
  /** Local paths the install needs, project-relative (`-e .` is ''): the source must be there before installing. */
  localPaths: string[];
  /** Every declared requirement is pinned, or a lockfile pins them (R9). */
  reproducible: boolean;
  /** `--hash` lines in the requirements. */
  hashes: boolean;
  /** Requirement lines with credentials in an index URL (they end up in the image). */
  credentials?: string[];
  /** pip only: a folder of vendored wheels the requirements are installed from. */
  wheelhouse?: Wheelhouse;
}

export interface PythonDependencies {
  manager: Fact<PythonManagerFacts>;
  /** Direct dependencies of the app (no dev groups). */
  dependencies: Requirement[];
}

/** Requirement files for production, most specific first; development ones are never used. */
const REQUIREMENT_FILES = [
  'requirements.txt', 'requirements/production.txt', 'requirements/prod.txt', 'requirements-prod.txt',
  'requirements/base.txt', 'requirements/main.txt', 'requirements.lock',
];

/**
 * Which tool installs the dependencies, by the lockfile that pins them: uv.lock > poetry.lock >
 * Pipfile.lock > pdm.lock > a requirements file > pyproject.toml > setup.py/setup.cfg. A lockfile
 * wins over a requirements file because that is usually exported from it for other tools.
 */
export function detectPythonManager(fs: ProjectFs, pyproject: PyProject | undefined): PythonDependencies {
  const pyDeps = pyproject?.dependencies ?? [];
  const withPyproject = (files: string[]) => (pyproject ? ['pyproject.toml', ...files] : files);
  if (fs.isFile('uv.lock')) {
    return withLocalSources(locked('uv', 'uv.lock', withPyproject(['uv.lock']), pyDeps), pyproject?.localSources ?? []);
  }
  if (fs.isFile('poetry.lock') || pyproject?.poetry) {
    const lockfile = fs.isFile('poetry.lock') ? 'poetry.lock' : undefined;
    const manifests = withPyproject(lockfile ? [lockfile] : []);
    if (fs.isFile('poetry.toml')) manifests.push('poetry.toml');
    const facts: PythonManagerFacts = { name: 'poetry', manifests, localPaths: [], reproducible: lockfile !== undefined, hashes: false };
    if (lockfile) facts.lockfile = lockfile;
    return withLocalSources({ manager: fact(facts, lockfile ?? 'pyproject.toml', lockfile ? undefined : '[tool.poetry]'), dependencies: pyDeps }, pyproject?.localSources ?? []);
  }
  if (fs.isFile('Pipfile') || fs.isFile('Pipfile.lock')) {
    if (!fs.isFile('Pipfile')) throw new DockgenError('The project has a Pipfile.lock without its Pipfile: pipenv cannot install from it.', 'Commit the Pipfile next to Pipfile.lock.');
    if (!fs.isFile('Pipfile.lock')) {
      // No lock: the build locks (a warning says the versions are chosen then, R9), as a careful
      // engineer would rather than refuse an app whose dependencies the Pipfile names.
      const facts: PythonManagerFacts = { name: 'pipenv', manifests: ['Pipfile'], localPaths: [], reproducible: false, hashes: false };
      return withLocalSources({ manager: fact(facts, 'Pipfile', undefined, 'no Pipfile.lock'), dependencies: pipfileDependencies(fs) }, pipfileLocalSources(fs));
    }
    return withLocalSources(locked('pipenv', 'Pipfile.lock', ['Pipfile', 'Pipfile.lock'], pipfileDependencies(fs)), pipfileLocalSources(fs));
  }
  if (fs.isFile('pdm.lock')) {
    return locked('pdm', 'pdm.lock', withPyproject(['pdm.lock']), pyDeps);
  }
  const requirementsFile = REQUIREMENT_FILES.find((file) => fs.isFile(file));
  if (requirementsFile) {
    const parsed = readRequirements(fs, requirementsFile);
    // `-e .` or `.` installs the project itself: its own dependencies are the app's too.
    const installsProject = parsed.localPaths.includes('');
    const dependencies = installsProject ? [...parsed.requirements, ...pyDeps.filter((d) => !parsed.requirements.some((r) => r.name === d.name))] : parsed.requirements;
    const facts: PythonManagerFacts = {
      name: 'pip',
      manifests: parsed.files,
      requirementsFile,
      source: 'requirements',
      localPaths: parsed.localPaths,
      reproducible: parsed.requirements.every((r) => r.pinned),
      hashes: parsed.hashes,
    };
    if (parsed.credentials.length > 0) facts.credentials = parsed.credentials;
    withWheelhouse(fs, facts, dependencies);
    return { manager: fact(facts, requirementsFile), dependencies };
  }
  if (pyproject && !pyproject.dynamicDependencies) {
    const facts: PythonManagerFacts = {
      name: 'pip', manifests: ['pyproject.toml'], source: 'pyproject', localPaths: [],
      reproducible: pyDeps.every((r) => r.pinned), hashes: false,
    };
    withWheelhouse(fs, facts, pyDeps);
    return { manager: fact(facts, 'pyproject.toml', '[project.dependencies]'), dependencies: pyDeps };
  }
  const setup = ['setup.py', 'setup.cfg', ...(pyproject?.dynamicDependencies ? ['pyproject.toml'] : [])].find((file) => fs.isFile(file));
  const facts: PythonManagerFacts = {
    name: 'pip', manifests: [], localPaths: setup ? [''] : [], reproducible: setup === undefined, hashes: false,
  };
  if (setup) facts.source = 'setup';
  return { manager: fact(facts, setup ?? 'default', undefined, setup ? undefined : 'no dependency manifest'), dependencies: [] };
}

/** Vendored wheels: the folder is copied before the install (R5) and pip reads from it. */
function withWheelhouse(fs: ProjectFs, facts: PythonManagerFacts, dependencies: Requirement[]): void {
  const wheelhouse = findWheelhouse(fs, dependencies);
  if (!wheelhouse) return;
  facts.wheelhouse = wheelhouse;
  facts.localPaths.push(wheelhouse.folder);
}

function locked(name: PythonManagerName, lockfile: string, manifests: string[], dependencies: Requirement[]): PythonDependencies {
  const facts: PythonManagerFacts = { name, lockfile, manifests, localPaths: [], reproducible: true, hashes: false };
  return { manager: fact(facts, lockfile), dependencies };
}

/**
 * Dependencies installed from folders of the project (uv/Poetry path sources, Pipfile `file =`): the
 * folders are copied with the manifests, before the install (R5); the project itself (`.`) means
 * the install needs the whole source (localPaths '').
 */
function withLocalSources(result: PythonDependencies, sources: string[]): PythonDependencies {
  const paths = sources.filter((source) => !/^[a-z+]+:/.test(source)).map((source) => projectPath(source));
  for (const path of new Set(paths)) if (!result.manager.value.localPaths.includes(path)) result.manager.value.localPaths.push(path);
  return result;
}

/** Pipfile `[packages]` entries installed from a local folder: `{ file = "packages/x" }` / `{ path = … }`. */
function pipfileLocalSources(fs: ProjectFs): string[] {
  const text = fs.readText('Pipfile');
  const packages = text === undefined ? undefined : parseToml(text, 'Pipfile')['packages'];
  if (typeof packages !== 'object' || packages === null) return [];
  return Object.values(packages as Record<string, unknown>).flatMap((value) => {
    const entry = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
    const path = entry['path'] ?? entry['file'];
    return typeof path === 'string' ? [path] : [];
  });
}

/** Pipfile is TOML: `[packages]` holds the app's dependencies (`[dev-packages]` the others). */
function pipfileDependencies(fs: ProjectFs): Requirement[] {
  const text = fs.readText('Pipfile');
  if (text === undefined) return [];
  const packages = parseToml(text, 'Pipfile')['packages'];
  if (typeof packages !== 'object' || packages === null) return [];
  return Object.entries(packages as Record<string, unknown>).map(([name, value]) =>
    poetryRequirement(normaliseName(name), value === '*' ? undefined : value),
  );
}
