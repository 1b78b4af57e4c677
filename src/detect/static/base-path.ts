import type * as JsoncParser from 'jsonc-parser';
import { lazyRequire } from '../../lazy-require.js';
import { fact, type Fact } from '../evidence.js';
import type { ProjectFs } from '../fs.js';
import type { StaticFrameworkId } from '../node/framework.js';
import { readConfigValue } from './js-config.js';
import { jsConfigs, readFirst, scriptFlag, vitepressRoot } from './output.js';

/**
 * The URL path a site is built for (its "base"): a site built for https://x.github.io/app/ asks
 * for /app/assets/index-3f9c.js, which a server that has the files at its root answers with 404.
 * Every tool here writes the files at the root of its output folder and only puts the prefix into
 * the URLs (checked in each tool's docs: Vite `base`, CRA `homepage`, Next.js `basePath`, Astro
 * `base`, Angular `baseHref`, SvelteKit `paths.base`, Docusaurus `baseUrl`, Eleventy `pathPrefix`,
 * Vue CLI `publicPath`, Gatsby `pathPrefix` with --prefix-paths, Hugo `baseURL`), so the plan
 * copies the output under that path.
 *
 * Only literal strings are read: a config file is code, and dockgen never runs it. A value
 * computed in code gets a warning that says how to make it readable.
 */
export interface BasePath {
  /** Normalised `/app/` form (leading and trailing slash); absent when the site is built for `/`. */
  basePath?: Fact<string>;
  warnings: string[];
}

/** Per tool: the config files, the option's place in them, and the CLI flag that overrides it. */
const JS_OPTIONS: Partial<Record<StaticFrameworkId, { configs: string[]; path: string[]; flags: string[] }>> = {
  vite: { configs: jsConfigs('vite.config'), path: ['base'], flags: ['--base'] },
  'astro-static': { configs: jsConfigs('astro.config'), path: ['base'], flags: ['--base'] },
  'next-export': { configs: ['next.config.js', 'next.config.mjs', 'next.config.ts', 'next.config.cjs'], path: ['basePath'], flags: [] },
  'sveltekit-static': { configs: ['svelte.config.js', 'svelte.config.mjs'], path: ['kit', 'paths', 'base'], flags: [] },
  docusaurus: { configs: jsConfigs('docusaurus.config'), path: ['baseUrl'], flags: [] },
  eleventy: { configs: ['eleventy.config.js', 'eleventy.config.mjs', 'eleventy.config.cjs', '.eleventy.js'], path: ['pathPrefix'], flags: ['--pathprefix'] },
  'vue-cli': { configs: ['vue.config.js', 'vue.config.cjs', 'vue.config.mjs'], path: ['publicPath'], flags: [] },
  gatsby: { configs: jsConfigs('gatsby-config'), path: ['pathPrefix'], flags: [] },
};

const NONE: BasePath = { warnings: [] };

/** VitePress reads `base` from the .vitepress/config of the folder it builds. */
function vitepressOption(buildScript: string | undefined): { configs: string[]; path: string[]; flags: string[] } {
  const root = vitepressRoot(buildScript);
  return { configs: jsConfigs(`${root === '' ? '' : `${root}/`}.vitepress/config`), path: ['base'], flags: ['--base'] };
}

/** The base path of a site built with a Node.js tool. */
export function detectBasePath(fs: ProjectFs, tool: StaticFrameworkId, buildScript: string | undefined): BasePath {
  if (tool === 'create-react-app') return craBase(fs, buildScript);
  if (tool === 'angular') return angularBase(fs, buildScript);
  const option = tool === 'vitepress' ? vitepressOption(buildScript) : JS_OPTIONS[tool];
  if (!option) return NONE;
  // Gatsby ignores pathPrefix unless the build asks for it (its docs: --prefix-paths or PREFIX_PATHS=true).
  if (tool === 'gatsby' && !(buildScript !== undefined && /--prefix-paths\b|\bPREFIX_PATHS=(['"]?)true\1/.test(buildScript))) return NONE;
  const flagged = buildScript !== undefined ? fromFlag(buildScript, option.flags) : undefined;
  if (flagged) return flagged;
  const config = readFirst(fs, option.configs);
  if (!config) return NONE;
  const field = option.path.join('.');
  const value = readConfigValue(config.text, option.path);
  if (!value) return NONE;
  if (value.kind === 'computed') return computed(`${config.file} sets ${field} in code (${value.source})`, `write it as a string (${option.path[option.path.length - 1]}: '/app/')`);
  return found(value.value, config.file, field);
}

/** Hugo: the path part of `baseURL` (https://x.github.io/site/ → /site/). */
export function hugoBasePath(baseURL: Fact<string> | undefined): BasePath {
  if (!baseURL) return NONE;
  return found(baseURL.value, baseURL.evidence.source, baseURL.evidence.field ?? 'baseURL');
}

/**
 * `/app/` from any of the ways tools write it: `/app`, `app/`, `https://host/app/`, `//host/app`.
 * Undefined for the root (`/`, `''`) and for relative bases (`./`, `.`), which work at any path.
 * Query and fragment are not part of the path (CRA reads a `homepage` like …/repo#readme so).
 * Not validated here: the plan refuses anything outside a strict character set.
 */
export function normalizeBasePath(raw: string): string | undefined {
  let path = raw.trim().replace(/[?#][\s\S]*$/, '');
  const url = /^(?:[a-z][a-z0-9+.-]*:)?\/\/[^/]*/i.exec(path);
  if (url) path = path.slice(url[0].length);
  if (path === '' || path.startsWith('.')) return undefined;
  path = `/${path}/`.replace(/\/{2,}/g, '/');
  return path === '/' ? undefined : path;
}

function found(raw: string, file: string, field: string): BasePath {
  const value = normalizeBasePath(raw);
  return value === undefined ? NONE : { basePath: fact(value, file, field, raw), warnings: [] };
}

/** `what` dockgen could not read; `how` to write it so that it can. */
function computed(what: string, how: string): BasePath {
  return {
    warnings: [
      `${what}, which dockgen does not run: it could not read the path the site is built for, ` +
        `so the image serves the site from /. If the site is built for a sub-path, ${how} so that dockgen serves it there.`,
    ],
  };
}

function fromFlag(buildScript: string, flags: string[]): BasePath | undefined {
  const value = scriptFlag(buildScript, flags);
  if (value === undefined) return undefined;
  // shell-quote expands $VAR to '': the value comes from the build's environment.
  if (value === '' && /\$/.test(buildScript)) return fromEnvironment(buildScript, `${flags[0]} /app/`);
  return found(value, 'package.json', 'scripts.build');
}

function fromEnvironment(buildScript: string, literal: string): BasePath {
  return computed(`package.json scripts.build takes the path from an environment variable (${buildScript})`, `write it into the script (${literal})`);
}

/** CRA: PUBLIC_URL in the build script, else the path part of package.json `homepage`. */
function craBase(fs: ProjectFs, buildScript: string | undefined): BasePath {
  const env = buildScript !== undefined ? /\bPUBLIC_URL=(\S*)/.exec(buildScript) : null;
  if (env) {
    const value = env[1]!.replace(/^(['"])(.*)\1$/, '$2');
    if (value.includes('$')) return fromEnvironment(buildScript!, 'PUBLIC_URL=/app/');
    return found(value, 'package.json', 'scripts.build');
  }
  const pkg = parseJson(fs.readText('package.json'));
  const homepage = pkg?.['homepage'];
  return typeof homepage === 'string' ? found(homepage, 'package.json', 'homepage') : NONE;
}

/**
 * Angular: `--base-href` in the build script, else `baseHref` of the build configuration that
 * `ng build` uses (its defaultConfiguration, production in new projects), else of its options.
 */
function angularBase(fs: ProjectFs, buildScript: string | undefined): BasePath {
  const flagged = buildScript !== undefined ? fromFlag(buildScript, ['--base-href']) : undefined;
  if (flagged) return flagged;
  const data = parseJson(fs.readText('angular.json'), true) as { projects?: Record<string, AngularProject> } | undefined;
  const projects = Object.entries(data?.projects ?? {});
  const [name, project] = projects.find(([, p]) => p.projectType === 'application') ?? projects[0] ?? [];
  const target = project && (project.architect ?? project.targets)?.build;
  if (!name || !target) return NONE;
  const flag = buildScript !== undefined ? scriptFlag(buildScript, ['--configuration', '-c']) ?? (/(^|\s)--prod\b/.test(buildScript) ? 'production' : undefined) : undefined;
  const configuration = flag ?? target.defaultConfiguration;
  const chosen = configuration !== undefined ? target.configurations?.[configuration]?.baseHref : undefined;
  if (typeof chosen === 'string') return found(chosen, 'angular.json', `projects.${name}.architect.build.configurations.${configuration}.baseHref`);
  const base = target.options?.baseHref;
  return typeof base === 'string' ? found(base, 'angular.json', `projects.${name}.architect.build.options.baseHref`) : NONE;
}

interface AngularProject {
  projectType?: string;
  architect?: { build?: AngularTarget };
  targets?: { build?: AngularTarget };
}
interface AngularTarget {
  defaultConfiguration?: string;
  options?: { baseHref?: unknown };
  configurations?: Record<string, { baseHref?: unknown } | undefined>;
}

function parseJson(text: string | undefined, comments = false): Record<string, unknown> | undefined {
  if (text === undefined) return undefined;
  let data: unknown;
  if (comments) {
    data = (lazyRequire('jsonc-parser') as typeof JsoncParser).parse(text);
  } else {
    try {
      data = JSON.parse(text);
    } catch {
      return undefined;
    }
  }
  return typeof data === 'object' && data !== null && !Array.isArray(data) ? (data as Record<string, unknown>) : undefined;
}
