import { posix } from 'node:path';
import type * as JsoncParser from 'jsonc-parser';
import { parse as parseShell } from 'shell-quote';
import { DockgenError } from '../../errors.js';
import { lazyRequire } from '../../lazy-require.js';
import { fact, type Fact } from '../evidence.js';
import type { ProjectFs } from '../fs.js';
import type { StaticFrameworkId } from '../node/framework.js';

/**
 * Where each tool writes the built site, when the project does not say otherwise. Build configs
 * are JavaScript, which cannot be evaluated safely here: a literal `outDir: '…'` (or the tool's
 * flag in the build script) is read, and anything computed falls back to the default, which the
 * --explain output names.
 */
const DEFAULT_OUTPUT: Record<StaticFrameworkId, string> = {
  vite: 'dist',
  'create-react-app': 'build',
  angular: 'dist',
  'vue-cli': 'dist',
  'astro-static': 'dist',
  'next-export': 'out',
  gatsby: 'public',
  docusaurus: 'build',
  eleventy: '_site',
  vitepress: '.vitepress/dist',
  'sveltekit-static': 'build',
  'react-router-spa': 'build/client',
};

/** Per tool: its config files, the literal option that moves the output, and its CLI flags. */
const OVERRIDES: Partial<Record<StaticFrameworkId, { configs: string[]; key?: RegExp; flags: string[] }>> = {
  vite: { configs: jsConfigs('vite.config'), key: /\boutDir\s*:\s*(['"`])([^'"`$]+)\1/, flags: ['--outDir'] },
  'vue-cli': { configs: ['vue.config.js', 'vue.config.cjs', 'vue.config.mjs'], key: /\boutputDir\s*:\s*(['"`])([^'"`$]+)\1/, flags: ['--dest'] },
  'astro-static': { configs: jsConfigs('astro.config'), key: /\boutDir\s*:\s*(['"`])([^'"`$]+)\1/, flags: ['--outDir'] },
  eleventy: { configs: ['eleventy.config.js', 'eleventy.config.mjs', 'eleventy.config.cjs', '.eleventy.js'], key: /\boutput\s*:\s*(['"`])([^'"`$]+)\1/, flags: ['--output'] },
  'sveltekit-static': { configs: ['svelte.config.js', 'svelte.config.mjs'], key: /\bpages\s*:\s*(['"`])([^'"`$]+)\1/, flags: [] },
  docusaurus: { configs: [], flags: ['--out-dir'] },
};

export function jsConfigs(base: string): string[] {
  return ['.ts', '.mts', '.js', '.mjs', '.cjs', '.cts'].map((ext) => base + ext);
}

/** The first readable file of a list, with its text. */
export function readFirst(fs: ProjectFs, files: string[]): { file: string; text: string } | undefined {
  for (const file of files) {
    const text = fs.tryReadText(file);
    if (text !== undefined) return { file, text };
  }
  return undefined;
}

/** The folder (relative to the project) that holds the built site. */
export function detectOutputDir(fs: ProjectFs, tool: StaticFrameworkId, buildScript: string | undefined): Fact<string> {
  if (tool === 'angular') return angularOutput(fs);
  if (tool === 'vitepress') return vitepressOutput(fs, buildScript);
  const override = OVERRIDES[tool];
  if (override && buildScript !== undefined) {
    const flag = scriptFlag(buildScript, override.flags);
    if (flag) return fact(clean(flag), 'package.json', 'scripts.build', buildScript);
  }
  if (tool === 'create-react-app' && buildScript !== undefined) {
    const env = /\bBUILD_PATH=(['"]?)([\w./-]+)\1/.exec(buildScript);
    if (env) return fact(clean(env[2]!), 'package.json', 'scripts.build', buildScript);
  }
  if (override?.key) {
    const config = readFirst(fs, override.configs);
    const match = config && override.key.exec(config.text);
    if (config && match) return fact(clean(match[2]!), config.file, match[0].split(/\s*:/)[0], match[2]);
  }
  return fact(DEFAULT_OUTPUT[tool], 'default', undefined, `${tool} writes ${DEFAULT_OUTPUT[tool]}/`);
}

/** `--outDir x` or `--outDir=x` in a script, for any of the given flags. */
export function scriptFlag(script: string, flags: string[]): string | undefined {
  const words = parseShell(script).filter((token): token is string => typeof token === 'string');
  for (const [index, word] of words.entries()) {
    for (const flag of flags) {
      if (word === flag && words[index + 1] !== undefined) return words[index + 1];
      if (word.startsWith(`${flag}=`)) return word.slice(flag.length + 1);
    }
  }
  return undefined;
}

function clean(dir: string): string {
  return dir.replace(/^\.\//, '').replace(/\/+$/, '');
}

/**
 * angular.json: the application's build target `outputPath` (a string, or `{ base, browser }`).
 * The application builders (Angular ≥ 17) put the browser files in `<outputPath>/browser`;
 * the older browser builders write them to outputPath itself.
 */
function angularOutput(fs: ProjectFs): Fact<string> {
  const text = fs.readText('angular.json');
  if (text === undefined) return fact('dist', 'default', undefined, 'no angular.json');
  const { parse } = lazyRequire('jsonc-parser') as typeof JsoncParser;
  const data = parse(text) as { projects?: Record<string, AngularProject> } | undefined;
  const projects = Object.entries(data?.projects ?? {});
  const [name, project] = projects.find(([, p]) => p.projectType === 'application') ?? projects[0] ?? [];
  if (!name || !project) {
    throw new DockgenError('angular.json has no projects.', 'Check angular.json, or build the site yourself and serve its folder with a Staticfile (root: <folder>).');
  }
  const build = (project.architect ?? project.targets)?.build;
  const builder = build?.builder ?? '';
  const output = build?.options?.outputPath;
  const application = /:application$/.test(builder);
  const field = `projects.${name}.architect.build.options.outputPath`;
  if (typeof output === 'object' && output !== null) {
    const base = clean(output.base ?? `dist/${name}`);
    const browser = output.browser ?? 'browser';
    return fact(browser ? `${base}/${clean(browser)}` : base, 'angular.json', field, JSON.stringify(output));
  }
  const base = typeof output === 'string' ? clean(output) : `dist/${name}`;
  const dir = application ? `${base}/browser` : base;
  return fact(dir, 'angular.json', typeof output === 'string' ? field : `projects.${name} (builder ${builder || 'unknown'})`, typeof output === 'string' ? output : builder);
}

interface AngularProject {
  projectType?: string;
  architect?: { build?: AngularTarget };
  targets?: { build?: AngularTarget };
}
interface AngularTarget {
  builder?: string;
  options?: { outputPath?: string | { base?: string; browser?: string } };
}

/**
 * VitePress builds the folder its command names (`vitepress build docs`, the layout `vitepress
 * init` writes; the project root otherwise) into that folder's .vitepress/dist, or into a literal
 * `outDir` of its .vitepress/config, which is relative to that folder too.
 */
export function vitepressRoot(buildScript: string | undefined): string {
  const words = buildScript === undefined ? [] : parseShell(buildScript).filter((token): token is string => typeof token === 'string');
  const at = words.indexOf('vitepress');
  const root = at >= 0 && words[at + 1] === 'build' ? words.slice(at + 2).find((word) => !word.startsWith('-')) : undefined;
  return root === undefined || clean(root) === '.' ? '' : clean(root);
}

function vitepressOutput(fs: ProjectFs, buildScript: string | undefined): Fact<string> {
  const root = vitepressRoot(buildScript);
  const prefix = root === '' ? '' : `${root}/`;
  const config = readFirst(fs, jsConfigs(`${prefix}.vitepress/config`));
  const outDir = config && /\boutDir\s*:\s*(['"`])([^'"`$]+)\1/.exec(config.text);
  // Relative to the built folder: `../public-site` from docs/ is public-site (a path that leaves the
  // project stays as written, and the plan refuses it).
  if (config && outDir) return fact(clean(posix.normalize(`${prefix}${outDir[2]}`)), config.file, 'outDir', outDir[2]);
  const why = `vitepress writes ${prefix}.vitepress/dist/`;
  return buildScript === undefined ? fact(`${prefix}.vitepress/dist`, 'default', undefined, why) : fact(`${prefix}.vitepress/dist`, 'package.json', 'build script', buildScript);
}
