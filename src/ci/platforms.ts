import type { DockerPlan } from '../plan/types.js';

export const AMD64 = 'linux/amd64';
export const MULTI = ['linux/amd64', 'linux/arm64'];

export interface Platforms {
  platforms: string[];
  /** Why these, written above `platforms:` in the workflow. */
  reason: string;
}

/**
 * Several platforms only where every one of them builds the same program: a Go binary
 * cross-compiled with cgo off (the build stage runs on the build machine's platform and sets
 * GOOS/GOARCH from TARGETOS/TARGETARCH), or an interpreted runtime with nothing compiled in the
 * image. Native code built in the image (cgo, a Node.js addon, Python packages compiled from
 * source) would be compiled under emulation for arm64: slow, and untested by anyone here.
 */
export function choosePlatforms(plan: DockerPlan): Platforms {
  switch (plan.stack) {
    case 'go':
      return plan.crossCompile
        ? { platforms: MULTI, reason: 'The Go build stage cross-compiles (cgo off, GOOS/GOARCH from TARGETOS/TARGETARCH): arm64 needs no emulation to compile.' }
        : { platforms: [AMD64], reason: 'amd64 only: the Go build uses cgo, which compiles with the target\'s C toolchain; arm64 would compile under emulation.' };
    case 'node':
      return plan.addon
        ? { platforms: [AMD64], reason: 'amd64 only: the image compiles a native addon (binding.gyp); arm64 would compile it under emulation.' }
        : { platforms: MULTI, reason: `${plan.bun ? 'Bun' : 'Node.js'} runs the code as it is: no native addon is compiled in the image.` };
    case 'python':
      return plan.build.systemPackages
        ? { platforms: [AMD64], reason: 'amd64 only: the image compiles dependencies that have no wheels; arm64 would compile them under emulation.' }
        : { platforms: MULTI, reason: 'Python runs the code as it is: no dependency is compiled in the image.' };
    case 'static':
      return { platforms: MULTI, reason: 'A static site: the server image exists for both, and the site files are the same on each.' };
  }
}
