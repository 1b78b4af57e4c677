import { describeEvidence, fact, type Fact } from '../detect/evidence.js';
import type { NodeFacts } from '../detect/node/index.js';
import { DEFAULT_NODE_PORT, FRAMEWORK_PORTS } from '../detect/node/port.js';
import type { StartCommand } from '../detect/node/start.js';
import { DockgenError, MissingValueError } from '../errors.js';
import type { GenerateOptions } from '../options.js';
import { DEFAULT_NODE_MAJOR, NODE_TABLE_CHECKED, findNodeLine } from '../versions/node.js';
import { defaultNodeVersion, resolveNodeVersion } from '../versions/resolve-node.js';
import { planHeader } from './header.js';
import { nodeIgnore } from './ignore.js';
import { PM_PREFIX, planInstall } from './node-install.js';
import { planWorkspaceLayout, selectWorkspace, withWorkspaceApp, workspaceBinaries, workspaceInstall } from './node-workspace.js';
import { TINI_INSTALL, interpreterProcess } from './tini.js';
import { decisionLog } from './steps.js';
import { commentText, envValue, execForm, isEnvName, isSecretName, safePath } from './safe.js';
import type { CopyStep, NodePlan, PlanContext, RunStep } from './types.js';

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

  const node = chooseNodeVersion(facts, options);
  warnings.push(...node.warnings);
  decide('Node.js version', node.version, node.evidence);

  const pm = facts.packageManager;
  decide('package manager', pm.value.name + (pm.value.lockfile ? ` (${pm.value.lockfile})` : ' (no lockfile)'), pm.evidence);
  const install = planInstall(pm.value, facts.yarnNodeLinker, describeEvidence(pm.evidence));
  if (!pm.value.lockfile) warnings.push(`No ${pm.value.name} lockfile: installs are not reproducible (R9). Commit one.`);
  if (ws) decide('workspace', ws.selected.path + (ws.selected.name ? ` (${ws.selected.name})` : ''), ws.evidence);

  const framework = facts.framework.value;
  decide('framework', framework.id + (framework.nextStandalone ? ' (standalone output)' : ''), facts.framework.evidence);

  const start = workspaceBinaries(startCommand(facts, options), ws, pm.value.name);
  decide('start command', start.value.argv.join(' '), start.evidence);
  const port = choosePort(facts, options, start.value);
  decide('port', String(port.value), port.evidence);
  const pid1 = interpreterProcess(start.value.argv, describeEvidence(start.evidence), options.init, 'Node.js');
  decide('PID 1', pid1.decision.value, pid1.decision.evidence);
  warnings.push(...pid1.warnings);

  // Self-contained server outputs carry their own node_modules.
  const selfContained = framework.nextStandalone === true || framework.id === 'nuxt';
  const layout = ws ? planWorkspaceLayout(ws, framework, selfContained, buildOutputs) : undefined;
  if (layout) warnings.push(...layout.warnings);
  const wsInstall = ws ? workspaceInstall(ws, pm.value, install) : undefined;
  const hasBuild = layout ? layout.hasBuild : facts.build !== undefined;
  const buildCommands = wsInstall ? wsInstall.build : [install.buildCommand];
  // A workspace package without a build script of its own may still need its dependencies built.
  const buildEvidence = facts.build?.evidence ?? ws?.needed.findLast((p) => p.app.build)?.app.build?.evidence;
  if (hasBuild && buildEvidence) decide('build', buildCommands.join(' && '), buildEvidence);
  const manifest = ws ? `${ws.selected.path}/package.json` : 'package.json';
  if (selfContained && !facts.build) {
    throw new DockgenError(
      `${framework.id === 'nuxt' ? 'Nuxt' : 'Next.js standalone output'} needs a build, but ${manifest} has no "build" script.`,
      `Add a "build" script to ${manifest}.`,
    );
  }
  const needsDeps = layout ? layout.needsDeps : facts.hasProductionDependencies && !selfContained;
  if (framework.id === 'next' && !framework.nextStandalone) {
    if (!needsDeps) warnings.push('`next start` needs "next" in dependencies (not devDependencies).');
    warnings.push(
      "Next.js without output: 'standalone' ships all production node_modules; set it in next.config " +
        'for a much smaller image (dockgen then copies only .next/standalone).',
    );
  }
  if (!install.productionOnly) warnings.push(...install.notes.filter((n) => n.includes('cannot install production')));

  const manifests = [...manifestFiles(facts), ...(layout?.manifests ?? [])];
  const runtimeCopies: CopyStep[] = [];
  if (layout) runtimeCopies.push(...layout.runtimeCopies);
  else {
    if (needsDeps) runtimeCopies.push({ from: 'deps', sources: ['/app/node_modules'], dest: './node_modules' });
    runtimeCopies.push(...appCopies(facts, hasBuild));
  }
  const name = ws ? (ws.selected.name ?? ws.selected.path.split('/').at(-1)!) : context.projectName;

  const plan: NodePlan = {
    stack: 'node',
    header: planHeader({ ...context, projectName: name }, 'Node.js', framework.id === 'node' ? undefined : framework.id, port.value),
    args: [{ name: 'NODE_VERSION', value: node.version, comment: commentText(`Node.js ${node.version}: ${node.source}`) }],
    image: 'node',
    imageVariant: `${node.debian}-slim`,
    manifests,
    runtimeCopies,
    user: NODE_USER,
    port: port.value,
    runtimeEnv: runtimeEnv(facts, start.value, port.value, warnings),
    entrypoint: pid1.entrypoint,
    cmd: pid1.cmd,
    processNotes: pid1.processNotes,
    dockerignore: nodeIgnore(layout ? layout.buildOutputs : hasBuild ? buildOutputs(framework) : [], facts.npmrcHasCredentials),
    notes: [...install.notes, ...(wsInstall?.notes ?? [])].map(commentText),
    decisions,
    warnings,
  };
  if (pid1.tini) plan.tiniInstall = TINI_INSTALL;
  if (install.arg && install.setup) {
    plan.args.push({ ...install.arg, comment: commentText(install.arg.comment) });
    plan.packageManagerSetup = { arg: install.arg.name, run: install.setup, path: `${PM_PREFIX}/bin` };
  }
  if (needsDeps) plan.deps = { run: wsInstall?.production ?? install.production, env: install.env };
  if (hasBuild) {
    const command: RunStep = { parts: buildCommands.map((line, i) => (i === 0 ? line : `&& ${line}`)) };
    // The final stage takes node_modules from the production-only deps stage (or needs none):
    // drop the tree with dev dependencies here so that copying /app cannot bring it along.
    const cleanup = layout ? layout.cleanup : selfContained ? [] : ['node_modules'];
    if (cleanup.length > 0) command.parts.push(`&& rm -rf ${cleanup.join(' ')}`);
    plan.build = { install: install.full, env: install.env, command };
  }
  if (layout) plan.workdir = layout.workdir;
  if (layout?.manifestsStage) plan.manifestsStage = layout.manifestsStage;
  return plan;
}

/** Node.js version (R18): --node-version > the project's declaration > the default line. */
export function chooseNodeVersion(facts: NodeFacts, options: GenerateOptions) {
  const spec = options.nodeVersion !== undefined
    ? fact(options.nodeVersion, '--node-version', undefined, options.nodeVersion)
    : facts.nodeVersionSpec;
  if (spec) return { ...resolveNodeVersion(spec.value, spec.evidence), evidence: spec.evidence, source: `from ${describeEvidence(spec.evidence)}` };
  return {
    version: defaultNodeVersion(),
    debian: findNodeLine(DEFAULT_NODE_MAJOR)!.debian,
    warnings: [],
    evidence: { source: 'default', value: `Node.js ${DEFAULT_NODE_MAJOR} (active LTS)` },
    source: `dockgen default, the active LTS line (version table checked ${NODE_TABLE_CHECKED})`,
  };
}

function startCommand(facts: NodeFacts, options: GenerateOptions): Fact<StartCommand> {
  if (options.cmd) return fact({ argv: options.cmd, env: [] }, '--cmd', undefined, options.cmd.join(' '));
  if (facts.start) return facts.start;
  throw new MissingValueError(
    'Could not find how to start this app: no usable "start" script (`node <file>`), no framework entry, ' +
      'no "main" and no server.js/index.js/app.js.',
    'Pass the start command with --cmd, e.g. --cmd "node dist/server.js".',
    '--cmd',
  );
}

function choosePort(facts: NodeFacts, options: GenerateOptions, start: StartCommand): Fact<number> {
  if (options.port !== undefined) return fact(options.port, '--port', undefined, String(options.port));
  const scriptPort = start.env.find(([name]) => name === 'PORT');
  if (scriptPort && /^\d{2,5}$/.test(scriptPort[1]) && facts.start) {
    return fact(Number(scriptPort[1]), facts.start.evidence.source, facts.start.evidence.field, scriptPort[1]);
  }
  const frameworkPort = FRAMEWORK_PORTS[facts.framework.value.id];
  if (frameworkPort !== undefined) return fact(frameworkPort, 'framework', undefined, `${facts.framework.value.id} default`);
  if (facts.entryPort) return facts.entryPort;
  return fact(DEFAULT_NODE_PORT, 'default', undefined, 'no port found in the project');
}

/** One COPY for the manifest files, then one per install-config folder (a multi-source COPY
 *  would flatten folders into ./). */
function manifestFiles(facts: NodeFacts): CopyStep[] {
  const files = ['package.json'];
  if (facts.packageManager.value.lockfile) files.push(facts.packageManager.value.lockfile);
  const dirs: string[] = [];
  for (const path of facts.installConfigFiles) (path.includes('/') ? dirs : files).push(path);
  return [
    { sources: files.map((file) => safePath(file, 'the project')), dest: './' },
    ...dirs.map((dir) => ({ sources: [safePath(dir, 'the project')], dest: `./${safePath(dir, 'the project')}` })),
  ];
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
  if (framework.id === 'nuxt') return [{ from: 'build', sources: ['/app/.output'], dest: './.output' }];
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

function runtimeEnv(facts: NodeFacts, start: StartCommand, port: number, warnings: string[]): Array<[string, string]> {
  const env = new Map<string, string>([['NODE_ENV', 'production']]);
  if (facts.framework.value.nextStandalone) env.set('HOSTNAME', '0.0.0.0'); // standalone binds to $HOSTNAME
  if (facts.framework.value.id === 'astro-node') env.set('HOST', '0.0.0.0'); // Astro binds to localhost otherwise
  for (const [name, value] of start.env) {
    if (name === 'PORT' || name === 'NODE_ENV') continue;
    if (!isEnvName(name)) continue;
    if (isSecretName(name)) {
      warnings.push(`The start command sets ${name}, which looks like a secret; it is left out of the image (R16). Provide it at run time.`);
      continue;
    }
    env.set(name, envValue(value, 'the start command'));
  }
  env.set('PORT', String(port));
  return [...env];
}
