import { fact, type Fact } from '../evidence.js';
import type { ProjectFs } from '../fs.js';
import type { StaticFrameworkId } from '../node/framework.js';
import { hasDependency, type PackageJson } from '../node/package-json.js';
import { readFirst } from './output.js';

/**
 * How unknown paths are answered. A single-page app routes in the browser (history API), so a
 * deep link such as /users/42 must get the app's HTML document with 200; a multi-page site has
 * a file per page, and a missing one is a real 404.
 */
export interface Routing {
  spa: boolean;
  /** The document served for unknown paths (SPA only), e.g. `/index.html`. */
  fallback?: string;
}

/** Client-side routers: a project that depends on one navigates without the server. */
const ROUTERS = [
  'react-router', 'react-router-dom', '@tanstack/react-router', '@tanstack/vue-router', '@tanstack/solid-router', 'wouter',
  'vue-router', '@angular/router', 'svelte-routing', 'svelte-spa-router', '@solidjs/router', 'preact-router', 'preact-iso', '@reach/router',
];
/** UI libraries that render in the browser: a Vite app built on one is a single-page app. */
const SPA_LIBRARIES = ['react', 'vue', 'svelte', 'preact', 'solid-js', 'lit', '@angular/core'];
/** Tools whose output is always one page driven by JavaScript. */
const SPA_TOOLS: ReadonlySet<StaticFrameworkId> = new Set(['create-react-app', 'angular', 'vue-cli']);
/** Tools that prerender a file per page (their client routers only enhance navigation). */
const PAGE_TOOLS: ReadonlySet<StaticFrameworkId> = new Set(['next-export', 'astro-static', 'gatsby', 'docusaurus', 'eleventy', 'vitepress']);

const SPA: Routing = { spa: true, fallback: '/index.html' };
const PAGES: Routing = { spa: false };

export function detectNodeRouting(fs: ProjectFs, pkg: PackageJson, tool: StaticFrameworkId): Fact<Routing> {
  if (PAGE_TOOLS.has(tool)) return fact(PAGES, 'framework', undefined, `${tool} writes a page per route`);
  if (tool === 'sveltekit-static') return svelteKitRouting(fs);
  if (SPA_TOOLS.has(tool)) return fact(SPA, 'framework', undefined, `${tool} builds a single-page app`);
  const router = ROUTERS.find((name) => hasDependency(pkg, name));
  if (router) return fact(SPA, 'package.json', 'dependencies', router);
  const vite = readFirst(fs, ['vite.config.ts', 'vite.config.mts', 'vite.config.js', 'vite.config.mjs']);
  // Several HTML entry points (build.rollupOptions.input) make a multi-page Vite site.
  if (vite && (vite.text.match(/\.html['"`]/g) ?? []).length >= 2) return fact(PAGES, vite.file, 'build.rollupOptions.input', 'several .html entries');
  const library = SPA_LIBRARIES.find((name) => hasDependency(pkg, name));
  if (library) return fact(SPA, 'package.json', 'dependencies', library);
  return fact(PAGES, 'package.json', 'dependencies', 'no client-side router or UI library');
}

/** adapter-static with `fallback: '200.html'` (SPA mode) serves that page for unknown paths. */
function svelteKitRouting(fs: ProjectFs): Fact<Routing> {
  const config = readFirst(fs, ['svelte.config.js', 'svelte.config.mjs']);
  const fallback = config && /\bfallback\s*:\s*(['"`])([\w.-]+\.html)\1/.exec(config.text);
  if (config && fallback) return fact({ spa: true, fallback: `/${fallback[2]}` }, config.file, 'adapter fallback', fallback[2]);
  return fact(PAGES, 'framework', undefined, 'adapter-static prerenders every page');
}

export function plainRouting(pushState: Fact<boolean> | undefined, siteDir: Fact<string>): Fact<Routing> {
  if (pushState?.value) return { value: SPA, evidence: pushState.evidence };
  if (pushState) return { value: PAGES, evidence: pushState.evidence };
  return { value: PAGES, evidence: { ...siteDir.evidence, value: 'hand-written pages' } };
}
