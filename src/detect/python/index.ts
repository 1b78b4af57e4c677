import type { Fact } from '../evidence.js';
import type { ProjectFs } from '../fs.js';
import { DockgenError } from '../../errors.js';
import { detectNode, type NodeFacts } from '../node/index.js';
import { readGunicornBinds, type GunicornBind } from './gunicorn.js';
import { detectPythonManager, type PythonManagerFacts } from './manager.js';
import { nativeNeeds, type NativeNeeds } from './native.js';
import { readPyProject } from './pyproject.js';
import type { Requirement } from './requirement.js';
import { detectPythonStart, type PythonAppFacts } from './start.js';
import { detectToolPin } from './tool-pins.js';
import { detectPythonVersionSpecs } from './version.js';

export interface PythonFacts extends PythonAppFacts {
  stack: 'python';
  name?: string;
  manager: Fact<PythonManagerFacts>;
  dependencies: Requirement[];
  /** The declared version specification with the highest priority; resolved to an exact release by the plan. */
  pythonVersionSpec?: Fact<string>;
  /** The other declarations, in priority order: the release chosen must satisfy them too. */
  pythonVersionConstraints: Array<Fact<string>>;
  /** The dependency manager's version the project asks for (a version or a PEP 440 range). */
  toolPin?: Fact<string>;
  native: NativeNeeds;
  /** pyproject.toml declares a build system: the project can be installed as a package. */
  buildable: boolean;
  /** Packages live under src/: the app imports them from there. */
  srcLayout: boolean;
  /** A package.json with a "build" script at the root: front-end assets built with Node.js
   *  (webpack, Vite, Tailwind …) that the app serves or collectstatic gathers. */
  assets?: NodeFacts;
  /** `bind` in gunicorn config files (gunicorn.conf.py, or the start command's -c file), by file. */
  gunicornBinds: Record<string, Fact<GunicornBind>>;
  warnings: string[];
}

/** Files whose presence marks a Python project (a lone script counts only without other markers). */
export const PYTHON_MANIFESTS = ['pyproject.toml', 'requirements.txt', 'Pipfile', 'Pipfile.lock', 'setup.py', 'setup.cfg', 'uv.lock', 'poetry.lock', 'pdm.lock'];
export const PYTHON_SCRIPTS = ['main.py', 'app.py', 'server.py', 'manage.py'];

export function hasPythonManifest(fs: ProjectFs): boolean {
  return PYTHON_MANIFESTS.some((file) => fs.isFile(file)) || fs.isFile('requirements/base.txt') || fs.isFile('requirements/production.txt');
}

export function detectPython(fs: ProjectFs): PythonFacts {
  const warnings: string[] = [];
  const pyproject = readPyProject(fs);
  const { manager, dependencies } = detectPythonManager(fs, pyproject);
  const conda = ['environment.yml', 'environment.yaml'].find((file) => fs.isFile(file));
  if (conda && manager.value.manifests.length === 0 && manager.value.source === undefined) {
    // A conda environment names conda packages, not PyPI ones: an image that ran the app without
    // them could not start.
    throw new DockgenError(
      `${conda} is a conda environment, and the project has no pip manifest (requirements.txt, pyproject.toml, Pipfile, setup.py): dockgen builds on the official python images with pip, so the image would lack the dependencies.`,
      'Add a requirements.txt with the PyPI equivalents of its dependencies (e.g. `pip freeze` in the environment), then run dockgen again.',
    );
  }
  const manifest = manager.value.requirementsFile
    ?? (manager.value.name === 'pipenv' ? 'Pipfile' : manager.value.source === 'setup' ? manager.evidence.source : 'pyproject.toml');
  const app = detectPythonStart(fs, dependencies, pyproject, warnings);
  const facts: PythonFacts = {
    stack: 'python',
    ...app,
    manager,
    dependencies,
    native: nativeNeeds(dependencies),
    buildable: pyproject?.buildable ?? false,
    gunicornBinds: readGunicornBinds(fs, app.start?.value.argv),
    pythonVersionConstraints: [],
    srcLayout: fs.isDirectory('src') && !fs.isFile('src/__init__.py') && fs.list('src').some((name) => fs.isFile(`src/${name}/__init__.py`)),
    warnings,
  };
  if (pyproject?.name !== undefined) facts.name = pyproject.name;
  const assets = frontEndAssets(fs, warnings);
  if (assets) facts.assets = assets;
  const [spec, ...constraints] = detectPythonVersionSpecs(fs, pyproject, warnings);
  if (spec) facts.pythonVersionSpec = spec;
  facts.pythonVersionConstraints = constraints;
  const toolPin = detectToolPin(fs, manager.value.name, pyproject);
  if (toolPin) facts.toolPin = toolPin;
  if (manager.value.credentials) {
    warnings.push(
      `${manager.value.credentials.join(', ')}: the index URL carries credentials, and the requirements files are copied into the image (R16). ` +
        'Take them out of the file: pip reads them from PIP_INDEX_URL / PIP_EXTRA_INDEX_URL or ~/.netrc, which a build secret can provide (RUN --mount=type=secret).',
    );
  }
  // Poetry with nothing to install (no dependencies, package-mode = false) resolves nothing either.
  const nothingToResolve = manager.value.name === 'poetry' && dependencies.length === 0 && pyproject?.poetry?.packageMode === false;
  if (!manager.value.reproducible && !nothingToResolve) {
    warnings.push(
      manager.value.source === 'setup'
        ? `The dependencies are computed by ${manifest} at install time and there is no lockfile: builds are not reproducible (R9). A pinned requirements.txt or a lockfile fixes that.`
        : manager.value.name === 'poetry'
        ? 'No poetry.lock: the install resolves versions at build time, so builds are not reproducible (R9). Run `poetry lock` and commit poetry.lock.'
        : manager.value.name === 'pipenv'
        ? 'No Pipfile.lock: the build runs `pipenv lock`, so versions are chosen at build time and builds are not reproducible (R9). Run `pipenv lock` and commit Pipfile.lock.'
        : `Some requirements in ${manifest} are not pinned to one version (==) and there is no lockfile: builds are not reproducible (R9). Pin them (pip-compile or uv pip compile) or commit a lockfile.`,
    );
  }
  return facts;
}

/** The Node.js side of a Python web app: only when package.json has a "build" script. */
function frontEndAssets(fs: ProjectFs, warnings: string[]): NodeFacts | undefined {
  if (!fs.isFile('package.json')) return undefined;
  try {
    const node = detectNode(fs);
    return node.build ? node : undefined;
  } catch (error) {
    if (!(error instanceof DockgenError)) throw error;
    warnings.push(`package.json could not be read (${error.message}), so its front-end build is not part of the image.`);
    return undefined;
  }
}
