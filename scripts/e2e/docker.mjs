// Docker helpers shared by the e2e suite (test/e2e) and the corpus harness (scripts/corpus.mjs):
// one place that knows which client to run, how to build on these machines (host network, plain
// progress) and how to see a container's PID 1 from the host (works for shell-less images).
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Debian's docker.io client: the newer client some machines carry has no BuildKit builder. */
export const DOCKER = process.env['DOCKGEN_E2E_DOCKER'] ?? '/usr/bin/docker';

export function docker(args, options = {}) {
  const start = performance.now();
  const result = spawnSync(DOCKER, args, {
    encoding: 'utf8',
    input: options.input,
    env: { ...process.env, DOCKER_BUILDKIT: '1', ...options.env },
    maxBuffer: 256 * 1024 * 1024,
    timeout: options.timeoutMs ?? 20 * 60_000,
  });
  return { code: result.status, stdout: result.stdout ?? '', stderr: result.stderr ?? '', seconds: (performance.now() - start) / 1000 };
}

export function dockerOrThrow(args, options = {}) {
  const result = docker(args, options);
  if (result.code !== 0) {
    throw new Error(`docker ${args.join(' ')} failed (${result.code}):\n${tail(result.stderr || result.stdout, 60)}`);
  }
  return result;
}

/** BuildKit build with host networking (no bridge exists here) and plain progress for parsing. */
export function build(context, tag, extra = [], options = {}) {
  return docker(['build', '--network', 'host', '--progress=plain', ...extra, '-t', tag, context], options);
}

/** Async `docker` for timing `docker stop` without blocking on other work. */
export function timed(args) {
  const start = performance.now();
  return new Promise((resolve) => {
    const child = spawn(DOCKER, args, { env: process.env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr, seconds: (performance.now() - start) / 1000 }));
  });
}

export function tail(text, lines) {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

/** Whether a Docker engine answers on DOCKER_HOST (or the default socket). */
export function engineAnswers() {
  return spawnSync(DOCKER, ['info', '--format', '{{.ServerVersion}}'], { encoding: 'utf8', timeout: 20_000 }).status === 0;
}

/** The host-side view of a container's PID 1 and its children: works for shell-less images. */
export function processTree(containerId) {
  const pid = dockerOrThrow(['inspect', '-f', '{{.State.Pid}}', containerId]).stdout.trim();
  const cmdline = (p) => readFileSync(`/proc/${p}/cmdline`, 'utf8').split('\0').filter(Boolean);
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const uid = Number(/^Uid:\s+(\d+)/m.exec(status)?.[1]);
  let children = [];
  try {
    const ids = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
    children = ids.map(cmdline);
  } catch {
    children = [];
  }
  return { pid1: cmdline(pid), uid, children };
}

/**
 * Polls `url` until it answers with a status `accept` takes (default: 200), or gives up after
 * `seconds`; returns the last status or error message.
 */
export async function probe(url, seconds, accept = (status) => status === 200) {
  const deadline = Date.now() + seconds * 1000;
  let last = 'no answer';
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      last = response.status;
      if (accept(response.status)) return response.status;
    } catch (error) {
      last = error.cause?.code ?? error.message;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return last;
}
