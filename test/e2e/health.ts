import { docker, dockerOrThrow } from './docker.js';

/**
 * The image's HEALTHCHECK on the engine. The image keeps its own timing (30 s interval, checked in
 * its config); the test container overrides only the timing with `docker run --health-*`, so the
 * same probe command turns healthy within seconds and unhealthy within ~10 s instead of 90: CI
 * time, not a different check. The start period stays long, so a slow boot cannot count against it.
 */
export const FAST_HEALTH = ['--health-interval=1s', '--health-timeout=3s', '--health-retries=2', '--health-start-period=60s'];

export function imageHealthcheck(tag: string): { Test: string[]; Interval: number; Timeout: number; StartPeriod: number; Retries: number } | null {
  return JSON.parse(dockerOrThrow(['image', 'inspect', '-f', '{{json .Config.Healthcheck}}', tag]).stdout) as ReturnType<typeof imageHealthcheck>;
}

/** Seconds until the container's health status is `wanted`, or the last status seen at the deadline. */
export async function waitForHealth(container: string, wanted: 'healthy' | 'unhealthy', seconds: number): Promise<{ status: string; seconds: number }> {
  const start = Date.now();
  let status = '';
  while (Date.now() - start < seconds * 1000) {
    status = docker(['inspect', '-f', '{{.State.Health.Status}}', container]).stdout.trim();
    if (status === wanted) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  return { status, seconds: (Date.now() - start) / 1000 };
}

/**
 * Freezes every process of the container except PID 1 (tini, or the nginx master): the app (or
 * nginx's workers) stops answering while the container keeps running, as a deadlocked server
 * would. PID 1 itself cannot be stopped from inside its PID namespace, and need not be.
 */
export function freezeApp(container: string): void {
  const script = 'for p in /proc/[0-9]*; do pid=${p#/proc/}; [ "$pid" = 1 ] || [ "$pid" = $$ ] || kill -STOP "$pid" 2>/dev/null; done; true';
  dockerOrThrow(['exec', container, 'bash', '-c', script]);
}

/** The last probe outputs Docker kept, for a failure message. */
export function healthLog(container: string): string {
  return docker(['inspect', '-f', '{{json .State.Health.Log}}', container]).stdout.slice(-2000);
}
