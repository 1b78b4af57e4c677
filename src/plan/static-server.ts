import { describeEvidence, type Evidence } from '../detect/evidence.js';
import type { ServerOptions } from '../detect/static/staticfile.js';
import { INCLUDE_DIR } from '../detect/static/staticfile.js';
import { NGINX_UID } from '../versions/nginx.js';
import { commentText, safePath } from './safe.js';
import type { CopyStep, NginxPlan } from './types.js';

/** Where the image keeps the Staticfile's password file and include files: outside the docroot. */
export const HTPASSWD_PATH = '/etc/nginx/staticfile.htpasswd';
export const INCLUDE_PATH = '/etc/nginx/staticfile';

export interface ServerPlan {
  nginx: Pick<NginxPlan, 'forceHttps' | 'ssi' | 'autoindex' | 'basicAuth' | 'locationInclude' | 'hideDotFiles'> & { gzip: boolean };
  hsts?: string;
  /** Error pages the Staticfile names, by status code (they replace dockgen's own 404 page). */
  errorPages: Array<{ codes: string[]; page: string }>;
  /** Copies into the runtime stage (the password file, the include files), before the site. */
  copies: CopyStep[];
  /** Project files and folders that must not reach the docroot when the site's folder holds them. */
  unserved: string[];
  unservedDirs: string[];
}

type Decide = (topic: string, value: string, evidence: Evidence) => void;

/** The Staticfile's server options → nginx settings, copies and warnings. Pure. */
export function planServerOptions(server: ServerOptions | undefined, warnings: string[], decide: Decide): ServerPlan {
  const plan: ServerPlan = { nginx: { hideDotFiles: true, gzip: true }, errorPages: [], copies: [], unserved: [], unservedDirs: [] };
  if (!server) return plan;
  if (server.forceHttps) {
    plan.nginx.forceHttps = true;
    decide('HTTPS redirect', 'requests whose X-Forwarded-Proto is not https get a 301 to https:// (except /healthz)', server.forceHttps.evidence);
    warnings.push(
      'Staticfile force_https: the image redirects every request whose X-Forwarded-Proto header is not "https" to https:// (as the buildpack did behind the Cloud Foundry router). ' +
        'Run it behind a proxy or load balancer that ends TLS and sets that header; /healthz is not redirected, so probes over plain HTTP work.',
    );
  }
  if (server.hsts) {
    plan.hsts = server.hsts.value;
    decide('HSTS', `Strict-Transport-Security: ${server.hsts.value}`, server.hsts.evidence);
  }
  if (server.ssi) {
    plan.nginx.ssi = true;
    decide('server-side includes', 'on', server.ssi.evidence);
  }
  if (server.autoindex) {
    plan.nginx.autoindex = true;
    decide('directory listings', 'a folder without index.html lists its files', server.autoindex.evidence);
  }
  if (server.hostDotFiles) {
    plan.nginx.hideDotFiles = false;
    decide('dot files', 'served (secrets such as .env and .git stay out of the build context: .dockerignore)', server.hostDotFiles.evidence);
  }
  if (server.gzip) {
    plan.nginx.gzip = false;
    decide('compression', 'off', server.gzip.evidence);
  }
  for (const page of server.errorPages) {
    plan.errorPages.push(page.value);
    decide('error page', `${page.value.codes.length > 3 ? `${page.value.codes[0]}…${page.value.codes.at(-1)}` : page.value.codes.join(' ')} → ${page.value.page}`, page.evidence);
  }
  if (server.locationInclude) {
    const { pattern, files } = server.locationInclude.value;
    plan.nginx.locationInclude = `${INCLUDE_PATH}/${pattern}`;
    plan.copies.push({
      sources: [safePath(INCLUDE_DIR, 'Staticfile location_include')],
      dest: `${INCLUDE_PATH}/`,
      comment: commentText(`nginx directives of the site's own (Staticfile location_include ${pattern}), included in its location.`),
    });
    plan.unservedDirs.push(INCLUDE_DIR);
    decide('location include', `${INCLUDE_DIR}/${pattern} (${files.join(', ')})`, server.locationInclude.evidence);
  }
  if (server.basicAuth) {
    const file = safePath(server.basicAuth.value.file, describeEvidence(server.basicAuth.evidence));
    plan.nginx.basicAuth = { userFile: HTPASSWD_PATH };
    plan.copies.push({
      sources: [file],
      dest: HTPASSWD_PATH,
      // Readable by nginx's group only, owned by root: the server checks passwords, it cannot change them.
      chown: `0:${NGINX_UID}`,
      chmod: '0440',
      comment: commentText(`${file}: every page asks for a password (nginx auth_basic checks this htpasswd file).`),
      commentMore: [
        'Deliberately in the image, as the buildpack did (an exception to R16): it holds password hashes,',
        'never served, but readable by anyone who can pull the image. To keep it out, delete this line and',
        `mount the file at ${HTPASSWD_PATH} at run time (a Kubernetes Secret, docker run -v …:ro).`,
      ],
    });
    if (server.basicAuth.value.plainText > 0) {
      warnings.push(`${file} holds ${server.basicAuth.value.plainText} password${server.basicAuth.value.plainText === 1 ? '' : 's'} in clear text ({PLAIN}): anyone who can pull the image can read ${server.basicAuth.value.plainText === 1 ? 'it' : 'them'}. Replace ${server.basicAuth.value.plainText === 1 ? 'it' : 'them'} with hashes (htpasswd -B).`);
    }
    plan.unserved.push(file);
    decide('basic authentication', `every path but /healthz asks for a password (${server.basicAuth.evidence.value} in ${file})`, server.basicAuth.evidence);
    warnings.push(
      `${file}: the site is served with a password (nginx auth_basic, ${server.basicAuth.evidence.value}). The file is copied into the image (not served), so its password hashes ship with it: ` +
        `use strong passwords and a slow hash (htpasswd -B), or mount the file at ${HTPASSWD_PATH} at run time instead and drop that COPY line.`,
    );
  }
  return plan;
}
