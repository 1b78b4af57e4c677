import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { DockgenError } from '../../errors.js';
import { fact, type Evidence, type Fact } from '../evidence.js';
import { DiskFs, SubFs, type ProjectFs } from '../fs.js';
import { detectApp, preloadWarnings, type NodeAppFacts } from './app.js';
import { productionDependencies, readPackageJson, type PackageJson } from './package-json.js';
import { expandWorkspacePatterns, readWorkspacePatterns } from './workspace-patterns.js';

/** One package of a monorepo, with what it says about the app it would run. */
export interface WorkspacePackage {
  /** Folder relative to the workspace root, e.g. `apps/api`. */
  path: string;
  name?: string;
  /** Where it was found: its package.json (and name). */
  evidence: Evidence;
  /** Why it looks like an app rather than a library; absent for a library. */
  runnable?: Evidence;
  /** Folders of the workspace packages it depends on: in `dependencies`/`optionalDependencies`
   *  (they ship with it) and in `devDependencies` (they are only built before it). */
  workspaceDependencies: string[];
  workspaceDevDependencies: string[];
  /** Its app facts; paths in them are relative to `path`, evidence sources include `path`. */
  app: NodeAppFacts;
  /** A problem in its files (an empty .nvmrc, a malformed packageManager…) that matters only
   *  when this package is the one built: another package's image need not fail for it. */
  problem?: { message: string; hint?: string };
  /** Warnings about its start command, shown only when it is the one built. */
  warnings: string[];
}

/** Evidence sources that are not files, and so are not prefixed with a package's folder. */
const PSEUDO_SOURCES = new Set(['framework', 'default', 'dependencies']);

/**
 * The workspace packages of a monorepo root, from its patterns; `undefined` when the root declares
 * none. Every package's app facts are detected here (a handful of small reads per package), so that
 * choosing one (`--workspace`) stays a pure decision of the plan.
 */
export function detectWorkspacePackages(fs: ProjectFs, root: PackageJson): { patterns: Fact<string[]>; packages: WorkspacePackage[] } | undefined {
  const patterns = readWorkspacePatterns(fs, root);
  if (!patterns) return undefined;
  const dirs = expandWorkspacePatterns(fs, patterns.value);
  const manifests = dirs.map((dir) => ({ dir, pkg: readPackageJson(fs, dir)! }));
  const byName = new Map(manifests.filter((m) => m.pkg.name !== undefined).map((m) => [m.pkg.name!, m.dir]));
  const local = (names: string[], self: string) => names.map((n) => byName.get(n)).filter((d): d is string => d !== undefined && d !== self);
  const packages = manifests.map(({ dir, pkg }): WorkspacePackage => {
    const sub = new SubFs(fs, dir);
    const warnings: string[] = [];
    let app: NodeAppFacts;
    let problem: WorkspacePackage['problem'];
    try {
      app = prefixAppEvidence(detectApp(sub, pkg, warnings), dir);
      warnings.push(...preloadWarnings(app, pkg));
    } catch (error) {
      if (!(error instanceof DockgenError)) throw error;
      // Its files are named relative to the package folder: say which folder.
      const message = `In ${dir}: ${error.message}`;
      problem = error.hint === undefined ? { message } : { message, hint: error.hint };
      app = { framework: fact({ id: 'node' }, `${dir}/package.json`), hasProductionDependencies: productionDependencies(pkg).length > 0, hasPublicDir: false, bins: {}, requiresBuild: false };
    }
    const ws: WorkspacePackage = {
      path: dir,
      evidence: pkg.name !== undefined ? { source: `${dir}/package.json`, field: 'name', value: pkg.name } : { source: `${dir}/package.json` },
      workspaceDependencies: local(productionDependencies(pkg), dir),
      workspaceDevDependencies: local(Object.keys(pkg.devDependencies), dir),
      app,
      warnings,
    };
    if (pkg.name !== undefined) ws.name = pkg.name;
    if (problem) ws.problem = problem;
    const runnable = runnableEvidence(pkg, app, dir);
    if (runnable) ws.runnable = runnable;
    return ws;
  });
  return { patterns, packages };
}

/**
 * An app, not a library: a start script, or a server framework it depends on at run time.
 * `main` alone does not count (every library has one), nor a static-site build (nginx serves it).
 */
function runnableEvidence(pkg: PackageJson, app: NodeAppFacts, dir: string): Evidence | undefined {
  if (app.staticOnly) return undefined;
  for (const script of ['start', 'start:prod']) {
    const text = pkg.scripts[script];
    if (text !== undefined) return { source: `${dir}/package.json`, field: `scripts.${script}`, value: text };
  }
  const framework = app.framework.value.id;
  // The evidence names the dependency that gave the framework away (a Next.js config file for standalone).
  const dependency = framework === 'next' ? 'next' : app.framework.evidence.value;
  if (framework !== 'node' && dependency !== undefined && dependency in pkg.dependencies) {
    return { source: `${dir}/package.json`, field: 'dependencies', value: dependency };
  }
  return undefined;
}

/** Evidence read through a SubFs names files relative to the package: make them repository-relative. */
function prefixAppEvidence(app: NodeAppFacts, dir: string): NodeAppFacts {
  const fix = <T>(f: Fact<T> | undefined): Fact<T> | undefined => {
    if (!f || PSEUDO_SOURCES.has(f.evidence.source) || f.evidence.source.startsWith('-')) return f;
    return { value: f.value, evidence: { ...f.evidence, source: `${dir}/${f.evidence.source}` } };
  };
  const out: NodeAppFacts = { ...app, framework: fix(app.framework)! };
  for (const key of ['nodeVersionSpec', 'staticOnly', 'build', 'frameworkBuild', 'start', 'entryPort', 'loopbackListen'] as const) {
    if (app[key]) (out as unknown as Record<string, unknown>)[key] = fix(app[key] as Fact<unknown>);
  }
  return out;
}

/** Markers of a workspace root above a package folder. */
const ROOT_MARKERS = ['pnpm-workspace.yaml', 'package.json'];
/** How many parent folders are looked at: apps/api and packages/scope/name sit two or three deep. */
const MAX_PARENTS = 3;

/**
 * Run inside one package of a monorepo, the project has no lockfile of its own: the root that does
 * is a few folders up. ProjectFs is rooted at the project folder and cannot see parents, so this
 * one check reads them with node:fs directly (only for a project on disk, at most three folders
 * up, two small files each). Returns the root (relative to the project folder) and the package's
 * folder within it, when the root's workspace patterns include this folder.
 */
export function findEnclosingWorkspace(fs: ProjectFs): { root: string; dir: string } | undefined {
  if (!(fs instanceof DiskFs)) return undefined;
  const project = resolve(fs.root);
  let parent = project;
  for (let i = 0; i < MAX_PARENTS; i++) {
    const next = dirname(parent);
    if (next === parent) return undefined;
    parent = next;
    if (!ROOT_MARKERS.some((file) => existsSync(join(parent, file)))) continue;
    try {
      const parentFs = new DiskFs(parent);
      const pkg = parentFs.isFile('package.json') ? readPackageJson(parentFs) : undefined;
      const patterns = readWorkspacePatterns(parentFs, pkg ?? ({ scripts: {}, dependencies: {}, devDependencies: {}, optionalDependencies: {}, engines: {} } as PackageJson));
      if (!patterns) continue;
      const dir = relative(parent, project).split('\\').join('/');
      if (expandWorkspacePatterns(parentFs, patterns.value).includes(dir)) return { root: relative(project, parent).split('\\').join('/'), dir };
    } catch {
      return undefined; // an unreadable parent is no reason to fail this project
    }
  }
  return undefined;
}
