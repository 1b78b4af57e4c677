import { fact, type Fact } from '../evidence.js';
import { type ProjectFs, readFirst } from '../fs.js';
import { readConfigValue } from '../static/js-config.js';
import { astroAdapter, nuxtPreset, remixTarget, svelteKitAdapter, type AdapterProblem } from './adapters.js';
import { hasDependency, type PackageJson } from './package-json.js';

/**
 * What kind of Node.js project this is. `server` frameworks produce a long-running process;
 * `static` ones only produce files to serve, which is the static-site stack's job.
 */
export type FrameworkId =
  | 'next'
  | 'nuxt'
  | 'nitro'
  | 'nest'
  | 'remix'
  | 'react-router'
  | 'astro-node'
  | 'sveltekit-node'
  | 'express'
  | 'fastify'
  | 'koa'
  | 'hono'
  | 'elysia'
  | 'hapi'
  | 'node';

export type StaticFrameworkId =
  | 'next-export'
  | 'vite'
  | 'create-react-app'
  | 'angular'
  | 'vue-cli'
  | 'astro-static'
  | 'sveltekit-static'
  | 'gatsby'
  | 'docusaurus'
  | 'eleventy'
  | 'vitepress'
  | 'react-router-spa';

export interface FrameworkFacts {
  id: FrameworkId;
  /** Next.js with `output: 'standalone'`: a self-contained server in .next/standalone. */
  nextStandalone?: boolean;
  /** Standalone only: the major of the declared `next` version, when the range names one; and
   *  whether next.config sets outputFileTracingRoot (both decide the output's layout in a monorepo). */
  nextMajor?: number;
  nextTracingRoot?: boolean;
  /** Nitro-based frameworks other than Nuxt (SolidStart, TanStack Start on Vinxi, Nitro itself):
   *  the command that builds their `.output`. */
  nitroBuild?: string[];
  /** The framework's adapter or preset builds for another platform: what to change. */
  adapterProblem?: Fact<AdapterProblem>;
}

/**
 * Frameworks built on Nitro, whose build writes a self-contained server to .output (its own
 * node_modules included), with the command that builds it. Nuxt is one too, detected on its own.
 * (Analog is Nitro-based too, but writes dist/analog/server: not this layout.)
 */
const NITRO_FRAMEWORKS: ReadonlyArray<[string, string[]]> = [
  ['vinxi', ['vinxi', 'build']],
  ['nitropack', ['nitropack', 'build']],
  ['nitro', ['nitro', 'build']],
];

/** The server a Nitro build writes. */
const NITRO_ENTRY = /(^|[\s/])\.output\/server\/index\.mjs\b/;

/**
 * Build outputs that carry their own node_modules (Next.js standalone, Nitro's .output): the
 * image ships the output alone, without the project's production node_modules.
 */
export function hasSelfContainedOutput(framework: FrameworkFacts): boolean {
  return framework.nextStandalone === true || framework.id === 'nuxt' || framework.id === 'nitro';
}

/** Plain server libraries: their presence means "this project runs a server". */
const SERVER_LIBRARIES: ReadonlyArray<[string, FrameworkId]> = [
  ['express', 'express'],
  ['fastify', 'fastify'],
  ['koa', 'koa'],
  ['hono', 'hono'],
  ['elysia', 'elysia'],
  ['@hapi/hapi', 'hapi'],
];

/**
 * Detects the framework. Order matters: meta-frameworks first (they depend on the libraries
 * listed later), then static-only tools, which are ruled out when a server library is present
 * (an Express app that serves a Vite build is a Node server).
 */
export function detectFramework(fs: ProjectFs, pkg: PackageJson): Fact<FrameworkFacts> {
  const dep = (name: string) => hasDependency(pkg, name);
  const found = (id: FrameworkId, evidence: string, extra: Partial<FrameworkFacts> = {}) =>
    fact<FrameworkFacts>({ id, ...extra }, 'package.json', 'dependencies', evidence);

  if (dep('next') && isNextApp(fs)) {
    const config = readFirst(fs, ['next.config.js', 'next.config.mjs', 'next.config.ts', 'next.config.cjs']);
    const standalone = config !== undefined && /output\s*:\s*['"`]standalone['"`]/.test(config.text);
    if (standalone) {
      const value: FrameworkFacts = { id: 'next', nextStandalone: true };
      const major = /^[\^~>=v\s]*(\d+)/.exec(pkg.dependencies['next'] ?? pkg.devDependencies['next'] ?? '');
      if (major) value.nextMajor = Number(major[1]);
      if (/outputFileTracingRoot/.test(config!.text)) value.nextTracingRoot = true;
      return fact(value, config!.file, 'output', 'standalone');
    }
    return found('next', 'next');
  }
  if (dep('nuxt')) {
    const preset = nuxtPreset(fs);
    return found('nuxt', 'nuxt', preset ? { adapterProblem: preset } : {});
  }
  for (const [name, build] of NITRO_FRAMEWORKS) if (dep(name)) return found('nitro', name, { nitroBuild: build });
  // Another Nitro-based framework (TanStack Start on Vite, say): its start script runs the output.
  const start = pkg.scripts['start'] ?? '';
  if (NITRO_ENTRY.test(start)) return fact<FrameworkFacts>({ id: 'nitro' }, 'package.json', 'scripts.start', start);
  if (dep('@nestjs/core')) return found('nest', '@nestjs/core');
  if (dep('@react-router/serve') || dep('@react-router/node')) return found('react-router', '@react-router/serve');
  if (dep('@remix-run/serve') || dep('@remix-run/node') || dep('@remix-run/dev')) {
    // Remix with another platform's runtime (or a Vite preset for one) builds no Node.js server.
    const target = remixTarget(fs, pkg);
    if (target) return found('remix', '@remix-run/dev', { adapterProblem: target });
    if (dep('@remix-run/serve') || dep('@remix-run/node')) return found('remix', '@remix-run/serve');
  }
  if (dep('astro') && dep('@astrojs/node')) return found('astro-node', '@astrojs/node');
  if (dep('astro')) {
    // Without the Node.js adapter, Astro builds a static site unless it renders on demand.
    const adapter = astroAdapter(fs, pkg);
    if (adapter) return found('astro-node', 'astro', { adapterProblem: adapter });
  }
  if (dep('@sveltejs/kit') && dep('@sveltejs/adapter-node')) return found('sveltekit-node', '@sveltejs/adapter-node');
  if (dep('@sveltejs/kit') && !dep('@sveltejs/adapter-static')) {
    return found('sveltekit-node', '@sveltejs/kit', { adapterProblem: svelteKitAdapter(fs, pkg) });
  }
  for (const [name, id] of SERVER_LIBRARIES) if (dep(name)) return found(id, name);
  if (dep('@hono/node-server')) return found('hono', '@hono/node-server');
  return fact({ id: 'node' }, 'package.json', undefined, 'no server framework dependency');
}

/**
 * A framework that only produces static files, when the project has no server of its own.
 * Returns the evidence for the static tool found.
 */
export function detectStaticOnly(fs: ProjectFs, pkg: PackageJson, framework: FrameworkFacts): Fact<StaticFrameworkId> | undefined {
  // React Router's framework mode (its Vite plugin, @react-router/dev) with ssr: false builds no
  // server. Otherwise it builds one (for another runtime's adapter, if the project has no Node.js
  // one): never a plain Vite site in dist/.
  if ((framework.id === 'react-router' || framework.id === 'node') && hasDependency(pkg, '@react-router/dev')) {
    return reactRouterSpa(fs);
  }
  if (framework.id !== 'node') {
    if (framework.id !== 'next') return undefined;
    const config = readFirst(fs, ['next.config.js', 'next.config.mjs', 'next.config.ts', 'next.config.cjs']);
    if (config && /output\s*:\s*['"`]export['"`]/.test(config.text)) {
      return fact('next-export', config.file, 'output', 'export');
    }
    return undefined;
  }
  const dep = (name: string) => hasDependency(pkg, name);
  const tools: ReadonlyArray<[string, StaticFrameworkId, boolean?]> = [
    ['react-scripts', 'create-react-app'],
    ['@angular/core', 'angular', !dep('@angular/ssr') && !dep('@nguniversal/express-engine')],
    ['@vue/cli-service', 'vue-cli'],
    ['gatsby', 'gatsby'],
    ['@docusaurus/core', 'docusaurus'],
    ['@11ty/eleventy', 'eleventy'],
    // VitePress builds with Vite: it must be looked for before Vite.
    ['vitepress', 'vitepress'],
    ['astro', 'astro-static'],
    ['@sveltejs/adapter-static', 'sveltekit-static'],
    ['vite', 'vite'],
  ];
  for (const [name, id, applies = true] of tools) {
    if (dep(name) && applies) return fact(id, 'package.json', 'dependencies', name);
  }
  return undefined;
}

/**
 * `ssr: false` in react-router.config: "SPA mode", where `react-router build` writes only
 * build/client (an index.html and assets) and no server build for react-router-serve to run.
 */
function reactRouterSpa(fs: ProjectFs): Fact<StaticFrameworkId> | undefined {
  const config = readFirst(fs, ['react-router.config.ts', 'react-router.config.mts', 'react-router.config.js', 'react-router.config.mjs']);
  const ssr = config && readConfigValue(config.text, ['ssr']);
  if (config && ssr?.kind === 'computed' && ssr.source === 'false') return fact('react-router-spa', config.file, 'ssr', 'false');
  return undefined;
}

/**
 * Whether `next` in the dependencies is a Next.js app here: its config or one of its app folders
 * is, or the folder is an Nx / Turborepo root that keeps its apps elsewhere (refused later with
 * the build to run). A package that only depends on next (a scanner's test app that runs a plain
 * server.js) is a plain Node.js project: `next start` there would serve nothing.
 */
function isNextApp(fs: ProjectFs): boolean {
  const markers = ['next.config.js', 'next.config.mjs', 'next.config.ts', 'next.config.cjs', 'nx.json', 'turbo.json'];
  const folders = ['app', 'pages', 'src/app', 'src/pages'];
  return markers.some((file) => fs.isFile(file)) || folders.some((dir) => fs.isDirectory(dir));
}
