import type { StaticFacts } from '../detect/static/index.js';
import type { OwnNginx } from '../detect/static/own-server.js';
import { OWN_NGINX_FILE } from '../detect/static/own-server.js';
import { DockgenError } from '../errors.js';
import type { GenerateOptions } from '../options.js';
import { NGINX_DEBIAN, NGINX_IMAGE, NGINX_PORT, NGINX_STABLE_VERSION, NGINX_TABLE_CHECKED, NGINX_UID } from '../versions/nginx.js';
import { planHeader } from './header.js';
import { staticIgnore } from './ignore.js';
import { adaptNginxConfig, WORKSPACE } from './nginx-own-config.js';
import { commentText, envValue, execForm, imageName, isSecretName } from './safe.js';
import { decisionLog } from './steps.js';
import type { PlanContext, StaticPlan } from './types.js';

/** The rendered configuration, next to the Dockerfile: the project's nginx.conf, adapted. */
export const OWN_CONFIG_FILE = 'nginx-dockgen.conf';
/** Where the image's entrypoint renders templates to when `{{env}}` is used: writable, also with a read-only root. */
const RENDERED = '/tmp/nginx.conf';

/**
 * A project with its own nginx.conf: the project folder goes to /workspace (the config's relative
 * paths point there, as under the Paketo buildpack) and the adapted config becomes the image's main
 * nginx.conf. With `{{env "NAME"}}` the config is a template that the image's own entrypoint fills
 * in when the container starts (envsubst, restricted to those names); nginx stays PID 1 (exec).
 */
export function planOwnNginx(facts: StaticFacts & { ownNginx: OwnNginx }, options: GenerateOptions, context: PlanContext): StaticPlan {
  if (options.cmd) throw new DockgenError('--cmd does not apply to a static site: nginx serves the files.', 'Leave --cmd out.');
  const own = facts.ownNginx;
  const warnings = [...facts.warnings];
  const { decisions, decide } = decisionLog();
  decide('server configuration', `the project's ${OWN_NGINX_FILE}, adapted for the unprivileged image (${OWN_CONFIG_FILE})`, own.config.evidence);
  const envsubst = own.env.length > 0;
  const adapted = adaptNginxConfig(own.config.value, { port: own.templatedPort ? options.port ?? NGINX_PORT : undefined, envsubst });
  if (adapted.port === undefined) {
    throw new DockgenError(`${OWN_NGINX_FILE} has no listen line, so there is no port to publish.`, 'Add `listen {{port}};` (dockgen fills in 8080, or --port) to its server block.');
  }
  const port = adapted.port;
  if (!own.templatedPort && options.port !== undefined && options.port !== port) {
    throw new DockgenError(`${OWN_NGINX_FILE} listens on ${port}; --port ${options.port} cannot change that.`, 'Write `listen {{port}};` in nginx.conf so that dockgen fills in the port, or leave --port out.');
  }
  decide('port', String(port), own.templatedPort ? { source: options.port !== undefined ? '--port' : 'default', value: `{{port}} in ${OWN_NGINX_FILE}` } : { source: OWN_NGINX_FILE, field: 'listen', value: String(port) });
  if (port < 1024) {
    warnings.push(`${OWN_NGINX_FILE} listens on ${port}, below 1024: the unprivileged nginx can bind it only where the runtime allows unprivileged low ports (Docker does by default, Kubernetes does not). Use listen {{port}} (8080).`);
  }
  warnings.push(
    `${OWN_NGINX_FILE} is served as the site's own configuration: dockgen adapted it for the unprivileged image in ${OWN_CONFIG_FILE} (${adapted.changes.length} change${adapted.changes.length === 1 ? '' : 's'}, listed at its top) and added none of its own headers or /healthz. Edit ${OWN_NGINX_FILE} and run dockgen again.`,
  );

  const runtimeEnv: Array<[string, string]> = [];
  if (envsubst) {
    runtimeEnv.push(['NGINX_ENVSUBST_OUTPUT_DIR', '/tmp'], ['NGINX_ENVSUBST_FILTER', envValue(`^(${own.env.join('|')})$`, OWN_NGINX_FILE)]);
    for (const name of own.env) {
      decide('run-time variable', `${name} (from {{env "${name}"}}; filled in when the container starts)`, own.config.evidence);
      if (isSecretName(name)) {
        warnings.push(`${OWN_NGINX_FILE} reads ${name}, which looks like a secret: it gets no default in the image (R16); pass it at run time (docker run -e ${name}=…), or nginx does not start.`);
      } else {
        runtimeEnv.push([name, '""']);
      }
    }
  }
  const configDest = envsubst ? '/etc/nginx/templates/nginx.conf.template' : '/etc/nginx/nginx.conf';
  const prefixArgs = ['-p', `${WORKSPACE}/`, '-c', envsubst ? RENDERED : '/etc/nginx/nginx.conf', '-g', 'daemon off;'];
  return {
    stack: 'static',
    header: [...planHeader(context, 'static site', 'own nginx.conf', port), 'Read-only root works: docker run --read-only --tmpfs /tmp … (nginx writes only to /tmp).'],
    args: [{ name: 'NGINX_VERSION', value: NGINX_STABLE_VERSION, comment: commentText(`nginx ${NGINX_STABLE_VERSION}: dockgen default, the stable line (checked ${NGINX_TABLE_CHECKED})`) }],
    image: NGINX_IMAGE,
    imageVariant: NGINX_DEBIAN,
    imageTag: `\${NGINX_VERSION}-${NGINX_DEBIAN}`,
    runtimeCopies: [
      {
        sources: [OWN_CONFIG_FILE],
        dest: configDest,
        comment: commentText(
          envsubst
            ? `${OWN_NGINX_FILE}, adapted: a template the image's entrypoint renders to ${RENDERED} at start ({{env}} values).`
            : `${OWN_NGINX_FILE}, adapted for this image (see the top of ${OWN_CONFIG_FILE}): the main configuration.`,
        ),
      },
      { sources: ['.'], dest: `${WORKSPACE}/`, comment: commentText(`The project, where ${OWN_NGINX_FILE}'s relative paths (root, include) point.`) },
    ],
    stopSignal: 'SIGQUIT',
    stopComment: 'nginx finishes open requests on SIGQUIT; SIGTERM would drop them (R4).',
    user: `${NGINX_UID}:${NGINX_UID}`,
    port,
    runtimeEnv,
    processNotes: envsubst
      ? ['The image\'s entrypoint fills in the {{env}} values, then execs nginx: nginx is PID 1 (R2).']
      : [],
    entrypoint: envsubst ? execForm(['/docker-entrypoint.sh'], 'dockgen') : execForm(['nginx'], 'dockgen'),
    cmd: execForm(envsubst ? ['nginx', ...prefixArgs] : prefixArgs, 'dockgen'),
    dockerignore: staticIgnore([], [], false),
    ownNginx: {
      file: OWN_CONFIG_FILE,
      header: [
        `${OWN_NGINX_FILE} of ${imageName(context.projectName)}, adapted by dockgen ${context.dockgenVersion} for ${NGINX_IMAGE} (UID ${NGINX_UID}).`,
        `Edit ${OWN_NGINX_FILE}, not this file, and run dockgen again (dockgen --check shows drift). Changes:`,
        ...adapted.changes.map((change) => `- ${change}`),
      ],
      text: adapted.text,
    },
    notes: [],
    decisions,
    warnings,
  };
}
