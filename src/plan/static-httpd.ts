import type { StaticFacts } from '../detect/static/index.js';
import { OWN_HTTPD_FILE, type OwnHttpd } from '../detect/static/own-server.js';
import { DockgenError } from '../errors.js';
import type { GenerateOptions } from '../options.js';
import { HTTPD_DEBIAN, HTTPD_IMAGE, HTTPD_PORT, HTTPD_SERVER_ROOT, HTTPD_TABLE_CHECKED, HTTPD_UID, HTTPD_VERSION } from '../versions/httpd.js';
import { planHeader } from './header.js';
import { staticIgnore } from './ignore.js';
import { WORKSPACE } from './nginx-own-config.js';
import { commentText, execForm, isSecretName } from './safe.js';
import { decisionLog } from './steps.js';
import type { PlanContext, StaticPlan } from './types.js';

/** Log targets that need no writable file: the container's output or a pipe. */
const STREAM_LOG = /^"?(\/proc\/self\/fd\/[12]|\/dev\/std(out|err)|\||syslog)/;

/**
 * A site with its own httpd.conf is served by Apache httpd as that file says (its rewrites,
 * .htaccess files, headers: nothing is translated). The variables the Paketo httpd buildpack sets
 * are set the same way, httpd runs as www-data (33) and is PID 1, and what would need root or a
 * writable install folder is moved to /tmp on the command line (-C/-c), leaving the file as written.
 */
export function planOwnHttpd(facts: StaticFacts & { ownHttpd: OwnHttpd }, options: GenerateOptions, context: PlanContext): StaticPlan {
  if (options.cmd) throw new DockgenError('--cmd does not apply to a static site: httpd serves the files.', 'Leave --cmd out.');
  const own = facts.ownHttpd;
  const code = own.config.value.split('\n').filter((line) => !/^\s*#/.test(line)).join('\n');
  const warnings = [...facts.warnings];
  const { decisions, decide } = decisionLog();
  decide('server', `Apache httpd with the project's ${OWN_HTTPD_FILE}`, own.config.evidence);

  if (own.listen === undefined) throw new DockgenError(`${OWN_HTTPD_FILE} has no Listen directive, so there is no port to publish.`, 'Add `Listen ${PORT}` (dockgen sets PORT to 8080, or --port).');
  const templated = own.listen === '${PORT}';
  const literal = /(?:^|:)(\d+)$/.exec(own.listen)?.[1];
  if (!templated && literal === undefined) throw new DockgenError(`${OWN_HTTPD_FILE} listens on "${commentText(own.listen)}", which names no port.`, 'Write `Listen ${PORT}` or `Listen 8080`.');
  const port = templated ? options.port ?? HTTPD_PORT : Number(literal);
  if (!templated && options.port !== undefined && options.port !== port) {
    throw new DockgenError(`${OWN_HTTPD_FILE} listens on ${port}; --port ${options.port} cannot change that.`, 'Write `Listen ${PORT}` in httpd.conf so that the port comes from PORT, or leave --port out.');
  }
  decide('port', String(port), templated ? { source: options.port !== undefined ? '--port' : 'default', value: `Listen \${PORT} in ${OWN_HTTPD_FILE}` } : { source: OWN_HTTPD_FILE, field: 'Listen', value: own.listen });
  if (port < 1024) warnings.push(`${OWN_HTTPD_FILE} listens on ${port}, below 1024: httpd runs without root and can bind it only where the runtime allows unprivileged low ports (Docker does, Kubernetes does not). Use Listen \${PORT}.`);

  // The variables Paketo's httpd buildpack sets; others the file reads must come at run time.
  const known: Record<string, string> = { SERVER_ROOT: HTTPD_SERVER_ROOT, APP_ROOT: WORKSPACE, PORT: String(port) };
  const runtimeEnv: Array<[string, string]> = own.env.filter((name) => name in known).map((name) => [name, known[name]!]);
  const unknown = own.env.filter((name) => !(name in known));
  if (unknown.length > 0) {
    warnings.push(`${OWN_HTTPD_FILE} reads ${unknown.map((n) => `\${${n}}`).join(', ')} from the environment: pass ${unknown.length === 1 ? 'it' : 'them'} with docker run -e${unknown.some(isSecretName) ? ' (never bake a secret into the image, R16)' : ''}, or httpd starts with the literal text.`);
  }

  const serverRoot = /^\s*ServerRoot\s+"?([^"\s]+)"?/im.exec(code)?.[1];
  if (serverRoot !== undefined && serverRoot !== '${SERVER_ROOT}' && serverRoot !== HTTPD_SERVER_ROOT) {
    warnings.push(`${OWN_HTTPD_FILE} sets ServerRoot ${serverRoot}; in the httpd image, modules and mime.types are under ${HTTPD_SERVER_ROOT} (write ServerRoot "\${SERVER_ROOT}").`);
  }
  // Runtime files (pid, mutexes) go to /tmp: the install folder is not writable by www-data.
  const args = ['httpd', '-DFOREGROUND', '-f', `${WORKSPACE}/${OWN_HTTPD_FILE}`, '-C', 'DefaultRuntimeDir /tmp', '-c', 'PidFile /tmp/httpd.pid'];
  const errorLog = /^\s*ErrorLog\s+(.+?)\s*$/im.exec(code)?.[1];
  if (errorLog === undefined || !STREAM_LOG.test(errorLog)) {
    args.push('-c', 'ErrorLog /proc/self/fd/2');
    decide('error log', 'the container\'s output (-c "ErrorLog /proc/self/fd/2")', { source: OWN_HTTPD_FILE, field: 'ErrorLog', value: errorLog ?? '(not set: logs/error_log)' });
  }
  for (const match of code.matchAll(/^\s*(?:CustomLog|TransferLog)\s+("[^"]*"|\S+)/gim)) {
    if (!STREAM_LOG.test(match[1]!)) warnings.push(`${OWN_HTTPD_FILE} writes its access log to ${match[1]}, which www-data cannot create in the image: log to "/proc/self/fd/1" instead.`);
  }
  decide('httpd', `${HTTPD_IMAGE}:${HTTPD_VERSION}-${HTTPD_DEBIAN}`, { source: 'default', value: `checked ${HTTPD_TABLE_CHECKED}` });
  warnings.push(`${OWN_HTTPD_FILE}: the site is served by Apache httpd (${HTTPD_IMAGE}:${HTTPD_VERSION}-${HTTPD_DEBIAN}) with that file as written, as www-data (UID ${HTTPD_UID}); dockgen adds no headers or /healthz of its own.`);

  return {
    stack: 'static',
    header: [...planHeader(context, 'static site', `Apache httpd, own ${OWN_HTTPD_FILE}`, port), 'Read-only root works when the config logs to the container\'s output: docker run --read-only --tmpfs /tmp … (httpd\'s pid and runtime files are in /tmp).'],
    args: [{ name: 'HTTPD_VERSION', value: HTTPD_VERSION, comment: commentText(`Apache httpd ${HTTPD_VERSION}: dockgen default (checked ${HTTPD_TABLE_CHECKED})`) }],
    image: HTTPD_IMAGE,
    imageVariant: HTTPD_DEBIAN,
    imageTag: `\${HTTPD_VERSION}-${HTTPD_DEBIAN}`,
    runtimeCopies: [{ sources: ['.'], dest: `${WORKSPACE}/`, comment: commentText(`The project, ${OWN_HTTPD_FILE} included: its paths are relative to \${APP_ROOT} (${WORKSPACE}).`) }],
    stopSignal: 'SIGWINCH',
    stopComment: 'httpd finishes open requests on SIGWINCH (graceful stop); SIGTERM would drop them (R4).',
    user: `${HTTPD_UID}:${HTTPD_UID}`,
    port,
    runtimeEnv,
    processNotes: ['httpd itself is PID 1 (R2): it handles the stop signal and reaps its workers.'],
    entrypoint: execForm(args, 'dockgen'),
    cmd: '',
    dockerignore: staticIgnore([], [], false),
    notes: [],
    decisions,
    warnings,
  };
}
