import { DockgenError } from '../../errors.js';
import { fact, type Fact } from '../evidence.js';
import type { ProjectFs } from '../fs.js';

/**
 * A site that ships its own nginx configuration: `nginx.conf` at the project root, as the Paketo
 * nginx buildpack takes it (paths relative to the app folder, `{{port}}` for the port it must
 * listen on, `{{env "NAME"}}` for a variable read when the container starts).
 */
export interface OwnNginx {
  config: Fact<string>;
  /** Names read with `{{env "NAME"}}`, in order of first use. */
  env: string[];
  /** Whether the port comes from `{{port}}` (else the config's own listen lines decide). */
  templatedPort: boolean;
}

export const OWN_NGINX_FILE = 'nginx.conf';

/**
 * Only a main configuration (with its own `http { }` block, as Paketo takes it) is served as the
 * site's configuration. A bare `server { }` block is written for the official image's conf.d
 * (listen 80, root /usr/share/nginx/html): dockgen's server block replaces it, with a warning.
 */
export function hasOwnNginx(fs: ProjectFs): boolean {
  const text = fs.isFile(OWN_NGINX_FILE) ? fs.tryReadText(OWN_NGINX_FILE) : undefined;
  return text !== undefined && /(^|[;{}\s])http\s*\{/.test(text.replace(/#.*$/gm, ''));
}

/** The warning for an nginx.conf that is not served as the site's configuration. */
export function unusedNginxWarning(fs: ProjectFs, why: string): string[] {
  if (!fs.isFile(OWN_NGINX_FILE)) return [];
  return [`${OWN_NGINX_FILE} is not used: ${why}. dockgen serves the site with its own server block (nginx-default.conf); carry over what you need from ${OWN_NGINX_FILE} (redirects, headers, proxies).`];
}

/** Reads the project's nginx.conf and its Paketo template placeholders; refuses ones it cannot honour. */
export function detectOwnNginx(fs: ProjectFs): OwnNginx | undefined {
  const text = fs.tryReadText(OWN_NGINX_FILE);
  if (text === undefined) return undefined;
  const env: string[] = [];
  let templatedPort = false;
  for (const match of text.matchAll(/\{\{\s*(.*?)\s*\}\}/g)) {
    const inner = match[1]!;
    const name = /^env\s+"([A-Za-z_][A-Za-z0-9_]*)"$/.exec(inner)?.[1];
    if (inner === 'port') templatedPort = true;
    else if (name) {
      if (!env.includes(name)) env.push(name);
    } else {
      const line = text.slice(0, match.index).split('\n').length;
      throw new DockgenError(
        `${OWN_NGINX_FILE} line ${line} has the template placeholder ${match[0]}, which dockgen cannot fill in (it knows {{port}} and {{env "NAME"}}, as the Paketo nginx buildpack documents them).`,
        `Replace it with the value it stands for (for {{module "…"}}: a load_module line with the module's path in the nginx image, /usr/lib/nginx/modules/…).`,
      );
    }
  }
  return { config: fact(text, OWN_NGINX_FILE), env, templatedPort };
}

/**
 * A site served by Apache httpd with its own `httpd.conf` at the project root, as the Paketo httpd
 * buildpack takes it: `${PORT}`, `${APP_ROOT}` (the app folder) and `${SERVER_ROOT}` (httpd's
 * install folder) are read from the environment by httpd itself when it starts.
 */
export interface OwnHttpd {
  config: Fact<string>;
  /** `${NAME}` references in the config, in order of first use. */
  env: string[];
  /** The first Listen directive's argument, as written (`${PORT}`, `8080`, `0.0.0.0:80`). */
  listen?: string;
}

export const OWN_HTTPD_FILE = 'httpd.conf';

export function hasOwnHttpd(fs: ProjectFs): boolean {
  return fs.isFile(OWN_HTTPD_FILE);
}

export function detectOwnHttpd(fs: ProjectFs): OwnHttpd | undefined {
  const text = fs.tryReadText(OWN_HTTPD_FILE);
  if (text === undefined) return undefined;
  const code = text.split('\n').filter((line) => !/^\s*#/.test(line)).join('\n');
  const env = [...new Set([...code.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g)].map((m) => m[1]!))];
  const listen = /^\s*Listen\s+"?([^"\s]+)"?/im.exec(code)?.[1];
  const result: OwnHttpd = { config: fact(text, OWN_HTTPD_FILE), env };
  if (listen !== undefined) result.listen = listen;
  return result;
}
