import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { copyProject } from './fixtures.js';

/** The built CLI (bin/dockgen.js → dist/), run as a user would, without a terminal. */
export const BIN = join(import.meta.dirname, '..', '..', 'bin', 'dockgen.js');

export function runCli(args: string[], env: NodeJS.ProcessEnv = {}, cwd?: string) {
  const result = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', cwd, env: { ...process.env, CI: '', ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Temporary project folders for one test file, removed after it: fixture copies or empty ones. */
export function tempProjects(prefix: string) {
  const made: string[] = [];
  afterAll(() => {
    for (const dir of made) rmSync(dir, { recursive: true, force: true });
  });
  const empty = (name = ''): string => {
    const dir = mkdtempSync(join(tmpdir(), `dockgen-${prefix}-${name ? `${name}-` : ''}`));
    made.push(dir);
    return dir;
  };
  return { empty, copy: (name: string): string => copyProject(name, empty(name)) };
}
