import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FIXTURES } from '../helpers/fixtures.js';

/** Runs the built CLI (bin/dockgen.js → dist/) as a user would, without a terminal. */
const BIN = join(import.meta.dirname, '..', '..', 'bin', 'dockgen.js');
const CASES = join(import.meta.dirname, '..', 'lint', 'cases');

function dockgen(args: string[], cwd?: string) {
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, CI: '' }, stdio: ['pipe', 'pipe', 'pipe'] });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'dockgen-lint-'));
  made.push(dir);
  return dir;
}

const LINE = /^\S+:\d+ (R|D)\d+ (error|warning|info): .+ Fix: .+$/;

describe('dockgen lint (CLI)', () => {
  it('lints ./Dockerfile by default; a generated Dockerfile is clean, even with --strict (exit 0)', () => {
    const app = tempDir();
    cpSync(join(FIXTURES, 'node-express-npm'), app, { recursive: true });
    expect(dockgen([app, '--yes']).code).toBe(0);
    const run = dockgen(['lint', '--strict'], app);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('no problems in 1 file\n');
  });

  it('exit 1 on errors, one plain line per finding when not on a terminal', () => {
    const run = dockgen(['lint', join(CASES, 'python-flask-quickstart', 'Dockerfile')]);
    expect(run.code).toBe(1);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(5);
    for (const line of lines) expect(line).toMatch(LINE);
    expect(run.stdout).not.toContain('\u001b[');
    expect(lines[0]).toMatch(/python-flask-quickstart\/Dockerfile:1 R14 error: the final stage has no USER/);
    expect(run.stderr).toMatch(/2 errors, 3 warnings in 1 file/);
  });

  it('warnings fail only with --strict', () => {
    const file = join(CASES, 'python-poetry-gunicorn', 'Dockerfile');
    expect(dockgen(['lint', file]).code).toBe(0);
    expect(dockgen(['lint', file, '--strict']).code).toBe(1);
  });

  it('--format json: version, files, findings with rule, check, why, fix and the rule\'s section, totals', () => {
    const file = join(CASES, 'npm-token-stages', 'Dockerfile');
    const run = dockgen(['lint', file, '--format', 'json']);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as { version: number; files: string[]; findings: Record<string, unknown>[]; summary: Record<string, number> };
    expect(report.version).toBe(1);
    expect(report.files).toEqual([file]);
    expect(report.summary).toEqual({ errors: 2, warnings: 3, info: 0 });
    expect(report.findings[1]).toEqual({
      file,
      line: 9,
      rule: 'D3',
      check: 'duplicate-stage',
      severity: 'error',
      message: 'stage name "build" is already used on line 1',
      why: expect.any(String),
      fix: expect.any(String),
      docs: `${join(import.meta.dirname, '..', '..', 'docs', 'rules.md')}#d3`,
    });
  });

  it('--ignore takes rule ids and check names; an unknown id is a usage error (exit 2)', () => {
    const file = join(CASES, 'python-flask-quickstart', 'Dockerfile');
    const run = dockgen(['lint', file, '--ignore', 'R14,shell-form']);
    expect(run.code).toBe(0);
    expect(run.stdout).not.toMatch(/R14|shell form/);
    const bad = dockgen(['lint', file, '--ignore', 'R99']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/unknown rule R99/);
  });

  it('an inline `# dockgen-ignore` silences the instruction below it', () => {
    const dir = tempDir();
    writeFileSync(join(dir, '.dockerignore'), '.git\n.env*\nnode_modules\n');
    writeFileSync(join(dir, 'Dockerfile'), 'FROM node:22.11.0-slim AS app\nUSER 1000\n# dockgen-ignore R2\nCMD node server.js\n');
    const run = dockgen(['lint'], dir);
    expect(run.code, run.stdout).toBe(0);
    writeFileSync(join(dir, 'Dockerfile'), 'FROM node:22.11.0-slim AS app\nUSER 1000\nCMD node server.js\n');
    expect(dockgen(['lint'], dir).code).toBe(1);
  });

  it('several files by glob (expanded by lint when the shell did not) and by folder', () => {
    const root = tempDir();
    for (const name of ['api', 'web']) {
      mkdirSync(join(root, 'services', name), { recursive: true });
      cpSync(join(CASES, name === 'api' ? 'go-distroless' : 'node-getting-started'), join(root, 'services', name), { recursive: true });
    }
    const run = dockgen(['lint', 'services/*/Dockerfile', '--format', 'json'], root);
    expect(run.code).toBe(1);
    expect((JSON.parse(run.stdout) as { files: string[] }).files).toEqual(['services/api/Dockerfile', 'services/web/Dockerfile']);
    const byFolder = dockgen(['lint', 'services/api'], root);
    expect(byFolder.code).toBe(0);
    expect(dockgen(['lint', 'services/*/Dockerfile.prod'], root)).toMatchObject({ code: 2, stderr: expect.stringMatching(/No file matches/) });
  });

  it('`-` lints standard input: what `dockgen --stdout` prints is clean', () => {
    const printed = dockgen([join(FIXTURES, 'node-express-npm'), '--stdout']);
    const result = spawnSync(process.execPath, [BIN, 'lint', '-', '--strict'], { input: printed.stdout, encoding: 'utf8', env: { ...process.env, CI: '' } });
    expect(result.status, result.stdout).toBe(0);
    const bad = spawnSync(process.execPath, [BIN, 'lint', '-'], { input: 'FROM node\n', encoding: 'utf8' });
    expect(bad.status).toBe(1);
    expect(bad.stdout).toMatch(/^<stdin>:1 R14 error/);
  });

  it('a missing or unreadable file is exit 2 with a hint', () => {
    const run = dockgen(['lint', 'does/not/exist/Dockerfile']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/does not exist/);
    expect(run.stderr).toMatch(/hint:/);
  });

  it('`dockgen lint` is the lint command, while `dockgen <folder>` still runs init', () => {
    const help = dockgen(['lint', '--help']);
    expect(help.code).toBe(0);
    for (const flag of ['--format', '--strict', '--ignore']) expect(help.stdout).toContain(flag);
    const app = tempDir();
    cpSync(join(FIXTURES, 'node-zero-deps'), app, { recursive: true });
    const init = dockgen([app, '--stdout']);
    expect(init.code, init.stderr).toBe(0);
    expect(init.stdout).toMatch(/^# Dockerfile for/);
  });
});
