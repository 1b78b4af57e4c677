import type * as JsoncParser from 'jsonc-parser';
import { lazyRequire } from '../../lazy-require.js';
import semverGt from 'semver/functions/gt.js';
import semverValid from 'semver/functions/valid.js';
import { HUGO_DEFAULT_VERSION, NGINX_TABLE_CHECKED } from '../../versions/nginx.js';
import { fact, type Fact } from '../evidence.js';
import type { ProjectFs } from '../fs.js';
import { parseToml, toolVersionsSpec } from '../tool-versions.js';

export interface HugoSite {
  /** The site configuration file. */
  config: string;
  /** Exact Hugo version to download. */
  version: Fact<string>;
  /** Where `hugo` writes the site (publishDir, default public). */
  publishDir: Fact<string>;
  /** `baseURL` as written (its path part is the path the site is built for). */
  baseURL?: Fact<string>;
  warnings: string[];
}

/** Hugo ≥ 0.110 names its configuration hugo.*; older sites use config.*, a name too common to
 *  trust alone, so those also need one of Hugo's own folders. */
const HUGO_CONFIGS = ['hugo.toml', 'hugo.yaml', 'hugo.yml', 'hugo.json', 'config/_default/hugo.toml', 'config/_default/hugo.yaml'];
const LEGACY_CONFIGS = ['config.toml', 'config.yaml', 'config.yml', 'config.json', 'config/_default/config.toml', 'config/_default/config.yaml'];
const HUGO_FOLDERS = ['content', 'layouts', 'archetypes'];

export function hugoConfigFile(fs: ProjectFs): string | undefined {
  const own = HUGO_CONFIGS.find((file) => fs.isFile(file));
  if (own) return own;
  if (!HUGO_FOLDERS.some((dir) => fs.isDirectory(dir))) return undefined;
  return LEGACY_CONFIGS.find((file) => fs.isFile(file));
}

export function detectHugo(fs: ProjectFs): HugoSite | undefined {
  const config = hugoConfigFile(fs);
  if (!config) return undefined;
  const warnings: string[] = [];
  const data = readConfig(fs, config);
  const site: HugoSite = {
    config,
    version: hugoVersion(fs, data, config, warnings),
    publishDir: typeof data['publishDir'] === 'string' && data['publishDir'] !== ''
      ? fact(String(data['publishDir']).replace(/^\.\//, '').replace(/\/+$/, ''), config, 'publishDir', String(data['publishDir']))
      : fact('public', 'default', undefined, "Hugo's default publishDir"),
    warnings,
  };
  // Hugo's configuration keys are case-insensitive (baseURL, baseurl).
  const baseKey = Object.keys(data).find((key) => key.toLowerCase() === 'baseurl');
  const baseURL = baseKey !== undefined ? data[baseKey] : undefined;
  if (typeof baseURL === 'string') site.baseURL = fact(baseURL, config, baseKey, baseURL);
  if (fs.isFile('go.mod') || isRecord(data['module']) && Array.isArray(data['module']['imports'])) {
    warnings.push('The site uses Hugo Modules, which need Go and Git in the build stage; dockgen does not install them. Vendor the modules (hugo mod vendor) so that the build works offline.');
  }
  if (data['enableGitInfo'] === true) {
    warnings.push(`${config} sets enableGitInfo, but .git stays out of the build context (R23): Hugo will build without Git dates.`);
  }
  if (fs.isFile('package.json')) {
    warnings.push('The Hugo build stage does not run an npm install: if the site needs npm packages (PostCSS, Tailwind), their build step must be added by hand.');
  }
  return site;
}

/** The Hugo version: asdf/mise, Netlify's HUGO_VERSION, a theme's minimum, else dockgen's default. */
function hugoVersion(fs: ProjectFs, data: Record<string, unknown>, config: string, warnings: string[]): Fact<string> {
  const pinned = toolVersionsSpec(fs, ['hugo', 'hugo-extended']) ?? netlifyVersion(fs);
  if (pinned) {
    const version = pinned.value.replace(/^(extended_)?v?/, '');
    if (/^\d+\.\d+\.\d+$/.test(version)) return { ...pinned, value: version };
    warnings.push(`${pinned.evidence.source} names Hugo "${pinned.value}", which is not an exact version (X.Y.Z); using ${HUGO_DEFAULT_VERSION}.`);
  }
  // A theme's minimum (module.hugoVersion.min) wins only when it is newer than the default.
  const module = isRecord(data['module']) ? data['module'] : {};
  const min = isRecord(module['hugoVersion']) ? module['hugoVersion']['min'] : undefined;
  const minVersion = typeof min === 'string' ? semverValid(min.replace(/^v/, '').replace(/^(\d+\.\d+)$/, '$1.0')) : null;
  if (minVersion && semverGt(minVersion, HUGO_DEFAULT_VERSION)) return fact(minVersion, config, 'module.hugoVersion.min', String(min));
  return fact(HUGO_DEFAULT_VERSION, 'default', undefined, `dockgen's Hugo release (checked ${NGINX_TABLE_CHECKED})`);
}

function netlifyVersion(fs: ProjectFs): Fact<string> | undefined {
  const text = fs.tryReadText('netlify.toml');
  if (text === undefined) return undefined;
  const data = parseToml(text, 'netlify.toml');
  const build = isRecord(data['build']) ? data['build'] : {};
  const env = isRecord(build['environment']) ? build['environment'] : {};
  const value = env['HUGO_VERSION'];
  return typeof value === 'string' ? fact(value, 'netlify.toml', 'build.environment.HUGO_VERSION', value) : undefined;
}

/** The keys dockgen reads are top-level scalars, so YAML is read line by line. */
function readConfig(fs: ProjectFs, file: string): Record<string, unknown> {
  const text = fs.readText(file) ?? '';
  if (file.endsWith('.toml')) return parseToml(text, file);
  if (file.endsWith('.json')) {
    const { parse } = lazyRequire('jsonc-parser') as typeof JsoncParser;
    const data: unknown = parse(text);
    return isRecord(data) ? data : {};
  }
  const data: Record<string, unknown> = {};
  for (const line of text.split('\n')) {
    const match = /^(publishDir|enableGitInfo|baseURL|baseurl)\s*:\s*["']?([^"'#\s]+)/.exec(line);
    if (match) data[match[1]!] = match[2] === 'true' ? true : match[2];
  }
  return data;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
