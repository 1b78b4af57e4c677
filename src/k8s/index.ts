import type { ProjectFs } from '../detect/fs.js';
import { detectProjectVersion } from '../detect/project-version.js';
import { DockgenError } from '../errors.js';
import type { GenerateOptions } from '../options.js';
import { imageName } from '../plan/safe.js';
import type { DockerPlan } from '../plan/types.js';
import type { GeneratedFile } from '../render/index.js';
import { parseImageRef, versionTag, type ImageRef } from './image-ref.js';
import { buildManifests } from './manifest.js';
import { K8S_FILE, renderManifests } from './render.js';

/**
 * --k8s: a Deployment (and a Service for a server) that runs the image the way it was built to
 * run: its numeric user, a read-only root with an emptyDir for each writable path, no added
 * privileges, probes on its port, and an image reference that never moves.
 */
export function kubernetesFile(fs: ProjectFs, plan: DockerPlan, options: GenerateOptions, projectName: string): GeneratedFile & { image: string; name: string } {
  const name = kubernetesName(plan.app?.name ?? projectName);
  const image = options.image ? parseImageRef(options.image) : defaultImage(fs, plan, name);
  const probePath = options.healthcheck ?? (plan.stack === 'static' && plan.nginx ? '/healthz' : undefined);
  const manifests = buildManifests({ plan, name, image, probePath });
  const writable = (plan.writablePaths ?? []).map((w) => `  ${w.path}: ${w.reason}`);
  const header = [
    `Kubernetes Deployment${manifests.service ? ' and Service' : ''} for ${name}, written by dockgen from the same plan as the Dockerfile.`,
    `Apply: kubectl apply -f ${K8S_FILE}   (push ${image.ref} to a registry the cluster pulls from first)`,
    'The root filesystem is read-only (R15); these paths are emptyDir volumes, the only places the app can write:',
    ...writable,
    ...manifests.notes,
    'Requests and the memory limit are starting points: measure the app under load and adjust them.',
  ];
  return { path: K8S_FILE, content: renderManifests(manifests, header), image: image.ref, name };
}

/** `<name>:<version>` from the project's manifest; no version, no default (never `latest`). */
function defaultImage(fs: ProjectFs, plan: DockerPlan, name: string): ImageRef {
  const version = detectProjectVersion(fs, plan.app?.dir);
  const tag = versionTag(version?.value);
  if (!tag) {
    const why = version ? `its version "${version.value}" (${version.evidence.source}) is not usable as an image tag` : 'the project declares no version (package.json "version", pyproject.toml [project] version)';
    throw new DockgenError(
      `--k8s needs the image reference the cluster runs, and ${why}; dockgen never writes "latest" (R20).`,
      `Pass it: --image registry.example.com/${name}:1.0.0 (or tag with the commit: ${name}:$(git rev-parse --short HEAD)).`,
    );
  }
  return parseImageRef(`${imageName(name)}:${tag}`);
}

/** A DNS-1123 label (lower-case alphanumerics and dashes, at most 63): what a Deployment's and a
 *  Service's names must be. */
export function kubernetesName(name: string): string {
  const label = imageName(name.replace(/^@[^/]+\//, '')).replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 63).replace(/-+$/, '');
  return /^[a-z]/.test(label) ? label : `app-${label}`.slice(0, 63).replace(/-+$/, '');
}
