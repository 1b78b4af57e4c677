import type { Fact } from '../evidence.js';
import type { ProjectFs } from '../fs.js';
import { detectFramework, detectStaticOnly, type FrameworkFacts, type StaticFrameworkId } from './framework.js';
import { productionDependencies, type PackageJson } from './package-json.js';
import { dependencyBins, type PackageBin } from './bins.js';
import { detectFrameworkBuild, requiresBuild, type FrameworkBuild } from './framework-build.js';
import { detectLoopbackListen, detectPortInEntry, entryServes, type LoopbackListen } from './port.js';
import { bunBuildStart, detectBunRuntime, detectBunVersionSpec } from './bun.js';
import { detectStartCommand, devOnlyPreloads, entryFileOf, type StartCommand } from './start.js';
import { detectNodeVersionSpec } from './version.js';
import { namespacedBuild } from './static-build-script.js';

/**
 * What one package says about the app it runs: the project root's package, or one workspace
 * package of a monorepo (read through a SubFs, so every path is relative to its folder).
 */
export interface NodeAppFacts {
  name?: string;
  /** The declared version specification; resolved to an exact release by the plan. */
  nodeVersionSpec?: Fact<string>;
  framework: Fact<FrameworkFacts>;
  /** Set when the project only builds static files (a Vite SPA, CRA, Next export …). */
  staticOnly?: Fact<StaticFrameworkId>;
  /** The build script, when there is one. */
  build?: Fact<string>;
  /** No build script, but the app serves only what its framework's build writes: that build's
   *  command (a node_modules/.bin binary and its arguments), as Nx and Turborepo infer it. */
  frameworkBuild?: Fact<FrameworkBuild>;
  /** The app cannot start without a build (its framework serves only built output). */
  requiresBuild: boolean;
  start?: Fact<StartCommand>;
  /** A PORT fallback written in the entry file. */
  entryPort?: Fact<number>;
  /** No server framework and no sign of serving in the entry (or what it imports): a worker, no port. */
  worker?: Fact<string>;
  /** The entry file listens on a loopback address (or Fastify's default, localhost). */
  loopbackListen?: Fact<LoopbackListen>;
  /** Commands the dependencies install into node_modules/.bin, for resolving --cmd. */
  bins: Record<string, PackageBin>;
  /** False when `dependencies` is empty: `npm ci --omit=dev` then creates no node_modules. */
  hasProductionDependencies: boolean;
  /** A public/ folder exists (Next.js serves it; standalone output must copy it). */
  hasPublicDir: boolean;
  /** The app runs on Bun, not Node.js: the evidence that decided it (detect/node/bun.ts). */
  bun?: Fact<string>;
  /** The Bun version the package declares (packageManager bun@, .bun-version, engines.bun …). */
  bunVersionSpec?: Fact<string>;
}

/**
 * Framework, start command, port, build and Node.js version of one package. `staticOnly` is not
 * looked for when `checkStatic` is false (a monorepo root's Vite is tooling, not a site).
 * Warnings about the start command go to `warnings`.
 */
export function detectApp(fs: ProjectFs, pkg: PackageJson, warnings: string[], checkStatic = true): NodeAppFacts {
  const framework = detectFramework(fs, pkg);
  let start = detectStartCommand(fs, pkg, framework.value, warnings);
  const bun = detectBunRuntime(fs, pkg, start);
  if (bun?.start) start = bunBuildStart(pkg, bun.start) ?? bun.start;
  if (bun?.note) warnings.push(bun.note);
  const staticOnly = !checkStatic || bun !== undefined || (start?.value.argv[0] === 'node' && start.evidence.source === 'package.json')
    ? undefined
    : detectStaticOnly(fs, pkg, framework.value);
  const app: NodeAppFacts = {
    framework,
    hasProductionDependencies: productionDependencies(pkg).length > 0,
    hasPublicDir: fs.isDirectory('public'),
    bins: dependencyBins(fs, pkg),
    requiresBuild: requiresBuild(framework.value, start && entryFileOf(start.value.argv)),
  };
  if (pkg.name !== undefined) app.name = pkg.name;
  if (bun) app.bun = bun.runtime;
  // Read for every package: a monorepo root that pins Bun (packageManager) pins it for the Bun app
  // in one of its workspace packages too.
  const bunSpec = detectBunVersionSpec(fs, pkg);
  if (bunSpec) app.bunVersionSpec = bunSpec;
  const spec = detectNodeVersionSpec(fs, pkg);
  if (spec) app.nodeVersionSpec = spec;
  if (staticOnly) app.staticOnly = staticOnly;
  const build = pkg.scripts['build'];
  const named = build === undefined && staticOnly ? namespacedBuild(pkg, staticOnly.value) : undefined;
  if (build !== undefined) app.build = { value: build, evidence: { source: 'package.json', field: 'scripts.build', value: build } };
  else if (named) app.build = { value: named.text, evidence: { source: 'package.json', field: `scripts.${named.script}`, value: named.text } };
  else if (app.requiresBuild && !staticOnly) {
    const frameworkBuild = detectFrameworkBuild(fs, pkg, framework.value, app.bins);
    if (frameworkBuild) app.frameworkBuild = frameworkBuild;
  }
  if (start) {
    app.start = start;
    const entry = entryFileOf(start.value.argv);
    const port = detectPortInEntry(fs, entry);
    if (port) app.entryPort = port;
    const loopback = detectLoopbackListen(fs, entry, framework.value.id === 'fastify');
    if (loopback) app.loopbackListen = loopback;
    if (framework.value.id === 'node' && !port && entry && entryServes(fs, entry) === false) {
      app.worker = { value: entry, evidence: { source: entry, value: 'no listen(), HTTP server or PORT in it or the modules it imports' } };
    }
  }
  return app;
}

/** Warnings about a start command that preloads a package the production install leaves out. */
export function preloadWarnings(app: NodeAppFacts, pkg: PackageJson): string[] {
  if (!app.start) return [];
  return devOnlyPreloads(app.start.value.argv, pkg).map(
    (name) =>
      `The start command preloads ${name}, which is not in "dependencies": the production image will not have it. ` +
      `Move ${name} to dependencies, or build the app and pass --cmd "node <built file>".`,
  );
}
