import type { PythonFacts } from '../detect/python/index.js';
import { PYTHON_TOOL_VERSIONS, serverVersion } from '../versions/python-tools.js';
import type { PlanArg, RunStep } from './types.js';

/** The virtualenv that ships: the build stage fills it, the final stage copies it (R10). */
export const VENV = '/opt/venv';
/** The dependency manager's own virtualenv: build stage only (R13). */
const TOOLS = '/opt/tools';

export interface PythonInstall {
  /** ARG + install for a pinned dependency manager, when it is not pip. */
  tool?: { arg: PlanArg; run: RunStep };
  env: Array<[string, string]>;
  /** Creates the venv, when the manager does not. */
  venv?: RunStep;
  /** Installs the dependencies from the manifests alone (R5); absent when there is nothing to install. */
  dependencies?: RunStep;
  /** Runs after the source is copied: installs the project itself, or everything when the install
   *  needs the source (setup.py, `-e .`). */
  afterSource?: RunStep;
  /** A production server the dependencies lack, pinned, installed before the source (R5). */
  server?: { arg: PlanArg; run: RunStep };
  /** Compiles the venv's byte-code when the installer does not (R22). */
  compileVenv: boolean;
  notes: string[];
}

const pipCache = '--mount=type=cache,target=/root/.cache/pip';

/** A dependency manager's version: dockgen's default, or what the project pins (exact, or a range pip resolves). */
export interface ToolVersion {
  value: string;
  comment: string;
  /** A PEP 440 range rather than one version: installed as `name<range>`. */
  range: boolean;
}

/** How each manager installs locked production dependencies into /opt/venv, then the project;
 *  and the production server the app lacks, when it lacks one. */
export function planPythonInstall(facts: PythonFacts, installProject: boolean, pythonMinor: number, toolVersion?: ToolVersion): PythonInstall {
  const install = planManagerInstall(facts, installProject, pythonMinor, toolVersion);
  const manager = facts.manager.value;
  if (manager.name !== 'pip' && manager.localPaths.includes('') && install.dependencies) {
    // A dependency installed from the project folder itself (Pipfile `{file = "."}`): it needs the source.
    install.notes.push(`The lock installs the project folder itself (a "." source), which needs the source: the install runs after COPY . . (R5 cannot hold).`);
    install.afterSource = install.afterSource
      ? { parts: [...install.dependencies.parts, `&& ${install.afterSource.parts.filter((part) => !part.startsWith('--mount')).join(' ')}`] }
      : install.dependencies;
    delete install.dependencies;
  }
  const server = facts.start?.value.installs;
  if (server) {
    const arg = `${server.toUpperCase()}_VERSION`;
    const version = serverVersion(server, pythonMinor);
    const requirement = `"${server}==\${${arg}}"`;
    install.server = {
      arg: { name: arg, value: version, comment: `${server} ${version}: dockgen's pin, installed because the app's dependencies have no production server` },
      // uv makes virtualenvs without pip: its own installer fills /opt/venv.
      run: facts.manager.value.name === 'uv'
        ? { parts: ['--mount=type=cache,target=/root/.cache/uv', `${TOOLS}/bin/uv pip install --python ${VENV}/bin/python ${requirement}`] }
        : { parts: [pipCache, `pip install ${requirement}`] },
    };
    // `uv sync` removes packages the lock does not list, the server among them, unless told not to.
    if (facts.manager.value.name === 'uv' && install.afterSource) {
      install.afterSource = { parts: install.afterSource.parts.map((part) => part.replace('--no-editable', '--no-editable --inexact')) };
    }
  }
  return install;
}

function planManagerInstall(facts: PythonFacts, installProject: boolean, pythonMinor: number, toolVersion?: ToolVersion): PythonInstall {
  const manager = facts.manager.value;
  const venv: RunStep = { parts: [`python -m venv ${VENV}`] };
  const env: Array<[string, string]> = [['VIRTUAL_ENV', VENV], ['PATH', `${VENV}/bin:$PATH`], ['PIP_DISABLE_PIP_VERSION_CHECK', '1']];
  const notes: string[] = [];
  if (manager.name !== 'pip' && facts.dependencies.length === 0 && !installProject && manager.localPaths.length === 0 && !facts.start?.value.installs) {
    // Installing Poetry (or uv, Pipenv, PDM) from the index to install nothing would only add a
    // download that can fail (offline builds, a mirror without it) and minutes to a cold build.
    notes.push(`${manager.manifests[0] ?? 'The manifest'} declares no dependencies and the project itself is not installed: nothing to install, so ${manager.name} is not installed either.`);
    return { env, venv, compileVenv: false, notes };
  }
  switch (manager.name) {
    case 'uv': {
      env.push(['UV_PROJECT_ENVIRONMENT', VENV], ['UV_COMPILE_BYTECODE', '1'], ['UV_LINK_MODE', 'copy'], ['UV_PYTHON_DOWNLOADS', 'never']);
      const sync = `${TOOLS}/bin/uv sync --frozen --no-dev`;
      const cache = '--mount=type=cache,target=/root/.cache/uv';
      const install: PythonInstall = {
        tool: tool('uv', toolVersion), env, compileVenv: false, notes,
        dependencies: { parts: [cache, `${sync} --no-install-project`] },
      };
      if (installProject) install.afterSource = { parts: [cache, `${sync} --no-editable`] };
      return install;
    }
    case 'poetry': {
      env.push(['POETRY_VIRTUALENVS_CREATE', 'false'], ['POETRY_NO_INTERACTION', '1']);
      const cache = '--mount=type=cache,target=/root/.cache/pypoetry';
      if (!manager.lockfile) notes.push('No poetry.lock: versions are resolved at build time, so builds are not reproducible (R9).');
      const install: PythonInstall = {
        tool: tool('poetry', toolVersion), env, venv, compileVenv: true, notes,
        dependencies: { parts: [cache, `${TOOLS}/bin/poetry install --only main --no-root`] },
      };
      if (installProject) install.afterSource = { parts: [cache, `${TOOLS}/bin/poetry install --only main --only-root`] };
      return install;
    }
    case 'pipenv':
    case 'pdm': {
      // Both export the lock (with hashes) for pip, which installs it into the venv as is.
      // `pipenv requirements` writes the Pipfile's source as `-i`, which would override a mirror passed
      // as PIP_INDEX_URL: the PyPI line gives way to it (as `pipenv --pypi-mirror` does); other sources
      // stay. Not a pipe: sh has no pipefail, and a failed export must fail the build.
      // Without Pipfile.lock, pipenv locks first (from the mirror when PIP_INDEX_URL names one).
      const lockFirst = manager.name === 'pipenv' && !manager.lockfile
        ? [`env -u PIPENV_VERSION \${PIP_INDEX_URL:+PIPENV_PYPI_MIRROR="$PIP_INDEX_URL"} ${TOOLS}/bin/pipenv lock`]
        : [];
      const exportLock = manager.name === 'pipenv'
        ? [...lockFirst, `${lockFirst.length > 0 ? '&& ' : ''}env -u PIPENV_VERSION ${TOOLS}/bin/pipenv requirements --hash > /tmp/requirements.txt`, `&& sed -i "s#^-i https://pypi.org/simple/*\\$#-i \${PIP_INDEX_URL:-https://pypi.org/simple}#" /tmp/requirements.txt`]
        : [`${TOOLS}/bin/pdm export --prod --format requirements --output /tmp/requirements.txt`];
      const dependencies: RunStep = { parts: [pipCache, ...exportLock, '&& pip install --no-deps -r /tmp/requirements.txt'] };
      if (manager.name === 'pipenv') {
        // Found building on an engine: this stage inherits the tools stage's ARG, and pipenv reads every
        // PIPENV_* variable as an option, so PIPENV_VERSION=2024.0.1 became `--version 2024.0.1` (exit 2).
        dependencies.comments = [
          'PIPENV_VERSION (the ARG above) would reach pipenv as its --version option: unset for the export.',
          'A mirror passed as PIP_INDEX_URL replaces the lock\'s PyPI source (pipenv writes it as -i).',
        ];
      }
      const install: PythonInstall = { tool: tool(manager.name, toolVersion), env, venv, compileVenv: false, notes, dependencies };
      if (installProject) install.afterSource = { parts: [pipCache, 'pip install --no-deps .'] };
      return install;
    }
    case 'pip':
      return planPip(facts, installProject, pythonMinor, { env, venv, notes });
  }
}

function planPip(facts: PythonFacts, installProject: boolean, pythonMinor: number, base: Pick<PythonInstall, 'env' | 'venv' | 'notes'>): PythonInstall {
  const manager = facts.manager.value;
  const install: PythonInstall = { ...base, compileVenv: false };
  const notes = base.notes;
  if (!manager.reproducible) {
    notes.push(`Not every requirement is pinned and there is no lockfile: builds may differ over time (R9).`);
  }
  if (manager.source === 'requirements') {
    const command = `pip install${findLinks(facts)} -r ${manager.requirementsFile}`;
    if (manager.localPaths.includes('')) {
      notes.push(`${manager.requirementsFile} installs the project itself (-e . or .), which needs the source: the install runs after COPY . . (R5 cannot hold).`);
      install.afterSource = { parts: [pipCache, command] };
    } else {
      install.dependencies = { parts: [pipCache, command] };
    }
    if (manager.hashes) notes.push(`${manager.requirementsFile} has --hash lines: pip verifies every download.`);
    return install;
  }
  if (manager.source === 'pyproject') {
    if (facts.dependencies.length > 0) {
      // Only pyproject.toml is here: read its dependency list with the standard library's TOML
      // parser (before 3.11, the copy pip vendors), so a source edit does not re-run this step (R5).
      // Never `pip install .` for a project without a build system: pip would fetch setuptools to
      // build it, and there is nothing to build.
      const toml = pythonMinor >= 11 ? 'import tomllib' : 'from pip._vendor import tomli as tomllib';
      const read = `python -c "${toml}; print('\\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project'].get('dependencies', [])))" > /tmp/requirements.txt`;
      install.dependencies = { parts: [pipCache, read, `&& pip install${findLinks(facts)} -r /tmp/requirements.txt`] };
    }
    if (installProject) install.afterSource = { parts: [pipCache, 'pip install --no-deps .'] };
    return install;
  }
  if (manager.source === 'setup') {
    notes.push(`The dependencies are declared in setup.py/setup.cfg, which needs the source to install: the install runs after COPY . . (R5 cannot hold). A requirements.txt or lockfile would keep it cached.`);
    install.afterSource = { parts: [pipCache, 'pip install .'] };
    return install;
  }
  // No manifest at all: a standard-library app; the venv stays empty but keeps the layout uniform.
  return install;
}

/** Vendored wheels: pip reads them from their folder, and needs no index when they are all there. */
function findLinks(facts: PythonFacts): string {
  const wheelhouse = facts.manager.value.wheelhouse;
  if (!wheelhouse) return '';
  return `${wheelhouse.complete ? ' --no-index' : ''} --find-links ${wheelhouse.folder}`;
}

function tool(name: keyof typeof PYTHON_TOOL_VERSIONS, version?: ToolVersion): { arg: PlanArg; run: RunStep } {
  const arg = `${name.toUpperCase()}_VERSION`;
  const value = version?.value ?? PYTHON_TOOL_VERSIONS[name];
  const comment = version?.comment ?? `${name} ${value}: dockgen's pinned default; the build uses it, the image does not ship it`;
  const requirement = version?.range ? `"${name}\${${arg}}"` : `"${name}==\${${arg}}"`;
  return {
    arg: { name: arg, value, comment },
    run: { parts: [pipCache, `python -m venv ${TOOLS}`, `&& ${TOOLS}/bin/pip install ${requirement}`] },
  };
}
