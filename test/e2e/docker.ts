import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Debian's docker.io client: the newer client some machines carry has no BuildKit builder. */
export const DOCKER = process.env['DOCKGEN_E2E_DOCKER'] ?? '/usr/bin/docker';

export interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
  seconds: number;
}

export function docker(args: string[], options: { input?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): CommandResult {
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

export function dockerOrThrow(args: string[], options: Parameters<typeof docker>[1] = {}): CommandResult {
  const result = docker(args, options);
  if (result.code !== 0) {
    throw new Error(`docker ${args.join(' ')} failed (${result.code}):\n${tail(result.stderr || result.stdout, 60)}`);
  }
  return result;
}

/** BuildKit build with host networking (no bridge exists here) and plain progress for parsing. */
export function build(context: string, tag: string, extra: string[] = []): CommandResult {
  return docker(['build', '--network', 'host', '--progress=plain', ...extra, '-t', tag, context]);
}

/** Async `docker` for timing `docker stop` without blocking on other work. */
export function timed(args: string[]): Promise<CommandResult> {
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

export function tail(text: string, lines: number): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

/** The host-side view of a container's PID 1 and its children: works for shell-less images. */
export function processTree(containerId: string): { pid1: string[]; uid: number; children: string[][] } {
  const pid = dockerOrThrow(['inspect', '-f', '{{.State.Pid}}', containerId]).stdout.trim();
  const cmdline = (p: string) => readFileSync(`/proc/${p}/cmdline`, 'utf8').split('\0').filter(Boolean);
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const uid = Number(/^Uid:\s+(\d+)/m.exec(status)?.[1]);
  let children: string[][] = [];
  try {
    const ids = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
    children = ids.map(cmdline);
  } catch {
    children = [];
  }
  return { pid1: cmdline(pid), uid, children };
}
