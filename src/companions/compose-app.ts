import type { ProjectFacts } from '../detect/index.js';
import type { ProjectFs } from '../detect/fs.js';
import { HEALTH_TIMING, planHealthcheck } from '../plan/healthcheck.js';
import type { DockerPlan } from '../plan/types.js';
import { BACKING, detectBacking } from './backing.js';
import { composeServiceName, type ComposeApp } from './compose.js';

/**
 * One project's service in compose.yaml, from what its plan knows: user, port, PORT, stop signal,
 * the probe, the writable paths its framework needs, and the backing services its dependencies
 * name. `context` is the project folder relative to compose.yaml (`.` beside it).
 */
export function composeAppFromPlan(plan: DockerPlan, facts: ProjectFacts, fs: ProjectFs, name: string, context = '.', workspaceDir?: string): ComposeApp {
  let service = composeServiceName(name);
  // A project named like a backing service (an app called "redis") keeps that name for the service.
  if (BACKING.some((spec) => spec.kind === service)) service = `${service}-app`;
  const app: ComposeApp = {
    name: service,
    context,
    dockerfile: 'Dockerfile',
    env: plan.runtimeEnv.some(([key]) => key === 'PORT') && plan.port !== undefined ? [['PORT', String(plan.port)]] : [],
    user: plan.user,
    // The plan's writable paths (src/plan/writable.ts), as k8s.yaml's emptyDirs and the e2e runs use them.
    tmpfs: (plan.writablePaths ?? [{ path: '/tmp', reason: 'temporary files' }]).map((w) => (w.path === '/tmp' ? { path: w.path } : { path: w.path, why: w.reason })),
    ...stopping(plan),
    backing: detectBacking(fs, facts, workspaceDir).map((need) => ({ kind: need.spec.kind, evidence: need.evidence })),
  };
  if (plan.port !== undefined) app.port = plan.port;
  Object.assign(app, composeHealth(plan));
  return app;
}

/** The image's own probe, or the same kind of probe on / where the Dockerfile has none. */
function composeHealth(plan: DockerPlan): Pick<ComposeApp, 'healthcheck' | 'healthNote'> {
  if (plan.port === undefined) return { healthNote: 'No healthcheck: a worker serves no port; compose restarts it when it exits.' };
  // Without --healthcheck nobody said which path answers 2xx: any HTTP answer on / means the server is up.
  const probe = plan.healthcheck ?? planHealthcheck(plan, '/', 'any').healthcheck;
  if (!probe) {
    return { healthNote: `No healthcheck: compose runs probes inside the container, and ${plan.stack === 'go' ? 'this distroless/scratch image' : 'the image'} has nothing to run one with.` };
  }
  return { healthcheck: { test: probe.argv, interval: HEALTH_TIMING.interval, timeout: HEALTH_TIMING.timeout, startPeriod: HEALTH_TIMING.startPeriod, retries: HEALTH_TIMING.retries } };
}

/** SIGQUIT for nginx (R4), with time to finish open requests; gunicorn drains workers for up to 30 s. */
function stopping(plan: DockerPlan): Pick<ComposeApp, 'stopSignal' | 'stopGracePeriod' | 'stopNote'> {
  if (plan.stack === 'static' && plan.stopSignal !== 'SIGTERM') {
    return { stopSignal: plan.stopSignal, stopGracePeriod: '30s', stopNote: `${plan.stopSignal}, as the image's STOPSIGNAL: the server finishes open requests first, so it gets time to.` };
  }
  if (plan.stack === 'python' && /"gunicorn"/.test(`${plan.entrypoint} ${plan.cmd}`)) {
    return { stopGracePeriod: '35s', stopNote: "gunicorn lets workers finish requests for up to 30 s (graceful_timeout) after SIGTERM." };
  }
  return { stopGracePeriod: '10s', stopNote: 'SIGTERM ends the app within a second (tini or the app as PID 1, R2, R3).' };
}
