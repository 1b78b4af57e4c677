import { describeEvidence, type Evidence, type Fact } from '../detect/evidence.js';
import type { NodeAppFacts, NodeFacts, WorkspacePackage } from '../detect/node/index.js';
import { DockgenError, MissingValueError } from '../errors.js';
import type { FrameworkFacts } from '../detect/node/framework.js';
import type { PackageManagerFacts } from '../detect/node/package-manager.js';
import type { StartCommand } from '../detect/node/start.js';
import type { GenerateOptions } from '../options.js';
import { planWorkspaceInstall, type InstallPlan, type WorkspaceRef } from './node-install.js';
import { safePath } from './safe.js';
import type { CopyStep, IgnoreSection, RunStep } from './types.js';

/**
 * Up to this many workspace packages, each package.json gets its own COPY (plain to read). Beyond,
 * a `manifests` stage gathers them: COPY instructions add a layer each, and an overlay filesystem
 * stacks at most about 125, so a large monorepo would fail to build. The stage copies the whole
 * context, but BuildKit and Buildah key `COPY --from` by the copied files' content, so a source
 * edit that leaves the manifests alone still finds the install in the cache.
 */
export const MAX_MANIFEST_COPIES = 20;

/** The workspace package a monorepo's image runs, and the workspace packages it needs. */
export interface WorkspaceSelection {
  selected: WorkspacePackage;
  /** The selected package and the workspace packages it imports at run time (transitively),
   *  dependencies first: what the final stage copies. */
  shipped: WorkspacePackage[];
  /** The selected package and every workspace package it depends on, dev dependencies included,
   *  dependencies first: what the build stage builds, where they have a build script. */
  needed: WorkspacePackage[];
  /** Every workspace package, in folder order: their package.json files are copied before the
   *  install, since npm ci, pnpm and Yarn check the lockfile against all of them. */
  all: WorkspacePackage[];
  evidence: Evidence;
}

/**
 * Which workspace package to build (and whether to build one at all):
 * `--workspace <folder|name>` (`.` for the root package) > the root's own start command (the root is built, as without
 * workspaces) > the only package that looks runnable > a question (MissingValueError) when several do.
 */
export function selectWorkspace(facts: NodeFacts, options: GenerateOptions, warnings: string[]): WorkspaceSelection | undefined {
  const packages = facts.workspacePackages ?? [];
  const list = (items: WorkspacePackage[]) => items.map(label).join(', ');
  if (options.workspace !== undefined) {
    if (packages.length === 0) {
      throw new DockgenError(
        `--workspace ${options.workspace} was given, but ${facts.workspaces ? 'no workspace package was found' : 'package.json declares no workspaces'} in this folder.`,
        'Run dockgen in the monorepo root (the folder with the lockfile and the workspaces declaration), or leave --workspace out.',
      );
    }
    const wanted = options.workspace.replace(/^\.\/+|\/+$/g, '');
    // `--workspace .` is the repository's root package itself.
    if (wanted === '.' || wanted === '') return undefined;
    const match = packages.find((p) => p.path === wanted) ?? packages.find((p) => p.name === wanted);
    if (!match) {
      throw new DockgenError(
        `--workspace ${options.workspace} is not a workspace package of this repository (by folder or package name).`,
        `The workspace packages are: ${list(packages)}.`,
      );
    }
    return selection(match, packages, { source: '--workspace', value: options.workspace });
  }
  if (packages.length === 0) return undefined;
  const runnable = packages.filter((p) => p.runnable);
  // --cmd runs in the selected package's folder; with no app among the packages it is the root's command.
  if (options.cmd && runnable.length === 0) return undefined;
  const flagHint = `Pass --workspace <folder> to build one (${runnable.length > 0 ? list(runnable) : list(packages)})`;
  if (facts.start) {
    warnings.push(
      `This is a monorepo root (${describeEvidence(facts.workspacePatterns!.evidence)}) with a start command of its own, so dockgen ` +
        `builds the root package. ${flagHint}.`,
    );
    return undefined;
  }
  if (runnable.length === 1) {
    const only = runnable[0]!;
    warnings.push(`This is a monorepo root: dockgen builds ${label(only)}, the only workspace package that looks like an app (${describeEvidence(only.runnable!)}). Pass --workspace <folder> to build another.`);
    return selection(only, packages, only.runnable!);
  }
  const several = runnable.length > 1;
  throw new MissingValueError(
    several
      ? `This monorepo has several workspace packages that look like apps (${list(runnable)}), and the root has no start command of its own.`
      : `This monorepo root has no start command of its own, and none of its workspace packages (${list(packages)}) looks like an app (a "start" script or a server framework in dependencies).`,
    `Choose the one to build with --workspace, e.g. --workspace ${(several ? runnable : packages)[0]!.path} (or --workspace . for the root package, with --cmd)` +
      (several ? `; or write each service's files in its own folder: \`dockgen ${runnable[0]!.path}\`, or \`dockgen --all\` for every one and a compose.yaml.` : '.'),
    '--workspace',
    (several ? runnable : packages).map((p) => p.path),
  );
}

function label(p: WorkspacePackage): string {
  return p.name && p.name !== p.path ? `${p.path} (${p.name})` : p.path;
}

function selection(selected: WorkspacePackage, all: WorkspacePackage[], evidence: Evidence): WorkspaceSelection {
  if (selected.problem) throw new DockgenError(selected.problem.message, selected.problem.hint);
  const byDir = new Map(all.map((p) => [p.path, p]));
  return {
    selected,
    shipped: closure(selected, byDir, (p) => p.workspaceDependencies),
    needed: closure(selected, byDir, (p) => [...p.workspaceDependencies, ...p.workspaceDevDependencies]),
    all,
    evidence,
  };
}

/** The package and what `edges` reach from it, dependencies before their dependents (a cycle,
 *  which package managers refuse anyway, is cut where it closes). */
function closure(start: WorkspacePackage, byDir: Map<string, WorkspacePackage>, edges: (p: WorkspacePackage) => string[]): WorkspacePackage[] {
  const order: WorkspacePackage[] = [];
  const seen = new Set<string>();
  const visit = (p: WorkspacePackage) => {
    if (seen.has(p.path)) return;
    seen.add(p.path);
    for (const dir of edges(p)) {
      const dep = byDir.get(dir);
      if (dep) visit(dep);
    }
    order.push(p);
  };
  visit(start);
  return order;
}

/** The root's facts with the selected package's app facts in place of the root's own. */
export function withWorkspaceApp(facts: NodeFacts, ws: WorkspacePackage): NodeFacts {
  // Every app fact of the root is dropped, so none can leak into the package (APP_KEYS is complete:
  // the compiler checks it against NodeAppFacts).
  const repository: Partial<NodeFacts> = { ...facts };
  for (const key of APP_KEYS) delete repository[key];
  const nodeVersionSpec = facts.nodeVersionSpec;
  const app: NodeAppFacts = { ...ws.app };
  // The repository's Node.js version declaration wins; a package's own is the fallback.
  const spec = nodeVersionSpec ?? ws.app.nodeVersionSpec;
  if (spec) app.nodeVersionSpec = spec;
  else delete app.nodeVersionSpec;
  // The same for Bun: the repository's pin (packageManager "bun@…" at the root) wins.
  const bunSpec = facts.bunVersionSpec ?? ws.app.bunVersionSpec;
  if (bunSpec) app.bunVersionSpec = bunSpec;
  return { ...(repository as Omit<NodeFacts, keyof NodeAppFacts>), ...app, warnings: [...facts.installWarnings, ...ws.warnings] };
}

const APP_KEYS = [
  'name', 'nodeVersionSpec', 'framework', 'staticOnly', 'build', 'frameworkBuild', 'requiresBuild', 'start', 'entryPort', 'worker', 'loopbackListen', 'bins', 'hasProductionDependencies', 'hasPublicDir', 'bun', 'bunVersionSpec',
] as const satisfies ReadonlyArray<keyof NodeAppFacts>;
// A NodeAppFacts field missing from APP_KEYS is a compile error here.
const APP_KEYS_COMPLETE: Exclude<keyof NodeAppFacts, (typeof APP_KEYS)[number]> extends never ? true : never = true;
void APP_KEYS_COMPLETE;

/** A workspace package as the commands name it. Names go into RUN lines (a shell), so they must
 *  be plain npm package names; folders pass the same check as every COPY path. */
export function workspaceRef(ws: WorkspacePackage, needsName: boolean): WorkspaceRef {
  const dir = safePath(ws.path, 'the workspace patterns');
  if (!needsName) return { dir, name: ws.name ?? dir };
  if (ws.name === undefined) {
    throw new DockgenError(`${ws.path}/package.json has no "name", which pnpm, Yarn and Bun select workspace packages by.`, `Add a "name" to ${ws.path}/package.json.`);
  }
  if (!/^(@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*$/i.test(ws.name) || ws.name.length > 214) {
    throw new DockgenError(
      `The package name ${JSON.stringify(ws.name)} in ${ws.path}/package.json is not a valid npm package name, so it cannot be used in a build command safely.`,
      'Use a name of lowercase letters, digits, ".", "_", "-" and "~", optionally with an @scope/ prefix.',
    );
  }
  return { dir, name: ws.name };
}

/** What the Dockerfile of one workspace package does differently from a single-package one. */
export interface WorkspaceLayout {
  /** The workspace packages' package.json files, each copied to its own folder, or all of
   *  them from the manifests stage. */
  manifests: CopyStep[];
  manifestsStage?: { count: number; run: RunStep };
  hasBuild: boolean;
  needsDeps: boolean;
  runtimeCopies: CopyStep[];
  /** node_modules folders the build stage drops before the final stage copies from it. */
  cleanup: string[];
  /** The final stage's working directory: the package's folder, where its start command runs. */
  workdir: string;
  /** Build output folders (repository-relative) that .dockerignore keeps out of the context. */
  buildOutputs: string[];
  warnings: string[];
}

/**
 * The layout of a workspace package's image. The build context is the repository root. The final
 * stage keeps the repository's layout under /app (root node_modules, then each package at its
 * folder), because npm, pnpm, Yarn and Bun link workspace packages by relative symlinks.
 */
export function planWorkspaceLayout(
  ws: WorkspaceSelection,
  framework: FrameworkFacts,
  selfContained: boolean,
  outputsOf: (framework: FrameworkFacts) => string[],
  rootHasDependencies = false,
  /** The packages whose package.json the install reads (default: all of them). */
  installed: readonly WorkspacePackage[] = ws.all,
): WorkspaceLayout {
  const dir = safePath(ws.selected.path, 'the workspace patterns');
  const built = ws.needed.filter((p) => p.app.build !== undefined);
  const hasBuild = built.length > 0;
  // The root's own dependencies are installed with the package's (npm --include-workspace-root) and
  // resolve from its folder: they count as the package's.
  const needsDeps = !selfContained && (rootHasDependencies || ws.shipped.some((p) => p.app.hasProductionDependencies));
  const { manifests, manifestsStage } = workspaceManifests(installed, needsDeps || hasBuild);
  const runtimeCopies: CopyStep[] = [];
  const warnings: string[] = [];
  if (framework.nextStandalone) {
    // Measured with Next.js 15.1.6: .next/standalone/<dir>/server.js next to the traced root node_modules.
    if (!framework.nextTracingRoot && !(framework.nextMajor !== undefined && framework.nextMajor >= 15)) warnings.push(
      `Next.js standalone output in a monorepo: the Dockerfile expects .next/standalone to mirror the repository (${dir}/server.js ` +
        'next to a pruned root node_modules), as Next.js 15 and later write it by taking the lockfile\'s folder as the tracing root. ' +
        "With Next.js 14 or older, set outputFileTracingRoot: path.join(__dirname, '" + dir.split('/').map(() => '..').join('/') + "') in next.config (experimental. in 13–14).",
    );
    // With its tracing root at the repository root (Next.js 15 infers it from the lockfile;
    // older versions need outputFileTracingRoot), standalone output mirrors the repository:
    // <dir>/server.js next to a pruned root node_modules.
    runtimeCopies.push(
      { from: 'build', sources: [`/app/${dir}/.next/standalone`], dest: './' },
      { from: 'build', sources: [`/app/${dir}/.next/static`], dest: `./${dir}/.next/static` },
    );
    if (ws.selected.app.hasPublicDir) runtimeCopies.push({ from: 'build', sources: [`/app/${dir}/public`], dest: `./${dir}/public` });
  } else if (framework.id === 'nuxt' || framework.id === 'nitro') {
    runtimeCopies.push({ from: 'build', sources: [`/app/${dir}/.output`], dest: `./${dir}/.output` });
  } else {
    if (needsDeps) {
      runtimeCopies.push({ from: 'deps', sources: ['/app'], dest: './', comment: 'Production node_modules (the root\'s and the packages\'), with the manifests they were installed from' });
    }
    for (const p of ws.shipped) {
      const folder = safePath(p.path, 'the workspace patterns');
      runtimeCopies.push(hasBuild ? { from: 'build', sources: [`/app/${folder}`], dest: `./${folder}` } : { sources: [folder], dest: `./${folder}` });
    }
  }
  const cleanup = hasBuild && !selfContained ? ['node_modules', ...ws.shipped.map((p) => `${safePath(p.path, 'the workspace patterns')}/node_modules`)] : [];
  const buildOutputs = built.flatMap((p) => outputsOf(p.app.framework.value).map((out) => `${safePath(p.path, 'the workspace patterns')}/${out}`));
  const layout: WorkspaceLayout = { manifests, hasBuild, needsDeps, runtimeCopies, cleanup, workdir: `/app/${dir}`, buildOutputs, warnings };
  if (manifestsStage) layout.manifestsStage = manifestsStage;
  return layout;
}

/**
 * Every workspace package's package.json, copied to its folder before the install: npm, pnpm,
 * Yarn and Bun install the dependencies of the packages they find, and check the lockfile against
 * them (a missing one fails a frozen install, or silently installs less). `used` is false when no
 * install runs, so that no manifests stage is written for nothing.
 */
export function workspaceManifests(all: readonly WorkspacePackage[], used: boolean): Pick<WorkspaceLayout, 'manifests' | 'manifestsStage'> {
  const files = all.map((p) => `${safePath(p.path, 'the workspace patterns')}/package.json`);
  if (files.length <= MAX_MANIFEST_COPIES) return { manifests: files.map((file) => ({ sources: [file], dest: `./${file.slice(0, -'package.json'.length)}` })) };
  const manifests: CopyStep[] = [{ from: 'manifests', sources: ['/manifests/'], dest: './' }];
  // cp --parents keeps each file's folders under /manifests (no shell loop, no cd).
  return used ? { manifests, manifestsStage: { count: files.length, run: { parts: ['mkdir /manifests', '&& cp --parents', ...files.map((f) => `    ${f}`), '    /manifests/'] } } } : { manifests };
}

/**
 * A monorepo root that is itself the app (it has its own start command, or --workspace .): its
 * image still needs the workspace packages' dependencies, which the root's `dependencies` do not
 * list (a root often declares none and starts `node packages/api/server.js`). The install at the
 * root installs every workspace package's dependencies; the final stage takes them all, the
 * packages' own node_modules folders included (pnpm, and npm when versions conflict, keep them there).
 */
export interface RootWorkspaceLayout {
  manifests: CopyStep[];
  manifestsStage?: { count: number; run: RunStep };
  needsDeps: boolean;
  /** The deps stage's /app: every node_modules folder, with the manifests it was installed from. */
  depsCopy: CopyStep;
  /** node_modules folders the build stage drops before the final stage copies /app from it. */
  cleanup: string[];
}

export function planRootWorkspaceLayout(packages: readonly WorkspacePackage[], rootHasDependencies: boolean, hasBuild: boolean, selfContained: boolean): RootWorkspaceLayout {
  const needsDeps = !selfContained && (rootHasDependencies || packages.some((p) => p.app.hasProductionDependencies));
  const layout: RootWorkspaceLayout = {
    ...workspaceManifests(packages, needsDeps || hasBuild),
    needsDeps,
    depsCopy: { from: 'deps', sources: ['/app'], dest: './', comment: 'Production node_modules (the root\'s and the workspace packages\'), with the manifests they were installed from' },
    cleanup: ['node_modules', ...packages.map((p) => `${safePath(p.path, 'the workspace patterns')}/node_modules`)],
  };
  return layout;
}

/** The install and build commands of one workspace package (npm names packages by folder, the
 *  others by package name). */
export function workspaceInstall(ws: WorkspaceSelection, pm: PackageManagerFacts, install: InstallPlan) {
  const byName = pm.name !== 'npm';
  const built = ws.needed.filter((p) => p.app.build !== undefined).map((p) => workspaceRef(p, byName));
  return planWorkspaceInstall(pm, install, workspaceRef(ws.selected, byName), built);
}

/**
 * `node_modules/.bin/next` from a workspace package's folder: npm and Yarn hoist binaries to the
 * root node_modules, so the command names that one (pnpm and Bun link them in the package's own).
 */
export function workspaceBinaries(start: Fact<StartCommand>, ws: WorkspaceSelection | undefined, pm: string): Fact<StartCommand> {
  const [bin, ...rest] = start.value.argv;
  if (!ws || (pm !== 'npm' && pm !== 'yarn') || !bin?.startsWith('node_modules/.bin/')) return start;
  return { ...start, value: { ...start.value, argv: [`/app/${bin}`, ...rest] } };
}

/**
 * A service built from the repository root with its own Dockerfile (`dockgen apps/api`): what its
 * install reads, and what its ignore file keeps out of the context, so that another service's
 * edits leave this image's steps cached.
 *
 * npm and pnpm install from the root lockfile with only some workspace folders present (measured:
 * `npm ci`, with and without --workspace, on npm 11.19; `pnpm install --frozen-lockfile`, with and
 * without --filter, on pnpm 9.15 and 10.34: each installs the folders it finds), so
 * the other packages are left out entirely, manifests included. For Yarn (`--immutable`) and Bun
 * (`--frozen-lockfile`) an install with workspace folders missing was not measured, and a frozen
 * install that finds the lockfile out of date fails: their manifests stay, the rest of their
 * folders is ignored.
 */
export function prunedWorkspace(ws: WorkspaceSelection, pm: string): { installed: WorkspacePackage[]; ignore: IgnoreSection[] } {
  const needed = new Set(ws.needed.map((p) => p.path));
  const others = ws.all.filter((p) => !needed.has(p.path)).map((p) => safePath(p.path, 'the workspace patterns'));
  const dropsManifests = pm === 'npm' || pm === 'pnpm';
  const installed = dropsManifests ? ws.all.filter((p) => needed.has(p.path)) : [...ws.all];
  const ignore: IgnoreSection[] = [];
  if (others.length > 0) {
    ignore.push({
      comment: dropsManifests
        ? 'Workspace packages this service does not use: not in its build context'
        : 'Workspace packages this service does not use: only their package.json (the install checks the lockfile against it)',
      entries: others.flatMap((dir) => (dropsManifests ? [dir] : [`${dir}/**`, `!${dir}/package.json`])),
    });
  }
  return { installed, ignore };
}
