import type { PlanContext } from './types.js';
import { imageName } from './safe.js';

/** The tag in the build command: the commit in a git checkout, else the build's date and time. It
 *  works in any POSIX shell, in or out of a repository, and never moves once built (R20). */
export const IMAGE_TAG = '$(git rev-parse --short HEAD 2>/dev/null || date +%Y%m%d%H%M%S)';

/** The comment block at the top: what this is, and how to build and run it with an immutable tag (R20). */
export function planHeader(context: PlanContext, runtime: string, framework: string | undefined, port: number | undefined): string[] {
  const name = imageName(context.projectName);
  const kind = framework ? `${runtime}, ${framework}` : runtime;
  const lines = [`Dockerfile for ${name} (${kind}), written by dockgen ${context.dockgenVersion}.`];
  if (context.dockerfile) {
    // BuildKit and Buildah read <Dockerfile>.dockerignore next to a Dockerfile given with -f
    // (Buildah only when -f is relative to the context, hence "from the repository root").
    lines.push(
      `Build context: the repository root (the image needs workspace files there); ${context.dockerfile}.dockerignore applies.`,
      `Build (from the repository root): docker build -f ${context.dockerfile} -t ${name}:${IMAGE_TAG} .`,
    );
  } else {
    lines.push(`Build: docker build -t ${name}:${IMAGE_TAG} .`);
  }
  if (port !== undefined) lines.push(`Run:   docker run --rm -p ${port}:${port} ${name}:<tag>`);
  else lines.push(`Run:   docker run --rm ${name}:<tag>`);
  return lines;
}
