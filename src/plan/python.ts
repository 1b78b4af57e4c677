import { describeEvidence, fact, type Evidence, type Fact } from '../detect/evidence.js';
import type { NodeFacts } from '../detect/node/index.js';
import { gunicornConfigFile } from '../detect/python/gunicorn.js';
import type { PythonFacts } from '../detect/python/index.js';
import { portInArgs, type PythonStart } from '../detect/python/start.js';
import { MissingValueError } from '../errors.js';
import type { GenerateOptions } from '../options.js';
import { DEFAULT_PYTHON_MINOR, PYTHON_TABLE_CHECKED, pythonDebian } from '../versions/python.js';
import { defaultPythonVersion, resolvePythonDeclarations, resolvePythonVersion } from '../versions/resolve-python.js';
import { planHeader } from './header.js';
import { planNodeBuildStage } from './node-build-stage.js';
import { PYTHON_INDEX_LIMITS, packageIndex, withNetrc } from './package-index.js';
import { pythonIgnore } from './ignore.js';
import { VENV, planPythonInstall } from './python-install.js';
import { planRunTimePort } from './python-port.js';
import { howToAdd, toolVersion } from './python-tool-version.js';
import { commentText, safePath } from './safe.js';
import { initChoice, interpreterProcess } from './tini.js';
import { aptInstall, decisionLog } from './steps.js';
import type { CopyStep, PlanContext, PythonPlan } from './types.js';

/** A created user (the python images have none): fixed ids so runAsNonRoot can verify them (R14). */
const APP_UID = 10001;
const DEFAULT_PORTS: Record<string, number> = { django: 8000, fastapi: 8000, starlette: 8000, litestar: 8000, quart: 8000, flask: 5000, dash: 8050 };
/** gunicorn's and uvicorn's own default. */
const SERVER_PORT = 8000;

/** Facts + options → the Python DockerPlan. Pure: reads no files. */
export function planPython(facts: PythonFacts, options: GenerateOptions, context: PlanContext): PythonPlan {
  const warnings = [...facts.warnings];
  const { decisions, decide } = decisionLog();

  const python = choosePythonVersion(facts, options, context.defaults?.pythonVersion);
  warnings.push(...python.warnings);
  decide('Python version', python.version, python.evidence);
  const manager = facts.manager.value;
  decide('dependency manager', manager.name + (manager.lockfile ? ` (${manager.lockfile})` : ''), facts.manager.evidence);
  decide('framework', facts.framework.value, facts.framework.evidence);

  const start = startCommand(facts, options);
  const port = choosePort(facts, options, start.value);
  if (port) decide('port', String(port.value), port.evidence);
  warnings.push(...bindWarnings(facts, start.value, port?.value));
  const served = planRunTimePort(start.value, port?.value, SERVER_PORT);
  const argv = served.argv;
  decide('start command', served.server.join(' ') + (served.notes.length > 0 ? ' (PORT at run time, through python -c)' : ''), start.evidence);

  const installProject = facts.buildable && (start.value.needsProjectInstall || facts.srcLayout);
  const startFacts = { ...facts, start } as PythonFacts;
  const managerVersion = toolVersion(facts);
  const install = planPythonInstall(startFacts, installProject, Number(python.version.split('.')[1]), managerVersion);
  if (managerVersion?.range) {
    warnings.push(`${manager.name} is installed from the range ${managerVersion.value} (${describeEvidence(facts.toolPin!.evidence)}), so the build takes the newest release in it: pin one version (e.g. in .tool-versions) for reproducible builds (R9).`);
  }
  if (install.server) {
    const server = start.value.installs!;
    warnings.push(
      `No production server among the dependencies: the image installs ${server} ${install.server.arg.value} (dockgen's pin, ARG ${install.server.arg.name}) into /opt/venv and serves ${start.value.argv.at(-1)} (${start.evidence.source}) with it, not with a development server. ` +
        `Add ${server} to the project (${howToAdd(facts, server)}) to choose its version yourself.`,
    );
  }
  const steps: PythonPlan['build']['steps'] = [];
  const django = facts.django;
  if (django?.collectStatic && facts.framework.value === 'django') {
    // Settings that read a variable without a default would fail to import: a throwaway value,
    // for this step only (never an ENV in the image, R16).
    const throwaway = django.requiredEnv.filter((name) => /^\w+$/.test(name)).map((name) => `${name}=build-only-placeholder`);
    steps.push({
      comment: 'Static files collected at build time (settings STATIC_ROOT); the image serves them read-only.',
      run: { parts: [[...throwaway, `python ${safePath(django.manage, 'manage.py')} collectstatic --noinput`].join(' ')] },
    });
  }
  const compileTargets = install.compileVenv ? `${VENV} /app` : '/app';
  steps.push({
    comment: 'Byte-code compiled now, so containers start without compiling and need no write access (R22, R15).',
    run: { parts: [`python -m compileall -q ${compileTargets}`] },
  });

  const native = facts.native;
  const server = start.value.server === 'other' ? undefined : start.value.server;
  const pid1 = interpreterProcess(argv, describeEvidence(start.evidence), initChoice(options, context), 'Python', server);
  decide('PID 1', pid1.decision.value, pid1.decision.evidence);
  warnings.push(...pid1.warnings);
  // Debian 12 (the end-of-life lines' images) names the LDAP library by its soname.
  const bookworm = pythonDebian(python.version) === 'bookworm';
  const runtimePackages = [...(pid1.tini ? ['tini'] : []), ...native.runtime.map((p) => (bookworm && p === 'libldap2' ? 'libldap-2.5-0' : p))];
  const uid = context.user?.uid ?? APP_UID;
  const gid = context.user?.gid ?? APP_UID;
  const plan: PythonPlan = {
    stack: 'python',
    header: planHeader(context, 'Python', facts.framework.value === 'none' ? undefined : facts.framework.value, port?.value),
    args: [{ name: 'PY_VERSION', value: python.version, comment: commentText(`Python ${python.version}: ${python.source}`) }],
    image: 'python',
    imageVariant: `slim-${pythonDebian(python.version)}`,
    baseEnv: [['PYTHONDONTWRITEBYTECODE', '1'], ['PYTHONUNBUFFERED', '1'], ['PYTHONFAULTHANDLER', '1']],
    // Nothing installs from the manifests when there is nothing to install: no COPY of them either.
    build: { env: install.env, manifests: install.dependencies || install.afterSource ? manifestCopies(facts) : [], steps },
    runtimeSetup: {
      parts: [
        ...(runtimePackages.length > 0 ? aptInstall(runtimePackages).parts : []),
        `${runtimePackages.length > 0 ? '&& ' : ''}groupadd --system --gid ${gid} app`,
        `&& useradd --system --uid ${uid} --gid app --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin app`,
      ],
    },
    runtimeCopies: [
      { from: 'build', sources: [VENV], dest: VENV },
      { from: 'build', sources: ['/app'], dest: '/app' },
    ],
    user: `${uid}:${gid}`,
    runtimeEnv: runtimeEnv(facts, start.value, served.env, port?.value),
    tini: pid1.tini,
    entrypoint: pid1.entrypoint,
    cmd: pid1.cmd,
    processNotes: [...served.notes.map(commentText), ...pid1.processNotes],
    dockerignore: pythonIgnore(),
    notes: install.notes.map(commentText),
    decisions,
    warnings,
  };
  if (port) plan.port = port.value;
  if (facts.assets) planAssets(plan, facts.assets, options, context, decide);
  if (install.tool) {
    plan.args.push({ ...install.tool.arg, comment: commentText(install.tool.arg.comment) });
    plan.tools = { arg: install.tool.arg.name, run: install.tool.run };
  }
  if (install.server) {
    plan.args.push({ ...install.server.arg, comment: commentText(install.server.arg.comment) });
    plan.build.server = { arg: install.server.arg.name, run: install.server.run };
  }
  if (install.venv) plan.build.venv = install.venv;
  if (install.dependencies) plan.build.dependencies = withNetrc(install.dependencies);
  if (install.afterSource) plan.build.afterSource = withNetrc(install.afterSource);
  if (plan.tools) plan.tools.run = withNetrc(plan.tools.run);
  if (plan.build.server) plan.build.server.run = withNetrc(plan.build.server.run);
  // Only a build that downloads something gets the mirror's argument (a standard-library app does not).
  if (plan.tools || plan.build.dependencies || plan.build.afterSource || plan.build.server) {
    plan.index = packageIndex('python', context.packageIndexes?.python);
    const limits = PYTHON_INDEX_LIMITS[facts.manager.value.name];
    if (limits) plan.index.limits = limits;
  }
  if (native.build.length > 0) {
    plan.build.systemPackages = {
      comment: commentText(`Compilers and headers for ${native.because.join(', ')}, which build from source; they stay in this stage (R10).`),
      run: aptInstall(native.build),
    };
  }
  return plan;
}


/** Python version (R18): --python-version > the project's declaration > the org default > the default line. */
function choosePythonVersion(facts: PythonFacts, options: GenerateOptions, orgDefault?: Fact<string>) {
  if (options.pythonVersion === undefined && facts.pythonVersionSpec) {
    const spec = facts.pythonVersionSpec;
    return { ...resolvePythonDeclarations(spec, facts.pythonVersionConstraints), evidence: spec.evidence, source: `from ${describeEvidence(spec.evidence)}` };
  }
  const spec = options.pythonVersion !== undefined ? fact(options.pythonVersion, '--python-version', undefined, options.pythonVersion) : orgDefault;
  if (spec) return { ...resolvePythonVersion(spec.value, spec.evidence), evidence: spec.evidence, source: `from ${describeEvidence(spec.evidence)}` };
  return {
    version: defaultPythonVersion(),
    warnings: [],
    evidence: { source: 'default', value: `Python ${DEFAULT_PYTHON_MINOR}` },
    source: `dockgen default (version table checked ${PYTHON_TABLE_CHECKED})`,
  };
}

function startCommand(facts: PythonFacts, options: GenerateOptions): Fact<PythonStart> {
  if (options.cmd) {
    const server = options.cmd[0] === 'gunicorn' ? 'gunicorn' : options.cmd[0] === 'uvicorn' ? 'uvicorn' : 'other';
    const start: PythonStart = { argv: options.cmd, server, needsProjectInstall: false };
    const port = portInArgs(options.cmd);
    if (port !== undefined) start.port = port;
    // `python app.py` on the file that holds the Flask/Dash/… app runs its development server on the
    // framework's port (app.run()), as the same command found by detection does.
    const frameworkPort = DEFAULT_PORTS[facts.framework.value];
    if (frameworkPort !== undefined && /^python3?(\.\d+)?$/.test(options.cmd[0]!) && scriptOf(options.cmd) === facts.framework.evidence.source) {
      start.defaultPort = frameworkPort;
    }
    return fact(start, '--cmd', undefined, options.cmd.join(' '));
  }
  if (facts.start) return facts.start;
  throw new MissingValueError(
    facts.startProblem
      ? `Found ${facts.startProblem}.`
      : 'Could not find how to start this app: no Procfile line, no Django/Flask/FastAPI/Dash app, no Streamlit/Gradio/Panel/Chainlit script, no [project.scripts] entry, ' +
        'no main.py/app.py/server.py (or lone .py file at the root) that runs something, and no Celery/RQ/Dramatiq worker.',
    facts.startProblem
      ? 'Fix that and run dockgen again, or pass the start command with --cmd.'
      : 'Pass the start command with --cmd, e.g. --cmd "python -m myservice".',
    '--cmd',
  );
}

/** The .py file `python [options] <file> …` runs (not `-m module` or `-c code`). */
export function scriptOf(argv: readonly string[]): string | undefined {
  for (let i = 1; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '-m' || arg === '-c') return undefined;
    if (arg === '-W' || arg === '-X') i++;
    else if (!arg.startsWith('-')) return arg.replace(/^\.\//, '');
  }
  return undefined;
}

/** Port: --port > the command's own --bind/--port > the framework's default > the code's PORT
 *  fallback; a script that names no port is a worker and gets none. */
function choosePort(facts: PythonFacts, options: GenerateOptions, start: PythonStart): Fact<number> | undefined {
  if (options.port !== undefined) return fact(options.port, '--port', undefined, String(options.port));
  if (start.port !== undefined) return fact(start.port, 'start command', undefined, start.argv.join(' '));
  const bind = configBind(facts, start);
  if (bind) return { value: bind.value.port, evidence: bind.evidence };
  if (start.worker) return undefined;
  if (start.server !== 'other') {
    const frameworkPort = DEFAULT_PORTS[facts.framework.value];
    if (frameworkPort !== undefined) return fact(frameworkPort, 'framework', undefined, `${facts.framework.value} default`);
    return fact(SERVER_PORT, 'default', undefined, `${start.server} default`);
  }
  if (facts.codePort) return facts.codePort;
  if (start.defaultPort !== undefined) return fact(start.defaultPort, 'framework', undefined, `${facts.framework.value} default`);
  if (facts.readsPort) return fact(SERVER_PORT, 'default', undefined, 'the code reads PORT');
  if (start.passesPort) return fact(SERVER_PORT, 'default', undefined, 'the start command passes $PORT on');
  return undefined;
}

/**
 * Front-end assets (package.json "build": webpack, Vite, Tailwind …) are built in a Node.js stage
 * of their own; the app's build stage copies the result over the source, before collectstatic.
 * Node.js and the package manager never reach the final image (R10, R13).
 */
function planAssets(plan: PythonPlan, node: NodeFacts, options: GenerateOptions, context: PlanContext, decide: (topic: string, value: string, evidence: Evidence) => void): void {
  const { install, stage, args, warnings } = planNodeBuildStage(node, options, context, 'front-end build');
  plan.warnings.push(...warnings);
  decide('front-end build', node.build!.value, node.build!.evidence);
  plan.args.push(...args);
  // node_modules stays behind: the app's stage takes only the source and what the build wrote.
  plan.assets = { ...stage, build: { parts: [install.buildCommand, '&& rm -rf node_modules'] } };
}

/** gunicorn's config file `bind`, which outranks PORT (but not a --bind in the command). */
function configBind(facts: PythonFacts, start: PythonStart) {
  if (start.server !== 'gunicorn' || start.port !== undefined) return undefined;
  const file = gunicornConfigFile(start.argv);
  return file === undefined ? undefined : facts.gunicornBinds[file];
}

/** What a gunicorn config file's bind means for the image: an ignored --port, an unreachable server. */
function bindWarnings(facts: PythonFacts, start: PythonStart, port: number | undefined): string[] {
  const bind = configBind(facts, start);
  if (!bind) return [];
  const where = describeEvidence(bind.evidence);
  if (bind.value.loopback) {
    return [`${where}: gunicorn listens on a loopback address, which nothing outside the container can reach. Bind 0.0.0.0:${bind.value.port} instead.`];
  }
  if (port !== undefined && port !== bind.value.port) {
    return [`${where} outranks PORT, so gunicorn listens on ${bind.value.port}, not ${port}. Change the bind, or pass --cmd with --bind 0.0.0.0:${port}.`];
  }
  return [];
}

function runtimeEnv(facts: PythonFacts, start: PythonStart, serverEnv: Array<[string, string]>, port: number | undefined): Array<[string, string]> {
  const env: Array<[string, string]> = [['PATH', `${VENV}/bin:$PATH`]];
  if (facts.srcLayout && !facts.buildable) env.push(['PYTHONPATH', '/app/src']);
  // Django kept in a folder of its own (mysite/manage.py): its modules import from there.
  const codeRoot = facts.framework.value === 'django' ? facts.django?.codeRoot : undefined;
  if (codeRoot) env.push(['PYTHONPATH', `/app/${safePath(codeRoot, 'the Django project folder')}`]);
  env.push(...serverEnv);
  if (port === undefined) return env;
  // The port the image listens on unless the platform sets another (gunicorn binds 0.0.0.0:$PORT
  // by itself; the others get it through the launcher, plan/python-port.ts).
  env.push(['PORT', String(port)]);
  // uvicorn listens on 127.0.0.1, unreachable from outside the container, by default.
  if (start.server === 'uvicorn') env.push(['UVICORN_HOST', '0.0.0.0']);
  return env;
}

/** Manifests and lockfiles in one COPY; folders a requirements file installs from, each on its own. */
function manifestCopies(facts: PythonFacts): CopyStep[] {
  const manager = facts.manager.value;
  const files = manager.manifests.map((file) => safePath(file, 'the project'));
  if (files.length === 0) return [];
  // A multi-source COPY puts every file in the destination folder: nested requirement files keep
  // their folder with a COPY of their own.
  const flat = files.filter((file) => !file.includes('/'));
  const nested = files.filter((file) => file.includes('/'));
  const copies: CopyStep[] = [];
  if (flat.length > 0) copies.push({ sources: flat, dest: './' });
  for (const file of nested) copies.push({ sources: [file], dest: `./${file}` });
  for (const path of manager.localPaths.filter((p) => p !== '')) {
    const clean = safePath(path, 'the requirements file');
    copies.push({ sources: [clean], dest: `./${clean}/` });
  }
  return copies;
}
