import { nodeWritablePaths } from './writable.js';
import { describeEvidence, fact, type Fact } from '../detect/evidence.js';
import type { NodeFacts } from '../detect/node/index.js';
import type { PackageManagerFacts } from '../detect/node/package-manager.js';
import type { AdapterProblem } from '../detect/node/adapters.js';
import { hasSelfContainedOutput } from '../detect/node/framework.js';
import { frameworkLabel } from '../detect/node/framework-build.js';
import { DEFAULT_NODE_PORT, FRAMEWORK_PORTS } from '../detect/node/port.js';
import { entryFileOf, type StartCommand } from '../detect/node/start.js';
import { DockgenError, MissingValueError } from '../errors.js';
import type { GenerateOptions } from '../options.js';
import { bundledNpm } from '../versions/node-npm.js';
import { packageManagerNodeWarning } from '../versions/package-manager-engines.js';
import { aptWorks, nodeImageVariant } from '../versions/node.js';
import { planHeader } from './header.js';
import { nodeIgnore } from './ignore.js';
import { addonSource, planAddonStage } from './node-addon.js';
import { PM_PREFIX, nodeManifestCopies, planInstall, yarnSettings } from './node-install.js';
import { dropExcludedEnvFiles, fastifyCli, resolveCmd } from './node-start.js';
import { planRootWorkspaceLayout, planWorkspaceLayout, prunedWorkspace, selectWorkspace, withWorkspaceApp, workspaceBinaries, workspaceInstall, type WorkspaceSelection } from './node-workspace.js';
import { chooseNodeVersion } from './node-version.js';
import { TINI_INSTALL, TINI_STATIC_COPY, initChoice, interpreterProcess, tiniStage } from './tini.js';
import { decisionLog } from './steps.js';
import { BUN_IMAGE, BUN_IMAGE_VARIANT, BUN_USER, assertBunInstall, bunRuntime, chooseBunVersion, startFor } from './bun.js';
import { commentText, envValue, isEnvName, isSecretName, safePath } from './safe.js';
import type { CopyStep, IgnoreSection, NodePlan, PlanContext, RunStep } from './types.js';

/** The `node` user of the official images (R14). */
const NODE_USER = '1000:1000';

/** Facts + options → the Node.js DockerPlan. Pure: reads no files. */
export function planNode(rootFacts: NodeFacts, options: GenerateOptions, context: PlanContext): NodePlan {
  // A monorepo root: one workspace package's app facts replace the root's own.
  const selectionWarnings: string[] = [];
  const ws = selectWorkspace(rootFacts, options, selectionWarnings);
  const facts = ws ? withWorkspaceApp(rootFacts, ws.selected) : rootFacts;
  // An explicit start command says the project does run a server (e.g. one that serves its Vite build).
  if (facts.staticOnly && !options.cmd) {
    throw new DockgenError(
      `${ws ? `The workspace package ${ws.selected.path}` : 'This project'} builds a static site (${describeEvidence(facts.staticOnly.evidence)}), not a Node.js server; ` +
        (ws
          ? 'it belongs in an nginx image, but the static-site stack does not build one workspace package of a monorepo yet.'
          : 'it belongs in an nginx image, which the static-site stack (--stack static) writes.'),
      'If the project does run a Node.js server, pass --cmd "node <server file>" to use the Node.js stack.',
    );
  }
  const warnings = [...selectionWarnings, ...facts.warnings];
  const { decisions, decide } = decisionLog();

  // Bun apps get the Bun image: Bun itself installs, builds and runs (plan/bun.ts).
  const bun = bunRuntime(facts, options);
  if (bun) {
    decide('JavaScript runtime', 'Bun', bun.evidence, bun.value);
    assertBunInstall(facts, bun);
  }
  if (!bun && options.bunVersion !== undefined) {
    throw new DockgenError(
      `--bun-version was given, but this app runs on Node.js${options.jsRuntime === 'node' ? ' (--js-runtime node)' : ' (no bun start command, Bun-only API or engines.bun)'}.`,
      options.jsRuntime === 'node' ? 'Leave --bun-version out.' : 'Pass --js-runtime bun to run it on Bun, or leave --bun-version out.',
    );
  }
  const runtime = bun ? chooseBunVersion(options, facts.bunVersionSpec) : undefined;
  const node = chooseNodeVersion(facts, options, context.defaults?.nodeVersion);
  if (runtime) {
    warnings.push(...runtime.warnings);
    decide('Bun version', runtime.version, runtime.evidence);
  } else {
    warnings.push(...node.warnings);
    decide('Node.js version', node.version, node.evidence);
  }

  // A Bun app without a lockfile installs with Bun all the same (the image has no other manager).
  const pm: Fact<PackageManagerFacts> = bun && facts.packageManager.value.name !== 'bun'
    ? { value: { name: 'bun', yarnBerry: false }, evidence: { source: 'runtime', value: 'Bun installs in the Bun image' } }
    : facts.packageManager;
  // Without package.json there is nothing to install: no lockfile to ask for either.
  decide('package manager', facts.noManifest ? 'none (no package.json)' : pm.value.name + (pm.value.lockfile ? ` (${pm.value.lockfile})` : ' (no lockfile)'), pm.evidence);
  const yarn = yarnSettings(facts);
  const install = planInstall(pm.value, yarn, describeEvidence(pm.evidence), bundledNpm(node.version));
  warnings.push(...install.warnings);
  if (yarn.yarnOfflineCache) decide('Yarn offline cache', `${yarn.yarnOfflineCache} (copied before the install, not shipped)`, { source: yarn.yarnOfflineCache, value: 'committed package archives (zero-install)' });
  // A Bun app that installs nothing (no dependencies, no build) needs no lockfile either.
  const installsNothing = bun !== undefined && !facts.hasProductionDependencies && facts.build === undefined;
  if (!pm.value.lockfile && !facts.noManifest && !installsNothing) warnings.push(`No ${pm.value.name} lockfile: installs are not reproducible (R9). Commit one.`);
  const pmTooNew = facts.noManifest || bun ? undefined : packageManagerNodeWarning(pm.value.name, pm.value.yarnBerry === true, install.arg?.value, node.version);
  if (pmTooNew) warnings.push(pmTooNew);
  if (ws) decide('workspace', ws.selected.path + (ws.selected.name ? ` (${ws.selected.name})` : ''), ws.evidence);

  const framework = facts.framework.value;
  if (framework.adapterProblem && !options.cmd) throw adapterError(framework.adapterProblem);
  decide('framework', framework.id + (framework.nextStandalone ? ' (standalone output)' : ''), facts.framework.evidence);

  // Self-contained server outputs carry their own node_modules.
  const selfContained = hasSelfContainedOutput(framework);
  // A service of a monorepo with its own Dockerfile (`dockgen apps/api`): pruned to what it uses.
  const pruned = ws && options.service ? prunedWorkspace(ws, pm.value.name) : undefined;
  const layout = ws ? planWorkspaceLayout(ws, framework, selfContained, buildOutputs, rootFacts.hasProductionDependencies, pruned?.installed) : undefined;
  // No build script, but the framework serves only built output: its own build command.
  const frameworkBuild = layout || !facts.frameworkBuild?.value.available ? undefined : facts.frameworkBuild;
  const hasBuild = layout ? layout.hasBuild : facts.build !== undefined || frameworkBuild !== undefined;
  // The root of a monorepo is the app: its install must still cover the workspace packages.
  const rootLayout = !ws && facts.workspacePackages && facts.workspacePackages.length > 0
    ? planRootWorkspaceLayout(facts.workspacePackages, facts.hasProductionDependencies, hasBuild, selfContained)
    : undefined;
  const credentialFiles = [...(facts.npmrcHasCredentials ? ['.npmrc'] : []), ...(facts.yarnrcHasCredentials ? ['.yarnrc.yml'] : [])];
  const oldNpm = pm.value.name === 'npm' && !install.arg && !bundledNpm(node.version).omitDev;
  const addon = planAddon(facts, { workspace: ws !== undefined, bun: bun !== undefined, pm: oldNpm ? 'npm 6 or older' : pm.value.name, aptWorks: aptWorks(node.debian) }, warnings);
  const ignoredOutputs = [...(layout ? layout.buildOutputs : hasBuild ? buildOutputs(framework) : [])];
  // A local build/ (another platform's compile) must not reach the stage that compiles the addon.
  if (addon && !ignoredOutputs.includes('build')) ignoredOutputs.push('build');
  const dockerignore = [...nodeIgnore(ignoredOutputs, credentialFiles, yarn.yarnOfflineCache), ...(pruned?.ignore ?? [])];

  const start = startCommand(facts, options, ws, pm.value.name, dockerignore, warnings, bun ? 'bun' : 'node');
  decide('start command', start.value.argv.join(' '), start.evidence);
  const stripping = bun ? undefined : typeStrippingWarning(start.value.argv, node.version);
  if (stripping) warnings.push(stripping);
  const fastify = fastifyCli(start.value.argv);
  if (fastify?.warning) warnings.push(fastify.warning);
  const port = choosePort(facts, options, start.value, fastify?.port);
  if (port) decide('port', String(port.value), port.evidence);
  else decide('port', 'none (a worker)', facts.worker!.evidence);
  const pid1 = interpreterProcess(start.value.argv, describeEvidence(start.evidence), initChoice(options, context), bun ? 'Bun' : 'Node.js');
  decide('PID 1', pid1.decision.value, pid1.decision.evidence);
  warnings.push(...pid1.warnings);

  if (layout) warnings.push(...layout.warnings);
  const wsInstall = ws ? workspaceInstall(ws, pm.value, install) : undefined;
  const buildCommands = wsInstall ? wsInstall.build : [frameworkBuild ? `node_modules/.bin/${frameworkBuild.value.argv.join(' ')}` : install.buildCommand];
  // A workspace package without a build script of its own may still need its dependencies built.
  const buildEvidence = facts.build?.evidence ?? frameworkBuild?.evidence ?? ws?.needed.findLast((p) => p.app.build)?.app.build?.evidence;
  if (hasBuild && buildEvidence) decide('build', buildCommands.join(' && '), buildEvidence);
  const manifest = ws ? `${ws.selected.path}/package.json` : 'package.json';
  if (frameworkBuild) {
    warnings.push(
      `${manifest} has no "build" script, but ${frameworkLabel(framework)} serves only what its build writes: dockgen runs ` +
        `\`${frameworkBuild.value.argv.join(' ')}\` (the framework's own build, as Nx and Turborepo infer it; ${describeEvidence(frameworkBuild.evidence)}). ` +
        `Add a "build" script to ${manifest} to run another.`,
    );
  }
  if (facts.requiresBuild && !facts.build && !frameworkBuild && !options.cmd) throw missingBuild(facts, manifest, ws !== undefined);
  const needsDeps = (layout ?? rootLayout)?.needsDeps ?? (facts.hasProductionDependencies && !selfContained);
  warnings.push(...nextStartWarnings(framework, needsDeps));
  if (!install.productionOnly) warnings.push(...install.notes.filter((n) => n.includes('cannot install production')));

  const manifests = [...nodeManifestCopies(facts), ...((layout ?? rootLayout)?.manifests ?? [])];
  const depsCopy: CopyStep = rootLayout?.depsCopy ?? { from: 'deps', sources: ['/app/node_modules'], dest: './node_modules' };
  // The offline cache is in the build context for the install only: the project's files reach
  // the final stage through a stage that drops it (R10).
  const sourceStage = !layout && !hasBuild && yarn.yarnOfflineCache ? { prune: { parts: [`rm -rf ${safePath(yarn.yarnOfflineCache, '.yarnrc.yml cacheFolder')}`] } } : undefined;
  const runtimeCopies: CopyStep[] = layout
    ? layout.runtimeCopies
    : [...(needsDeps ? [depsCopy] : []), ...(sourceStage ? [{ from: 'source', sources: ['/app'], dest: './' }] : appCopies(facts, hasBuild)), ...(addon ? [addon.copy] : [])];
  const name = ws ? (ws.selected.name ?? ws.selected.path.split('/').at(-1)!) : context.projectName;

  const plan: NodePlan = {
    stack: 'node',
    header: planHeader({ ...context, projectName: name }, bun ? 'Bun' : 'Node.js', framework.id === 'node' ? undefined : framework.id, port?.value),
    args: runtime
      ? [{ name: 'BUN_VERSION', value: runtime.version, comment: commentText(`Bun ${runtime.version}: ${runtime.source}`) }]
      : [{ name: 'NODE_VERSION', value: node.version, comment: commentText(`Node.js ${node.version}: ${node.source}`) }],
    image: bun ? BUN_IMAGE : 'node',
    imageVariant: bun ? BUN_IMAGE_VARIANT : nodeImageVariant(node.debian),
    manifests,
    runtimeCopies,
    user: bun ? BUN_USER : NODE_USER,
    runtimeEnv: runtimeEnv(facts, start, port?.value, fastify?.env ?? [], warnings),
    entrypoint: pid1.entrypoint,
    cmd: pid1.cmd,
    processNotes: [...start.notes, ...pid1.processNotes],
    dockerignore,
    notes: [...install.notes, ...(wsInstall?.notes ?? []), ...credentialNotes(credentialFiles)].map(commentText),
    decisions,
    warnings,
  };
  if (port) plan.port = port.value;
  if (bun) plan.bun = { tiniComment: 'tini as PID 1 forwards signals and reaps zombies; Bun ignores SIGTERM as PID 1 (measured, Bun 1.4) (R2).' };
  // The Bun image is current Debian (trixie): its apt works.
  if (pid1.tini && (bun || aptWorks(node.debian))) plan.tiniInstall = TINI_INSTALL;
  else if (pid1.tini) {
    // The line's image is built on a Debian release whose packages left the mirror (apt-get
    // update fails there): Debian's static tini comes from a current Debian image instead.
    plan.tiniStage = tiniStage(node.debian);
    plan.tiniCopy = TINI_STATIC_COPY;
  }
  // The Bun image brings Bun: no package-manager stage.
  if (install.arg && install.setup && !bun) {
    plan.args.push({ ...install.arg, comment: commentText(install.arg.comment) });
    plan.packageManagerSetup = { arg: install.arg.name, run: install.setup, path: `${PM_PREFIX}/bin` };
  }
  if (needsDeps) {
    const production = wsInstall?.production ?? install.production;
    // Where the final stage takes the deps stage's whole /app, the offline cache must not be in it.
    const copiesApp = layout !== undefined || rootLayout !== undefined;
    const run = copiesApp && yarn.yarnOfflineCache ? { parts: [...production.parts, `&& rm -rf ${safePath(yarn.yarnOfflineCache, '.yarnrc.yml cacheFolder')}`] } : production;
    plan.deps = { run, env: install.env };
  }
  if (sourceStage) plan.sourceStage = sourceStage;
  if (addon) {
    plan.addon = { ...addon.stage, install: install.full };
    decide('native addon', addon.stage.rebuild.parts.join(' '), facts.nativeAddon!.evidence);
  }
  if (hasBuild) {
    // The final stage takes node_modules from the production-only deps stage (or needs none):
    // drop the tree with dev dependencies here so that copying /app cannot bring it along.
    const cleanup = [
      ...(layout ? layout.cleanup : selfContained ? [] : (rootLayout?.cleanup ?? ['node_modules'])),
      ...(yarn.yarnOfflineCache && !layout && !selfContained ? [safePath(yarn.yarnOfflineCache, '.yarnrc.yml cacheFolder')] : []),
    ];
    plan.build = { install: install.full, env: install.env, command: chained([...buildCommands, ...(cleanup.length > 0 ? [`rm -rf ${cleanup.join(' ')}`] : [])]) };
  }
  if (layout) plan.workdir = layout.workdir;
  if (ws) plan.app = { name, dir: ws.selected.path };
  const writable = nodeWritablePaths(framework, plan.workdir ?? '/app');
  if (writable.length > 0) plan.writablePaths = writable;
  const manifestsStage = (layout ?? rootLayout)?.manifestsStage;
  if (manifestsStage) plan.manifestsStage = manifestsStage;
  return plan;
}

/**
 * `node server.ts` without a loader relies on Node.js's type stripping, on by default from 22.18
 * (22.x) and 23.6: an older Node.js stops at the first type annotation.
 */
function typeStrippingWarning(argv: readonly string[], version: string): string | undefined {
  const entry = entryFileOf(argv);
  if (!entry || !/\.[cm]?ts$/.test(entry) || argv.some((arg) => /^(-r|--require|--import|--loader|--experimental-loader)(=|$)/.test(arg))) return undefined;
  const [major = 0, minor = 0] = version.split('.').map(Number);
  if (major > 23 || (major === 23 && minor >= 6) || (major === 22 && minor >= 18)) return undefined;
  return `The start command runs ${entry} with node, which runs TypeScript only from Node.js 22.18 (and 23.6) on, by stripping the types; ` +
    `the image has Node.js ${version}, which stops at the first type annotation. Raise the Node.js version (--node-version 24, or .nvmrc), or compile to JavaScript.`;
}

/** The framework's adapter or preset builds for another platform: no server for the image to run. */
function adapterError(problem: Fact<AdapterProblem>): DockgenError {
  return new DockgenError(
    `${problem.value.uses} (${describeEvidence(problem.evidence)}), ${problem.value.why}: the image would have nothing to run.`,
    problem.value.fix,
  );
}

/** The app serves only built output, and neither a build script nor the framework's build command is there. */
function missingBuild(facts: NodeFacts, manifest: string, workspace: boolean): DockgenError {
  const label = frameworkLabel(facts.framework.value);
  const command = facts.frameworkBuild?.value;
  if (workspace && command?.available) {
    // A workspace package's build runs through the package manager's workspace filter, which
    // runs scripts only: the framework's own command is not inferred there (yet).
    return new DockgenError(
      `${label} serves only what its build writes, but the workspace package's ${manifest} has no "build" script; in a monorepo dockgen runs the packages' build scripts only.`,
      `Add "build": "${command.argv.join(' ')}" to the scripts of ${manifest} (what Nx and Turborepo would run for it).`,
    );
  }
  if (command?.appElsewhere) {
    return new DockgenError(
      `${label} serves only what its build writes, but ${manifest} has no "build" script, and this folder has none of ${command.appElsewhere.map((dir) => `${dir}/`).join(', ')} ` +
        `for \`${command.argv.join(' ')}\` to build (an Nx workspace keeps its apps in apps/<name>).`,
      `Add a "build" script that builds the app (in an Nx workspace, "nx build <app>") and pass --cmd with the command that starts its output.`,
    );
  }
  return new DockgenError(
    `${label} serves only what its build writes, but ${manifest} has no "build" script` +
      (command ? ` and no dependency provides \`${command.argv.join(' ')}\` (from ${command.package}).` : '.'),
    command
      ? `Add ${command.package} to devDependencies (dockgen then runs \`${command.argv.join(' ')}\`), or add a "build" script to ${manifest}.`
      : `Add a "build" script to ${manifest}.`,
  );
}

/** Install configuration left out because it holds a registry token: the install runs without it. */
function credentialNotes(files: string[]): string[] {
  return files.map((file) => `${file} is not copied: it holds a registry token (R16). Private packages need the token as a build secret (RUN --mount=type=secret).`);
}

/**
 * A native addon at the root gets a stage that compiles it (plan/node-addon.ts) where npm installs
 * and the image's apt works; elsewhere a warning says that the image will lack it.
 */
function planAddon(facts: NodeFacts, where: { workspace: boolean; bun: boolean; pm: string; aptWorks: boolean }, warnings: string[]) {
  const addon = facts.nativeAddon;
  if (!addon || where.workspace) return undefined;
  const why = where.bun ? 'the app runs on Bun' : where.pm !== 'npm' ? `the project installs with ${where.pm}, and dockgen compiles root addons with the npm rebuild of npm 7 or later only` : where.aptWorks ? undefined : "the image's Debian release has left the mirror, so apt cannot install a compiler";
  if (why === undefined) return planAddonStage(addon);
  warnings.push(`${addonSource(addon)} declares a native addon (${addon.value}), which this image does not compile: ${why}. The app fails where it loads the addon; add a stage that compiles it (python3, make, g++, then node-gyp rebuild) to the Dockerfile.`);
  return undefined;
}

/** Commands in one RUN, each after the previous one succeeded. */
function chained(commands: string[]): RunStep {
  return { parts: commands.map((line, i) => (i === 0 ? line : `&& ${line}`)) };
}

/** `next start` without standalone output: what it needs, and what would be smaller. */
function nextStartWarnings(framework: NodeFacts['framework']['value'], needsDeps: boolean): string[] {
  if (framework.id !== 'next' || framework.nextStandalone) return [];
  return [
    ...(needsDeps ? [] : ['`next start` needs "next" in dependencies (not devDependencies).']),
    "Next.js without output: 'standalone' ships all production node_modules; set it in next.config " +
      'for a much smaller image (dockgen then copies only .next/standalone).',
  ];
}

/**
 * The command the container runs: --cmd (a dependency's command resolved to node_modules/.bin)
 * or the detected one, with the workspace's hoisted binaries, and without `--env-file` options
 * whose file .dockerignore keeps out (`notes` say so above ENTRYPOINT).
 */
function startCommand(
  facts: NodeFacts,
  options: GenerateOptions,
  ws: WorkspaceSelection | undefined,
  pm: string,
  dockerignore: IgnoreSection[],
  warnings: string[],
  runtime: 'bun' | 'node',
): Fact<StartCommand> & { notes: string[] } {
  const chosen = startFor(chooseStart(facts, options, warnings, runtime), runtime);
  // A path typed in --cmd is taken as written (relative to the package's folder in a monorepo).
  const typedPath = options.cmd !== undefined && options.cmd[0] === chosen.value.argv[0];
  const start = typedPath ? chosen : workspaceBinaries(chosen, ws, pm);
  const envFiles = dropExcludedEnvFiles(start.value.argv, dockerignore, ws?.selected.path ?? '');
  if (envFiles.dropped.length === 0) return { ...start, notes: [] };
  const files = envFiles.dropped.join(', ');
  const where = start.evidence.source === '--cmd' ? '--cmd' : describeEvidence(start.evidence);
  warnings.push(
    `The start command (${where}) loads ${files} with --env-file, but .dockerignore keeps ${files} out of the image (R16) and node exits ` +
      `when the file is missing, so dockgen drops the option. Pass the variables at run time: docker run --env-file ${envFiles.dropped[0]} …, ` +
      'or your orchestrator\'s environment and secrets (Kubernetes env/envFrom, Compose env_file).',
  );
  return {
    value: { ...start.value, argv: envFiles.argv },
    evidence: start.evidence,
    notes: [commentText(`--env-file ${files} dropped: the file is not in the image (R16). Pass its variables at run time (docker run --env-file ${envFiles.dropped[0]}).`)],
  };
}

function chooseStart(facts: NodeFacts, options: GenerateOptions, warnings: string[], runtime: 'bun' | 'node'): Fact<StartCommand> {
  if (options.cmd) return resolveCmd(options.cmd, facts, warnings, runtime);
  if (facts.start) return facts.start;
  // Why the start scripts were passed over, when they were: the user's likeliest question.
  const skipped = facts.warnings.filter((w) => /^(scripts\.start(:prod)?|package\.json main|Procfile line \d+) /.test(w));
  throw new MissingValueError(
    'Could not find how to start this app: no usable "start" script (`node <file>`), no framework entry, ' +
      `no "main" and no server.js/index.js/app.js.${skipped.length > 0 ? ` (${skipped.join(' ')})` : ''}`,
    `Pass the start command with --cmd, e.g. --cmd "${runtime === 'bun' ? 'bun src/index.ts' : 'node dist/server.js'}".`,
    '--cmd',
  );
}

/** Port: --port > the command's own > PORT= in the script > framework default > the entry's PORT
 *  fallback > 3000; none for a worker (the command is detected, not given). */
function choosePort(facts: NodeFacts, options: GenerateOptions, start: StartCommand, cliPort: number | undefined): Fact<number> | undefined {
  if (options.port !== undefined) return fact(options.port, '--port', undefined, String(options.port));
  if (cliPort !== undefined) return fact(cliPort, 'start command', '--port', String(cliPort));
  const scriptPort = start.env.find(([name]) => name === 'PORT');
  if (scriptPort && /^\d{2,5}$/.test(scriptPort[1]) && facts.start) {
    return fact(Number(scriptPort[1]), facts.start.evidence.source, facts.start.evidence.field, scriptPort[1]);
  }
  const frameworkPort = FRAMEWORK_PORTS[facts.framework.value.id];
  if (frameworkPort !== undefined) return fact(frameworkPort, 'framework', undefined, `${facts.framework.value.id} default`);
  if (facts.entryPort) return facts.entryPort;
  // A worker's own command: no port. A --cmd may run something else, so it keeps the default.
  if (facts.worker && options.cmd === undefined) return undefined;
  return fact(DEFAULT_NODE_PORT, 'default', undefined, 'no port found in the project');
}

/** What the final stage copies besides production node_modules. */
function appCopies(facts: NodeFacts, hasBuild: boolean): CopyStep[] {
  const framework = facts.framework.value;
  if (framework.nextStandalone) {
    const copies: CopyStep[] = [
      { from: 'build', sources: ['/app/.next/standalone'], dest: './' },
      { from: 'build', sources: ['/app/.next/static'], dest: './.next/static' },
    ];
    if (facts.hasPublicDir) copies.push({ from: 'build', sources: ['/app/public'], dest: './public' });
    return copies;
  }
  if (framework.id === 'nuxt' || framework.id === 'nitro') return [{ from: 'build', sources: ['/app/.output'], dest: './.output' }];
  if (hasBuild) return [{ from: 'build', sources: ['/app'], dest: './' }];
  return [{ sources: ['.'], dest: '.' }];
}

/** Output folders the image rebuilds, so the build context need not carry local copies (R23). */
function buildOutputs(framework: NodeFacts['framework']['value']): string[] {
  switch (framework.id) {
    case 'next':
      return ['.next'];
    case 'nuxt':
      return ['.output', '.nuxt'];
    case 'nitro':
      return ['.output', '.nitro', '.vinxi'];
    case 'remix':
    case 'react-router':
    case 'sveltekit-node':
      return ['build', '.svelte-kit', '.react-router'];
    case 'astro-node':
      return ['dist', '.astro'];
    default:
      return ['dist'];
  }
}

function runtimeEnv(facts: NodeFacts, start: Fact<StartCommand>, port: number | undefined, toolEnv: Array<[string, string]>, warnings: string[]): Array<[string, string]> {
  const env = new Map<string, string>([['NODE_ENV', 'production']]);
  if (facts.framework.value.nextStandalone) env.set('HOSTNAME', '0.0.0.0'); // standalone binds to $HOSTNAME
  if (facts.framework.value.id === 'astro-node') env.set('HOST', '0.0.0.0'); // Astro binds to localhost otherwise
  for (const [name, value] of toolEnv) env.set(name, value); // fastify-cli: FASTIFY_ADDRESS
  const loopback = start.evidence.source === '--cmd' ? undefined : facts.loopbackListen;
  if (loopback?.value.env && isEnvName(loopback.value.env) && !isSecretName(loopback.value.env)) {
    // The code reads its host from a variable before falling back to a loopback one.
    env.set(loopback.value.env, '0.0.0.0');
  } else if (loopback) {
    const where = `${loopback.evidence.source} ${loopback.evidence.field ?? ''}`.trim();
    warnings.push(
      loopback.value.host === '(none)'
        ? `Fastify listens on localhost when listen() gets no host (${where}): nothing outside the container can reach it. Pass host: '0.0.0.0' to listen().`
        : `The code listens on ${loopback.value.host} (${where}), a loopback address: nothing outside the container can reach it. Listen on 0.0.0.0, or leave the host out (Node.js then listens on every address).`,
    );
  }
  for (const [name, value] of start.value.env) {
    if (name === 'PORT' || name === 'NODE_ENV') continue;
    if (!isEnvName(name)) continue;
    if (isSecretName(name)) {
      warnings.push(`The start command sets ${name}, which looks like a secret; it is left out of the image (R16). Provide it at run time.`);
      continue;
    }
    env.set(name, envValue(value, 'the start command'));
  }
  if (port !== undefined) env.set('PORT', String(port));
  return [...env];
}
