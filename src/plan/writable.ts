import type { FrameworkFacts } from '../detect/node/framework.js';
import type { WritablePath } from './types.js';

/** Every image gets a writable /tmp: temp files, and for a static site nginx's or httpd's pid and
 *  temp files (the nginx-unprivileged image and the httpd flags dockgen writes put them there). */
const TMP = '/tmp';
const TMP_REASON = { app: 'temporary files', server: "the web server's pid and temp files" };

/**
 * The paths the app writes at run time, for a read-only root filesystem (R15): /tmp, then the
 * stack's own (`stackPaths`). Each becomes a tmpfs (`docker run --tmpfs`, compose) or an emptyDir
 * (Kubernetes). Everything else in the image is read-only to the app user already (R14), so only
 * a framework that writes beside its code needs a path of its own. Measured on the engine: every
 * buildable fixture starts and answers with `--read-only --tmpfs /tmp`, and writes nothing outside
 * /tmp (`docker diff`).
 */
export function withTmp(stackPaths: WritablePath[] = [], webServer = false): WritablePath[] {
  return [{ path: TMP, reason: webServer ? TMP_REASON.server : TMP_REASON.app }, ...stackPaths.filter((p) => p.path !== TMP)];
}

/** A Node.js server's own writable paths, in its app folder (`workdir`). */
export function nodeWritablePaths(framework: FrameworkFacts, workdir: string): WritablePath[] {
  // next start (and the standalone server.js) caches optimised images and ISR/fetch results in
  // .next/cache next to the build; without a writable folder those requests log errors and are
  // recomputed every time.
  if (framework.id === 'next') return [{ path: `${workdir}/.next/cache`, reason: 'Next.js caches optimised images and incremental (ISR) pages here' }];
  return [];
}

/**
 * `docker run` flags that run the image as k8s.yaml does: a read-only root with a tmpfs for each
 * writable path, no capabilities, no privilege escalation. README.Docker.md prints them and the
 * e2e suite runs every fixture with them, so the documented command is the tested one.
 */
export function hardenedRunArgs(paths: readonly WritablePath[]): string[] {
  return ['--read-only', ...paths.flatMap((w) => ['--tmpfs', w.path]), '--cap-drop', 'ALL', '--security-opt', 'no-new-privileges'];
}
