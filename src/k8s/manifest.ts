import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { IService } from 'kubernetes-models/v1/Service';
import type { IIoK8sApiCoreV1Probe as Probe } from 'kubernetes-models/v1/Probe';
import type { IIoK8sApiCoreV1ResourceRequirements as Resources } from 'kubernetes-models/v1/ResourceRequirements';
import type { DockerPlan, Stack, WritablePath } from '../plan/types.js';
import type { ImageRef } from './image-ref.js';

/** What the manifests are made of: the plan, and what only the deployment needs. */
export interface ManifestInput {
  plan: DockerPlan;
  /** The image's name, made safe for a Kubernetes name (DNS-1123 label). */
  name: string;
  image: ImageRef;
  /** The HTTP path the probes ask (`--healthcheck`; nginx sites: their /healthz); none: a TCP check. */
  probePath: string | undefined;
}

export interface Manifests {
  deployment: IDeployment;
  /** Absent for a worker: nothing listens. */
  service?: IService;
  /** Why the grace period and the stop signal are what they are, for the file's comment. */
  notes: string[];
}

/**
 * Starting points for requests and the memory limit, by runtime (idle footprints measured on the
 * engine: Go 5–15 MiB, nginx ~10 MiB, Node.js and Python servers 40–120 MiB), with headroom. A
 * memory limit stops a leak from taking the node down; there is no CPU limit, which only throttles
 * (the request already reserves a share).
 */
const RESOURCES: Record<Stack, { cpu: string; memory: string; limit: string }> = {
  go: { cpu: '50m', memory: '32Mi', limit: '256Mi' },
  static: { cpu: '25m', memory: '32Mi', limit: '128Mi' },
  node: { cpu: '100m', memory: '192Mi', limit: '512Mi' },
  python: { cpu: '100m', memory: '192Mi', limit: '512Mi' },
};

/** Kubernetes' own default: time for the stop signal's graceful path (nginx's SIGQUIT and httpd's
 *  SIGWINCH let open requests finish) before SIGKILL. Every fixture stops in under 2 s (R3). */
const GRACE_SECONDS = 30;
/** gunicorn waits `--graceful-timeout` (30 s by default) for its workers: the pod waits a little longer. */
const GUNICORN_GRACE_SECONDS = 35;

export function buildManifests(input: ManifestInput): Manifests {
  const { plan, name, image } = input;
  const [uid, gid] = numericUser(plan.user);
  const labels: Record<string, string> = { 'app.kubernetes.io/name': name };
  const version = image.tag && /^[A-Za-z0-9]([\w.-]{0,61}[A-Za-z0-9])?$/.test(image.tag) ? image.tag : undefined;
  const podLabels = version ? { ...labels, 'app.kubernetes.io/version': version } : labels;
  const resources = RESOURCES[plan.stack];
  const { seconds: grace, notes } = gracePeriod(plan);
  const volumes = volumeNames(plan.writablePaths ?? []);

  const container: NonNullable<NonNullable<NonNullable<IDeployment['spec']>['template']['spec']>['containers'][number]> = {
    name,
    image: image.ref,
    imagePullPolicy: 'IfNotPresent',
    securityContext: {
      runAsNonRoot: true,
      runAsUser: uid,
      runAsGroup: gid,
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
    },
    resources: { requests: { cpu: resources.cpu, memory: resources.memory }, limits: { memory: resources.limit } } satisfies Resources,
    volumeMounts: volumes.map((v) => ({ name: v.name, mountPath: v.path })),
  };
  if (plan.port !== undefined) {
    container.ports = [{ name: 'http', containerPort: plan.port, protocol: 'TCP' }];
    // The image's ENV PORT already says the same; set here so that the manifest alone tells
    // what the server listens on, and a change of port is one edit in one file.
    container.env = [{ name: 'PORT', value: String(plan.port) }];
    Object.assign(container, probes(input.probePath));
  }

  const deployment: IDeployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, labels: podLabels },
    spec: {
      // Two replicas keep a server answering through a rollout or a node drain; a worker may not
      // be safe to run twice at once, so it gets one.
      replicas: plan.port === undefined ? 1 : 2,
      revisionHistoryLimit: 5,
      selector: { matchLabels: labels },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
      template: {
        metadata: { labels: podLabels },
        spec: {
          // The app does not talk to the Kubernetes API: no token in the pod.
          automountServiceAccountToken: false,
          terminationGracePeriodSeconds: grace,
          securityContext: {
            runAsNonRoot: true,
            runAsUser: uid,
            runAsGroup: gid,
            fsGroup: gid,
            seccompProfile: { type: 'RuntimeDefault' },
          },
          containers: [container],
          volumes: volumes.map((v) => ({ name: v.name, emptyDir: v.path === '/tmp' ? { sizeLimit: '64Mi' } : { sizeLimit: '256Mi' } })),
        },
      },
    },
  };
  if (plan.port !== undefined && plan.port < 1024) {
    // A non-root user binds a port below 1024 only where the namespace's sysctl allows it (it has no
    // capabilities): a "safe" sysctl, allowed without kubelet flags since Kubernetes 1.22.
    deployment.spec!.template.spec!.securityContext!.sysctls = [{ name: 'net.ipv4.ip_unprivileged_port_start', value: String(plan.port) }];
  }
  const manifests: Manifests = { deployment, notes };
  if (plan.port !== undefined) {
    manifests.service = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name, labels },
      spec: { type: 'ClusterIP', selector: labels, ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }] },
    };
  }
  return manifests;
}

/** `USER uid:gid` as numbers: runAsNonRoot can only verify a numeric user (R14). */
function numericUser(user: string): [number, number] {
  const match = /^(\d+):(\d+)$/.exec(user);
  if (!match) throw new Error(`the plan's user "${user}" is not numeric uid:gid`);
  return [Number(match[1]), Number(match[2])];
}

/** A startup probe gives a slow first start a minute; then readiness takes the pod out of the
 *  Service while it does not answer, and liveness restarts it when it stays that way. With no path
 *  known to answer 2xx/3xx (no --healthcheck; many APIs answer / with 404, which an httpGet probe
 *  counts as a failure and liveness would restart forever), the probes check the port accepts
 *  connections. */
function probes(path: string | undefined): { startupProbe: Probe; readinessProbe: Probe; livenessProbe: Probe } {
  const check = path === undefined ? { tcpSocket: { port: 'http' } } : { httpGet: { path, port: 'http' } };
  return {
    startupProbe: { ...check, periodSeconds: 2, timeoutSeconds: 2, failureThreshold: 30 },
    readinessProbe: { ...check, periodSeconds: 10, timeoutSeconds: 2, failureThreshold: 3 },
    livenessProbe: { ...check, periodSeconds: 20, timeoutSeconds: 3, failureThreshold: 3 },
  };
}

function gracePeriod(plan: DockerPlan): { seconds: number; notes: string[] } {
  const signal = plan.stack === 'static' ? plan.stopSignal : 'SIGTERM';
  const notes = [
    signal === 'SIGTERM'
      ? 'Stop: the kubelet sends SIGTERM, which the app handles (under tini where the runtime ignores it as PID 1, R2).'
      : `Stop: the image's STOPSIGNAL ${signal} (its graceful stop) is what containerd and CRI-O send; open requests finish first.`,
  ];
  if (plan.stack === 'python' && /"gunicorn"/.test(plan.entrypoint + plan.cmd)) {
    notes.push(`gunicorn waits up to 30 s (--graceful-timeout) for its workers: terminationGracePeriodSeconds is ${GUNICORN_GRACE_SECONDS}.`);
    return { seconds: GUNICORN_GRACE_SECONDS, notes };
  }
  return { seconds: GRACE_SECONDS, notes };
}

/** An emptyDir per writable path, named after it (`/app/.next/cache` → `app-next-cache`). */
function volumeNames(paths: WritablePath[]): Array<WritablePath & { name: string }> {
  const used = new Set<string>();
  return paths.map((p) => {
    const base = p.path.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 50) || 'data';
    let name = base;
    for (let i = 2; used.has(name); i++) name = `${base}-${i}`;
    used.add(name);
    return { ...p, name };
  });
}
