import { DockgenError } from '../../errors.js';
import { fact, type Fact } from '../evidence.js';
import type { ProjectFs } from '../fs.js';

/**
 * The Cloud Foundry staticfile buildpack's `Staticfile` (also read by Railpack): flat YAML, one
 * `key: value` per line, except `status_codes`, a map one level deep. Its options are documented at
 * docs.cloudfoundry.org/buildpacks/staticfile; Railpack adds `index_fallback`. Each option is either
 * carried over into the nginx server block or named in a warning: none is dropped in silence.
 */
export interface Staticfile {
  /** `root`: the folder served ('' = the project root). */
  root?: Fact<string>;
  /** `pushstate: enabled` / `index_fallback: true`: unknown paths get index.html. */
  pushState?: Fact<boolean>;
  server: ServerOptions;
  warnings: string[];
}

/** What the Staticfile asks of the server, whatever tool produced the files. */
export interface ServerOptions {
  /** `force_https`: a request that did not arrive over HTTPS (X-Forwarded-Proto) is redirected. */
  forceHttps?: Fact<true>;
  /** `http_strict_transport_security[_include_subdomains|_preload]`: the HSTS header's value. */
  hsts?: Fact<string>;
  /** `ssi: enabled`: server-side includes. */
  ssi?: Fact<true>;
  /** `directory: visible`: a folder without index.html lists its files. */
  autoindex?: Fact<true>;
  /** `host_dot_files: true`: files and folders whose names start with a dot are served. */
  hostDotFiles?: Fact<true>;
  /** `gzip: off`: no compression. */
  gzip?: Fact<false>;
  /** `status_codes`: the site's own pages for error statuses. */
  errorPages: Array<Fact<{ codes: string[]; page: string }>>;
  /** `location_include`: nginx directives from the project, relative to nginx/conf. */
  locationInclude?: Fact<{ pattern: string; files: string[] }>;
  /** `Staticfile.auth`: HTTP basic authentication with this htpasswd file. */
  basicAuth?: Fact<{ file: string; users: number; plainText: number }>;
}

/** Where the buildpack reads `location_include` paths from. */
export const INCLUDE_DIR = 'nginx/conf';
const ENABLED = /^(enabled|true|yes|on|visible)$/i;
const DISABLED = /^(disabled|false|no|off|hidden)$/i;
const HSTS_KEYS = ['http_strict_transport_security', 'http_strict_transport_security_include_subdomains', 'http_strict_transport_security_preload'];
/** Staging-time settings of the buildpack: they change how it downloads, not what is served. */
const STAGING_KEYS = ['http_proxy', 'https_proxy', 'no_proxy'];
/** nginx's status-code range shorthands in the buildpack (`4xx`, `5xx`). */
const RANGES: Record<string, string[]> = {
  '4xx': ['400', '401', '402', '403', '404', '405', '406', '407', '408', '409', '410', '411', '412', '413', '414', '415', '416', '417', '421', '422', '423', '424', '426', '428', '429', '431', '451'],
  '5xx': ['500', '501', '502', '503', '504', '505', '506', '507', '508', '510', '511'],
};

type Entry = { value: string; line: number; children?: Map<string, { value: string; line: number }> };

/** Reads `Staticfile` (and `Staticfile.auth`); undefined without a Staticfile. */
export function readStaticfile(fs: ProjectFs): Staticfile | undefined {
  // readText, not tryReadText: a Staticfile that is there but unusable (too large, unreadable)
  // is reported, not taken for a missing one (the site's root would then be a guess).
  const text = fs.readText('Staticfile');
  if (text === undefined) return undefined;
  const entries = parseStaticfile(text);
  const warnings: string[] = [];
  const result: Staticfile = { server: { errorPages: [] }, warnings };
  const at = (key: string) => `line ${entries.get(key)!.line}`;
  const flag = (key: string): boolean | undefined => {
    const entry = entries.get(key);
    if (!entry) return undefined;
    if (ENABLED.test(entry.value)) return true;
    if (!DISABLED.test(entry.value)) warnings.push(`Staticfile ${key}: "${entry.value}" is neither enabled nor disabled; it is taken as disabled (the buildpack enables only "enabled" or "true").`);
    return false;
  };

  const root = entries.get('root');
  if (root && root.value !== '') result.root = fact(root.value.replace(/^\.\/?/, '').replace(/\/+$/, ''), 'Staticfile', 'root', root.value);
  for (const key of ['pushstate', 'index_fallback']) {
    const on = flag(key);
    if (on !== undefined && !result.pushState?.value) result.pushState = fact(on, 'Staticfile', key, entries.get(key)!.value);
  }
  const server = result.server;
  const on = (key: string) => (flag(key) ? fact(true as const, 'Staticfile', key, entries.get(key)!.value) : undefined);
  const assign = <K extends keyof ServerOptions>(name: K, value: ServerOptions[K] | undefined) => {
    if (value !== undefined) server[name] = value;
  };
  assign('forceHttps', on('force_https'));
  assign('ssi', on('ssi'));
  assign('autoindex', on('directory'));
  assign('hostDotFiles', on('host_dot_files'));
  if (entries.has('gzip') && flag('gzip') === false) server.gzip = fact(false as const, 'Staticfile', 'gzip', entries.get('gzip')!.value);
  assign('hsts', hsts(entries, flag));
  server.errorPages = errorPages(entries.get('status_codes'), warnings);
  assign('locationInclude', locationInclude(fs, entries.get('location_include')));
  assign('basicAuth', basicAuth(fs, result.root?.value ?? ''));

  if (entries.has('enable_http2') && flag('enable_http2')) {
    warnings.push(
      `Staticfile enable_http2 (${at('enable_http2')}) is not carried over: the image serves HTTP/1.1 on its port, and HTTP/2 belongs where TLS ends (the load balancer or ingress in front of it).`,
    );
  }
  for (const key of STAGING_KEYS.filter((k) => entries.has(k))) {
    warnings.push(`Staticfile ${key} (${at(key)}) set a proxy for the buildpack's downloads; the image build downloads nothing for it. Pass --build-arg ${key.toUpperCase()}=… to docker build if your network needs one.`);
  }
  // The buildpack also took these two files from the root folder as server configuration.
  const folder = result.root?.value ?? '';
  for (const name of ['mime.types', 'nginx.conf'].map((n) => (folder ? `${folder}/${n}` : n))) {
    if (name.endsWith('mime.types') ? fs.isFile(name) : folder !== '' && fs.isFile(name)) {
      warnings.push(`${name} configured the staticfile buildpack's nginx; it is not carried over (and is served as a file): nginx's own mime.types and dockgen's server block apply.`);
    }
  }
  const known = new Set(['root', 'pushstate', 'index_fallback', 'force_https', 'ssi', 'directory', 'host_dot_files', 'gzip', 'status_codes', 'location_include', 'enable_http2', ...HSTS_KEYS, ...STAGING_KEYS]);
  for (const [key, entry] of entries) {
    if (!known.has(key)) warnings.push(`Staticfile ${key} (line ${entry.line}) is not a Staticfile option dockgen knows; it is not carried over into the nginx configuration.`);
  }
  return result;
}

/**
 * The flat YAML the buildpack documents: `key: value` lines, `#` comments, quoted values, and
 * one nested map (`status_codes:` followed by indented `404: /404.html` lines).
 */
export function parseStaticfile(text: string): Map<string, Entry> {
  const entries = new Map<string, Entry>();
  let parent: Entry | undefined;
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.replace(/(^|\s)#.*$/, '');
    const match = /^(\s*)([A-Za-z0-9_]+)\s*:\s*(.*?)\s*$/.exec(line);
    if (!match) return;
    const [, indent, key, rawValue] = match;
    const value = rawValue!.replace(/^(["'])(.*)\1$/, '$2');
    if (indent!.length > 0 && parent) {
      parent.children ??= new Map();
      parent.children.set(key!, { value, line: index + 1 });
      return;
    }
    const entry: Entry = { value, line: index + 1 };
    entries.set(key!.toLowerCase(), entry);
    parent = value === '' ? entry : undefined;
  });
  return entries;
}

/** HSTS: `_preload` implies includeSubDomains, and either implies HSTS itself (the documented behaviour). */
function hsts(entries: Map<string, Entry>, flag: (key: string) => boolean | undefined): Fact<string> | undefined {
  const [base, sub, preload] = HSTS_KEYS.map((key) => flag(key) === true);
  if (!base && !sub && !preload) return undefined;
  const value = `max-age=31536000${sub || preload ? '; includeSubDomains' : ''}${preload ? '; preload' : ''}`;
  const key = HSTS_KEYS[preload ? 2 : sub ? 1 : 0]!;
  return fact(value, 'Staticfile', key, entries.get(key)!.value);
}

/** `status_codes`: `404: /404.html`, `4xx: /errors/client.html`; pages must be plain site paths. */
function errorPages(entry: Entry | undefined, warnings: string[]): ServerOptions['errorPages'] {
  const pages: ServerOptions['errorPages'] = [];
  for (const [code, page] of entry?.children ?? []) {
    const codes = RANGES[code.toLowerCase()] ?? (/^[45]\d\d$/.test(code) ? [code] : undefined);
    const path = page.value.startsWith('/') ? page.value : `/${page.value}`;
    if (!codes || !/^(?:\/[A-Za-z0-9_~-][A-Za-z0-9._~-]*)+$/.test(path)) {
      warnings.push(`Staticfile status_codes ${code}: ${JSON.stringify(page.value)} (line ${page.line}) is not carried over: dockgen takes a 4xx/5xx code (or 4xx, 5xx) and a page path of letters, digits, ".", "_", "-" and "~".`);
      continue;
    }
    pages.push(fact({ codes, page: path }, 'Staticfile', `status_codes.${code}`, page.value));
  }
  return pages;
}

/**
 * `location_include: includes/*.conf`, relative to nginx/conf in the project. nginx expands the
 * glob itself; dockgen checks that it names at least one file, because the image copies them.
 */
function locationInclude(fs: ProjectFs, entry: Entry | undefined): ServerOptions['locationInclude'] {
  if (!entry || entry.value === '') return undefined;
  const pattern = entry.value.replace(/^\.\//, '');
  if (!/^[A-Za-z0-9_][A-Za-z0-9._*/-]*$/.test(pattern) || pattern.split('/').some((part) => part === '..' || part.startsWith('.'))) {
    throw new DockgenError(
      `Staticfile location_include ${JSON.stringify(entry.value)} (line ${entry.line}) cannot be used safely in the nginx configuration.`,
      `Name a file (or a * pattern) under ${INCLUDE_DIR}/ with letters, digits, ".", "_", "-", "/" and "*" only.`,
    );
  }
  const files = matchGlob(fs, INCLUDE_DIR, pattern);
  if (files.length === 0) {
    throw new DockgenError(
      `Staticfile location_include ${JSON.stringify(entry.value)} (line ${entry.line}) names no file under ${INCLUDE_DIR}/, so there is nothing to include.`,
      `Add the file (e.g. ${INCLUDE_DIR}/${pattern.replace(/\*/g, 'headers')}) or remove location_include.`,
    );
  }
  return fact({ pattern, files }, 'Staticfile', 'location_include', entry.value);
}

/** Files under `dir` matching `pattern`, where `*` matches within one path segment (as nginx's glob). */
function matchGlob(fs: ProjectFs, dir: string, pattern: string): string[] {
  let current = [dir];
  const parts = pattern.split('/');
  parts.forEach((part, index) => {
    const last = index === parts.length - 1;
    const regex = new RegExp(`^${part.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}$`);
    current = current.flatMap((folder) => (fs.isDirectory(folder) ? fs.list(folder) : []).filter((name) => regex.test(name)).map((name) => `${folder}/${name}`))
      .filter((path) => (last ? fs.isFile(path) : fs.isDirectory(path)));
  });
  return current.sort();
}

/**
 * `Staticfile.auth` (at the project root, or in the root folder as the docs also allow): htpasswd
 * lines `user:hash`. A site that asked for a password is never served without one, so a file that
 * nginx could not use is refused rather than skipped.
 */
function basicAuth(fs: ProjectFs, root: string): ServerOptions['basicAuth'] {
  const file = ['Staticfile.auth', root ? `${root}/Staticfile.auth` : ''].find((path) => path && fs.isFile(path));
  if (!file) return undefined;
  const lines = (fs.tryReadText(file) ?? '').split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
  const bad = lines.findIndex((l) => !/^[^:\s]+:\S+$/.test(l));
  if (lines.length === 0 || bad >= 0) {
    throw new DockgenError(
      `${file} ${lines.length === 0 ? 'holds no user' : `line ${bad + 1} is not "user:hash"`}: the site asks for a password, and nginx could not check one with this file.`,
      `Write one "user:hash" line per user (htpasswd -nB user), or delete ${file} to serve the site without a password.`,
    );
  }
  // nginx also takes `{PLAIN}password`: such a line is a password in clear text, not a hash.
  const plainText = lines.filter((l) => l.slice(l.indexOf(':') + 1).startsWith('{PLAIN}')).length;
  return fact({ file, users: lines.length, plainText }, file, undefined, `${lines.length} user${lines.length === 1 ? '' : 's'}`);
}
