import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { dockerOrThrow, type CommandResult } from './docker.js';

/** Buildah keeps its own image store, next to the engine's state. */
const STATE = process.env['DOCKGEN_E2E_STATE'] ?? '/var/tmp/dockgen-e2e';

/** overlay where the kernel allows it (about twice as fast as vfs here), else vfs. */
function store(): string[] {
  for (const driver of ['overlay', 'vfs']) {
    const args = ['--storage-driver', driver, '--root', join(STATE, `buildah-${driver}`, 'root'), '--runroot', join(STATE, `buildah-${driver}`, 'run')];
    if (spawnSync('buildah', [...args, 'images'], { encoding: 'utf8' }).status === 0) return args;
  }
  throw new Error('buildah works with neither the overlay nor the vfs storage driver');
}
let STORE: string[] | undefined;

export function buildahAvailable(): boolean {
  return !process.env['DOCKGEN_E2E_NO_BUILDAH'] && spawnSync('buildah', ['--version'], { encoding: 'utf8' }).status === 0;
}

export function buildah(args: string[]): CommandResult {
  const start = performance.now();
  STORE ??= store();
  const result = spawnSync('buildah', [...STORE, ...args], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, timeout: 30 * 60_000 });
  return { code: result.status, stdout: result.stdout ?? '', stderr: result.stderr ?? '', seconds: (performance.now() - start) / 1000 };
}

/**
 * Buildah's build, retried once after a failure of its chroot runner itself ("sealing memfd copy:
 * Device or resource busy", seen once in ~200 builds on these machines): an error of the build
 * host, not of the Dockerfile. Any other failure is reported as it is.
 */
export function buildahBuild(args: string[]): CommandResult {
  const first = buildah(['bud', ...args]);
  if (first.code === 0 || !/sealing memfd copy/.test(first.stdout + first.stderr)) return first;
  const second = buildah(['bud', ...args]);
  return { ...second, seconds: first.seconds + second.seconds };
}

/** Hands the Docker engine's stand-in base images to Buildah's store, under the same names. */
export function loadStandInsIntoBuildah(images: string[]): void {
  const tarDir = join(STATE, 'buildah-archives');
  mkdirSync(tarDir, { recursive: true });
  for (const image of images) {
    if (buildah(['inspect', '--type', 'image', image]).code === 0) continue;
    const tar = join(tarDir, `${image.replace(/[^\w.-]+/g, '_')}.tar`);
    dockerOrThrow(['save', image, '-o', tar]);
    const pulled = buildah(['pull', `docker-archive:${tar}`]);
    if (pulled.code !== 0) throw new Error(`buildah pull ${tar} failed: ${pulled.stderr}`);
    const id = pulled.stdout.trim().split('\n').at(-1)!;
    const tagged = buildah(['tag', id, image]);
    if (tagged.code !== 0) throw new Error(`buildah tag ${image} failed: ${tagged.stderr}`);
    if (existsSync(tar)) rmSync(tar);
  }
}
