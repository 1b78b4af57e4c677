import { DockgenError } from '../errors.js';
import { execForm } from './safe.js';
import type { DockerPlan, HealthcheckPlan } from './types.js';

/**
 * Timing of the HEALTHCHECK. A probe every 30 s costs nothing measurable; 5 s is far more than a
 * loopback request needs, so a timeout means the app is stuck; 3 misses (≈90 s) before `unhealthy`
 * ride out a long GC pause or a burst. The start period covers a cold start (migrations, a JIT
 * warm-up): failures in it do not count. `--start-interval` would probe faster during it, but
 * needs Docker 25 and breaks the build on older engines (R24).
 */
export const HEALTH_TIMING = { interval: '30s', timeout: '5s', startPeriod: '15s', retries: 3 } as const;

const OPTIONS = `--interval=${HEALTH_TIMING.interval} --timeout=${HEALTH_TIMING.timeout} --start-period=${HEALTH_TIMING.startPeriod} --retries=${HEALTH_TIMING.retries}`;

/** Loopback by address: `localhost` may resolve to ::1 first, which a container without IPv6 lacks. */
const HOST = '127.0.0.1';

/**
 * `HEALTHCHECK` for a plan, probing `path` over HTTP with what the final image already runs (R13:
 * nothing is installed for it). The result is also what compose.yaml's healthcheck runs.
 * Returns the plan's healthcheck, or a warning when the image has nothing to run a probe with.
 * A service without a port is refused: there is nothing to ask over HTTP, and a worker's liveness
 * is its process, which the orchestrator already watches.
 */
export function planHealthcheck(plan: DockerPlan, path: string, healthy: Healthy = 'ok'): { healthcheck?: HealthcheckPlan; warning?: string } {
  if (plan.port === undefined) {
    throw new DockgenError(
      `--healthcheck probes an HTTP path, but this ${plan.stack === 'static' ? 'site' : 'app'} listens on no port (a worker).`,
      'Leave --healthcheck out: a worker is alive while its process runs, and Docker and Kubernetes restart it when it exits. If it does serve HTTP, pass --port.',
    );
  }
  const port = plan.port;
  const readsPort = plan.runtimeEnv.some(([name]) => name === 'PORT');
  const probe = probeFor(plan, path, port, readsPort, healthy === 'ok' ? 400 : 500);
  if ('warning' in probe) return probe;
  const healthcheck: HealthcheckPlan = { path: probe.path, port, options: OPTIONS, argv: probe.argv, command: execForm(probe.argv, '--healthcheck'), comments: probe.comments };
  return { healthcheck };
}

type Probe = { argv: string[]; path: string; comments: string[] } | { warning: string };

/**
 * What counts as healthy: `ok`, a 2xx or 3xx answer, for a path the user named (--healthcheck);
 * `any` answer below 500, for a probe dockgen adds on / by itself (compose.yaml without
 * --healthcheck): many APIs answer / with 404, which says the server is up all the same.
 */
export type Healthy = 'ok' | 'any';

function probeFor(plan: DockerPlan, path: string, port: number, readsPort: boolean, below: number): Probe {
  const verdict = below === 400 ? 'below 400 is healthy' : 'any answer below 500 is healthy (/ may be a 404 in an API)';
  const portJs = readsPort ? `process.env.PORT||${port}` : String(port);
  switch (plan.stack) {
    case 'node':
      if (plan.bun) {
        // Bun has fetch built in; redirects are not followed, so a 3xx answer counts as alive (as Kubernetes' httpGet does).
        return {
          path,
          argv: ['bun', '-e', `fetch('http://${HOST}:'+(${portJs})+'${path}',{redirect:'manual'}).then(r=>process.exit(r.status<${below}?0:1),()=>process.exit(1))`],
          comments: [`Health: Bun itself asks the app for ${path} (no curl in the image, R13); ${verdict}.`],
        };
      }
      // node:http, not fetch: it is in every Node.js line dockgen can pick (fetch came with 18).
      return {
        path,
        argv: ['node', '-e', `require('http').get({host:'${HOST}',port:${portJs},path:'${path}'},function(r){process.exit(r.statusCode<${below}?0:1)}).on('error',function(){process.exit(1)})`],
        comments: [`Health: Node.js itself asks the app for ${path} (no curl in the image, R13); ${verdict}.`],
      };
    case 'python': {
      // http.client does not follow redirects or raise on a status: the status decides. No answer
      // raises, and the uncaught exception exits 1 (unhealthy).
      const portPy = readsPort ? `os.environ.get('PORT','${port}')` : `'${port}'`;
      return {
        path,
        argv: ['python', '-c', `import os,http.client as h;c=h.HTTPConnection('${HOST}',int(${portPy}),timeout=4);c.request('GET','${path}');raise SystemExit(0 if c.getresponse().status<${below} else 1)`],
        comments: [`Health: the image's Python asks the app for ${path} with http.client (no curl in the image, R13); ${verdict}.`],
      };
    }
    case 'static': {
      // dockgen's nginx config answers /healthz itself, without a file or an access log line.
      const probePath = plan.nginx && path === '/' ? '/healthz' : path;
      const server = plan.image === 'httpd' ? 'httpd' : 'nginx';
      return {
        path: probePath,
        argv: bashProbe(probePath, port, false, below),
        comments: [
          `Health: bash (in every Debian-based image) asks ${server} for ${probePath} over /dev/tcp: nothing is`,
          `installed for it (R13); ${verdict}.`,
        ],
      };
    }
    case 'go':
      if (plan.runtime.image.startsWith('debian:')) {
        return {
          path,
          argv: bashProbe(path, port, readsPort, below),
          comments: [`Health: bash (in the Debian runtime) asks the app for ${path} over /dev/tcp: nothing is installed for it (R13); ${verdict}.`],
        };
      }
      return {
        warning:
          `--healthcheck: the ${plan.runtime.image} runtime has no shell, interpreter or HTTP client to run a probe with, so the Dockerfile has no HEALTHCHECK. ` +
          `Let the orchestrator probe from outside: a Kubernetes httpGet probe on port ${port}, path ${path} (dockgen --k8s writes it); or build with --runtime debian, which can run one.`,
      };
  }
}

/**
 * A minimal HTTP/1.0 request through bash's /dev/tcp. The path and port are positional arguments,
 * not part of the script, so nothing in them is ever parsed by the shell.
 */
function bashProbe(path: string, port: number, readsPort: boolean, below: number): string[] {
  const target = readsPort ? '${PORT:-$2}' : '$2';
  const script =
    `exec 3<>"/dev/tcp/${HOST}/${target}" || exit 1; ` +
    `printf 'GET %s HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' "$1" >&3; ` +
    'read -r _ status _ <&3; ' +
    `case "$status" in ${below === 400 ? '[23]' : '[234]'}[0-9][0-9]) exit 0;; esac; exit 1`;
  return ['bash', '-c', script, 'healthcheck', path, String(port)];
}
