import { describeEvidence, type Evidence, type Fact } from '../detect/evidence.js';
import { runBuildScript } from '../detect/node/static-build-script.js';
import type { StaticFacts, StaticToolId } from '../detect/static/index.js';
import { DockgenError } from '../errors.js';
import type { GenerateOptions } from '../options.js';
import { HUGO_RELEASE_URL, NGINX_DEBIAN, NGINX_IMAGE, NGINX_PORT, NGINX_STABLE_VERSION, NGINX_TABLE_CHECKED, NGINX_UID } from '../versions/nginx.js';
import { planHeader } from './header.js';
import { staticIgnore } from './ignore.js';
import { aptInstall, decisionLog } from './steps.js';
import { planNodeBuildStage } from './node-build-stage.js';
import { planServerOptions, type ServerPlan } from './static-server.js';
import { planOwnNginx } from './static-own.js';
import { planOwnHttpd } from './static-httpd.js';
import { yarnSettings } from './node-install.js';
import { commentText, execForm, imageName, isSecretName, safePath } from './safe.js';
import type { CopyStep, NginxPlan, PlanContext, StaticPlan } from './types.js';

/** The generated server block's file name, next to the Dockerfile; it is installed where the
 *  image's nginx.conf includes it (`include /etc/nginx/conf.d/*.conf` inside http {}). */
export const NGINX_CONFIG_FILE = 'nginx-default.conf';
const DOCROOT = '/usr/share/nginx/html';

/** Folders each tool fills with content-hashed files only: safe to cache for a year (immutable). */
const HASHED_DIRS: Partial<Record<StaticToolId, string[]>> = {
  vite: ['/assets/'],
  'react-router-spa': ['/assets/'],
  'create-react-app': ['/static/'],
  'next-export': ['/_next/static/'],
  'astro-static': ['/_astro/'],
  'sveltekit-static': ['/_app/immutable/'],
  gatsby: ['/static/'],
  docusaurus: ['/assets/'],
  vitepress: ['/assets/'],
};
/** Tool caches and intermediate folders the image rebuilds (R23); the output folder is added. */
const TOOL_CACHES: Partial<Record<StaticToolId, string[]>> = {
  'next-export': ['.next'],
  'react-router-spa': ['.react-router'],
  'astro-static': ['.astro'],
  'sveltekit-static': ['.svelte-kit'],
  gatsby: ['.cache'],
  docusaurus: ['.docusaurus'],
  vitepress: ['.vitepress/cache'],
  angular: ['.angular'],
  hugo: ['.hugo_build.lock', 'resources/_gen'],
};
const EXTENSIONS = 'js|mjs|css|map|json|txt|xml|png|jpe?g|gif|svg|webp|avif|ico|woff2?|ttf|otf|eot|mp4|webm|mp3|wasm|pdf';

/** Facts + options → the static-site DockerPlan. Pure: reads no files. */
export function planStatic(facts: StaticFacts, options: GenerateOptions, context: PlanContext): StaticPlan {
  if (options.cmd) {
    throw new DockgenError('--cmd does not apply to a static site: nginx serves the files.', 'Leave --cmd out, or pass --stack node if the project runs its own server.');
  }
  if (facts.ownNginx) return planOwnNginx({ ...facts, ownNginx: facts.ownNginx }, options, context);
  if (facts.ownHttpd) return planOwnHttpd({ ...facts, ownHttpd: facts.ownHttpd }, options, context);
  const warnings = [...facts.warnings];
  const { decisions, decide } = decisionLog();
  const tool = facts.tool.value;
  decide('site', tool === 'plain' ? 'served as written' : `built with ${tool}`, facts.tool.evidence);
  const siteDir = facts.siteDir.value === '' ? '' : safePath(facts.siteDir.value, describeEvidence(facts.siteDir.evidence));
  decide('files served', siteDir === '' ? 'the project folder' : `${siteDir}/`, facts.siteDir.evidence);
  const base = facts.basePath ? safeBasePath(facts.basePath) : undefined;
  if (base && facts.basePath) {
    decide('base path', `${base.path} (the site's URLs start with it: files go to ${DOCROOT}${base.path}, / redirects there)`, facts.basePath.evidence);
  }
  // Where the site's files go in the image: under the base path when the site is built for one.
  const siteDest = base ? `${DOCROOT}${base.bare}` : DOCROOT;
  const routing = facts.routing.value;
  decide('routing', routing.spa ? `single-page app (unknown paths${base ? ` under ${base.path}` : ''} get ${base?.bare ?? ''}${routing.fallback})` : 'multi-page (missing files are 404s)', facts.routing.evidence);

  const port = options.port ?? NGINX_PORT;
  decide('port', String(port), options.port !== undefined ? { source: '--port', value: String(port) } : { source: 'default', value: 'nginx-unprivileged listens on 8080' });
  const server = planServerOptions(facts.server, warnings, decide);
  if (port < 1024) warnings.push(`--port ${port} is below 1024: the unprivileged nginx can bind it only where the runtime allows unprivileged low ports (Docker does by default, Kubernetes does not).`);
  decide('nginx', `${NGINX_IMAGE}:${NGINX_STABLE_VERSION}-${NGINX_DEBIAN}`, { source: 'default', value: `stable line, checked ${NGINX_TABLE_CHECKED}` });

  const plan: StaticPlan = {
    stack: 'static',
    header: [...planHeader(context, 'static site', tool === 'plain' ? undefined : tool, port), `Read-only root works: docker run --read-only --tmpfs /tmp … (nginx writes only to /tmp).`],
    args: [{ name: 'NGINX_VERSION', value: NGINX_STABLE_VERSION, comment: commentText(`nginx ${NGINX_STABLE_VERSION}: dockgen default, the stable line (checked ${NGINX_TABLE_CHECKED})`) }],
    image: NGINX_IMAGE,
    imageVariant: NGINX_DEBIAN,
    imageTag: `\${NGINX_VERSION}-${NGINX_DEBIAN}`,
    runtimeCopies: [{ sources: [NGINX_CONFIG_FILE], dest: '/etc/nginx/conf.d/default.conf' }, ...server.copies],
    stopSignal: 'SIGQUIT',
    stopComment: 'nginx finishes open requests on SIGQUIT; SIGTERM would drop them (R4).',
    user: `${NGINX_UID}:${NGINX_UID}`,
    port,
    runtimeEnv: [],
    // nginx itself is PID 1 (R2): it handles signals and reaps its workers. Not the image's
    // entrypoint script, which would rewrite configuration at start (and fails on a read-only root).
    entrypoint: execForm(['nginx'], 'dockgen'),
    cmd: execForm(['-g', 'daemon off;'], 'dockgen'),
    dockerignore: [],
    nginx: planNginx(facts, port, context, base, server),
    notes: [],
    decisions,
    warnings,
  };
  const rebuilt = [...(TOOL_CACHES[tool] ?? [])];

  if (facts.node) {
    const { version, install, stage, args, warnings: buildWarnings } = planNodeBuildStage(facts.node, options, context, 'build');
    warnings.push(...buildWarnings);
    decide('Node.js version', version.version, version.evidence);
    const pm = facts.node.packageManager;
    decide('package manager', pm.value.name + (pm.value.lockfile ? ` (${pm.value.lockfile})` : ' (no lockfile)'), pm.evidence);
    plan.args.push(...args);
    plan.nodeBuild = { ...stage, buildArgs: buildArgs(facts, warnings, decide), build: { parts: [runBuildScript(install.buildCommand, facts.node.build?.evidence.field)] } };
    plan.notes = install.notes.filter((n) => !n.includes('production')).map(commentText);
    plan.runtimeCopies.push(siteCopy({ from: 'build', sources: [`/app/${siteDir}`], dest: siteDest }, base));
    rebuilt.unshift(siteDir);
  } else if (facts.hugo) {
    const version = facts.hugo.version;
    decide('Hugo version', version.value, version.evidence);
    const from = version.evidence.source === 'default' ? `dockgen default (checked ${NGINX_TABLE_CHECKED})` : `from ${describeEvidence(version.evidence)}`;
    plan.args.push({ name: 'HUGO_VERSION', value: version.value, comment: commentText(`Hugo ${version.value} (extended, build only): ${from}`) });
    plan.hugoBuild = planHugo();
    plan.runtimeCopies.push(siteCopy({ from: 'build', sources: [`/src/${siteDir}`], dest: siteDest }, base));
    rebuilt.unshift(siteDir);
  } else {
    // Files in the site's folder that are configuration, not content: dockgen's server block
    // (when the folder is the project), the Staticfile's password file and include files.
    const inside = (path: string) => (siteDir === '' ? path : path.startsWith(`${siteDir}/`) ? path.slice(siteDir.length + 1) : undefined);
    const prune = [...(siteDir === '' ? [NGINX_CONFIG_FILE] : []), ...server.unserved, ...server.unservedDirs].map(inside).filter((p): p is string => p !== undefined);
    if (prune.length > 0) {
      // -r only for a folder (nginx/conf of a location_include); files are removed with -f alone.
      const recursive = server.unservedDirs.some((dir) => prune.includes(inside(dir) ?? ''));
      plan.siteStage = { source: siteDir === '' ? '.' : siteDir, prune: { parts: [`rm -${recursive ? 'rf' : 'f'} ${prune.join(' ')}`] } };
      plan.runtimeCopies.push(siteCopy({ from: 'site', sources: ['/site'], dest: siteDest }, base));
    } else {
      plan.runtimeCopies.push(siteCopy({ sources: [siteDir], dest: siteDest }, base));
    }
  }
  // The Staticfile configures hosting and is never served; Staticfile.auth is copied (above), so it stays in the context.
  plan.dockerignore = staticIgnore(rebuilt, facts.server || tool === 'plain' ? ['Staticfile'] : [], facts.node?.npmrcHasCredentials ?? false, facts.node ? yarnSettings(facts.node).yarnOfflineCache : undefined);
  return plan;
}

/**
 * A site built for a sub-path is copied under it, so that nginx finds /app/assets/x.js at
 * <docroot>/app/assets/x.js with the same `root` and the same try_files as any other site. This is
 * simpler than an `alias` (whose try_files and regex locations have long-standing nginx pitfalls),
 * and the tools write their output for exactly this layout (files at the output's root, URLs
 * prefixed with the base).
 */
function siteCopy(copy: CopyStep, base: NginxPlan['base']): CopyStep {
  return base ? { ...copy, comment: commentText(`The site is built for ${base.path}: its files go there, where its URLs point.`) } : copy;
}

/**
 * The base path goes into nginx locations, regexes and redirects and into a COPY destination:
 * only plain segments pass (letters, digits, '.', '_', '~', '-', none starting with a dot, so
 * neither `..` nor a dot folder that the server block hides). Anything else is reported, never quoted.
 */
function safeBasePath(base: Fact<string>): NonNullable<NginxPlan['base']> {
  if (!/^(?:\/[A-Za-z0-9_~-][A-Za-z0-9._~-]*)+\/$/.test(base.value)) {
    throw new DockgenError(
      `The base path ${JSON.stringify(base.value)} from ${describeEvidence(base.evidence)} cannot be used in the nginx configuration and the Dockerfile safely.`,
      `Use a path of letters, digits, ".", "_", "-" and "~" only (such as /app/) in ${base.evidence.source}${base.evidence.field ? ` ${base.evidence.field}` : ''}.`,
    );
  }
  return { path: base.value, bare: base.value.slice(0, -1) };
}

/** Public build-time variables become ARGs; secret-looking names never do (R16). */
function buildArgs(facts: StaticFacts, warnings: string[], decide: (topic: string, value: string, evidence: Evidence) => void): string[] {
  const names: string[] = [];
  for (const variable of facts.publicEnv) {
    if (isSecretName(variable.value)) {
      warnings.push(
        `${variable.evidence.source} reads ${variable.value}, which looks like a secret; it is not declared as a build ARG (R16). ` +
          'Build-time variables are inlined into the JavaScript every visitor downloads: keep secrets on a server.',
      );
      continue;
    }
    names.push(variable.value);
    decide('build ARG', variable.value, variable.evidence);
  }
  return names;
}

/** Hugo extended (a superset that also handles Sass and WebP) from the release, checksum-verified. */
function planHugo(): NonNullable<StaticPlan['hugoBuild']> {
  const asset = 'hugo_extended_${HUGO_VERSION}_linux-${arch}.tar.gz';
  return {
    image: `debian:${NGINX_DEBIAN}-slim`,
    versionArg: 'HUGO_VERSION',
    tools: aptInstall(['ca-certificates', 'curl']),
    download: {
      parts: [
        // TARGETARCH is set by BuildKit and Buildah; Hugo publishes amd64 and arm64 builds.
        'arch="${TARGETARCH:-amd64}"',
        `&& curl -fsSLO "${HUGO_RELEASE_URL}/${asset}"`,
        `&& curl -fsSLO "${HUGO_RELEASE_URL}/hugo_\${HUGO_VERSION}_checksums.txt"`,
        // Checks the one downloaded asset; fails when the list does not name it (no file verified).
        `&& sha256sum --check --ignore-missing "hugo_\${HUGO_VERSION}_checksums.txt"`,
        `&& tar -xzf "${asset}" -C /usr/local/bin hugo`,
        '&& rm -f ./*',
        '&& hugo version',
      ],
    },
    build: { parts: ['--mount=type=cache,target=/tmp/hugo_cache', 'hugo --gc --minify --cacheDir /tmp/hugo_cache'] },
  };
}

/** The server block: routing, cache headers per kind of file, compression, security headers. */
function planNginx(facts: StaticFacts, port: number, context: PlanContext, base: NginxPlan['base'], server: ServerPlan): NginxPlan {
  const tool = facts.tool.value;
  const immutable: NginxPlan['immutable'] = [];
  const dirs = HASHED_DIRS[tool] ?? [];
  // The tool's hashed folders are under the base path too: /app/assets/.
  const prefix = base ? base.bare.replace(/[.]/g, '\\.') : '';
  if (dirs.length > 0) {
    immutable.push({
      comment: `${tool} writes only content-hashed files here`,
      pattern: `^${prefix}(?:${dirs.map((d) => d.replace(/[.]/g, '\\.')).join('|')})`,
    });
  }
  if (tool === 'angular') immutable.push({ comment: 'Angular names bundles <name>-<HASH>.js', pattern: `-[0-9A-Z]{8}\\.(?:js|css)$` });
  immutable.push({ comment: 'any file named with a content hash (main.3f9c2a7e.js, app-1b2c3d4e5f.css)', pattern: `[.-][0-9a-f]{8,}\\.(?:${EXTENSIONS})$` });
  const { gzip, ...options } = server.nginx;
  const plan: NginxPlan = {
    file: NGINX_CONFIG_FILE,
    header: [
      `nginx server block for ${imageName(context.projectName)}, written by dockgen ${context.dockgenVersion}.`,
      `The Dockerfile installs it as /etc/nginx/conf.d/default.conf: the image's nginx.conf includes it`,
      'inside http {}, and keeps the pid and temporary files under /tmp (a read-only root works).',
    ],
    port,
    root: DOCROOT,
    immutable,
    assetPattern: `\\.(?:${EXTENSIONS})$`,
    securityHeaders: [
      ['X-Content-Type-Options', '"nosniff"'],
      ['X-Frame-Options', '"SAMEORIGIN"'],
      ['Referrer-Policy', '"strict-origin-when-cross-origin"'],
      ...(server.hsts ? [['Strict-Transport-Security', `"${server.hsts}"`] as [string, string]] : []),
    ],
    errorPages: [],
    errorPageLocations: [],
    ...options,
  };
  if (gzip) plan.gzipTypes = GZIP_TYPES;
  if (base) plan.base = base;
  if (facts.routing.value.spa) plan.fallback = `${base?.bare ?? ''}${safeUri(facts.routing.value.fallback ?? '/index.html')}`;
  planErrorPages(plan, server, base);
  return plan;
}

const GZIP_TYPES = 'text/plain text/css text/xml text/javascript application/javascript application/json application/manifest+json application/xml application/rss+xml application/atom+xml image/svg+xml application/wasm';

/**
 * A multi-page site gets its own 404 page (most generators write 404.html; nginx's own page when
 * the file is missing); a Staticfile's status_codes add or replace pages per code. Each page is
 * served only as an error page (internal), at its place under the base path.
 */
function planErrorPages(plan: NginxPlan, server: ServerPlan, base: NginxPlan['base']): void {
  const prefix = base?.bare ?? '';
  const own = new Set(server.errorPages.flatMap((p) => p.codes));
  if (!plan.fallback && !own.has('404')) plan.errorPages.push({ codes: '404', page: `${prefix}/404.html` });
  for (const page of server.errorPages) plan.errorPages.push({ codes: page.codes.join(' '), page: `${prefix}${page.page}` });
  plan.errorPageLocations = [...new Set(plan.errorPages.map((p) => p.page))];
}

function safeUri(uri: string): string {
  if (!/^\/[\w.-]+$/.test(uri)) throw new DockgenError(`The fallback page "${commentText(uri)}" cannot be used in the nginx configuration.`, 'Name a plain .html file.');
  return uri;
}
