import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FIXTURE_META, FIXTURES } from './helpers/fixtures.js';

/** What a new user meets first: help, typos, errors, summaries. Runs the built CLI without a terminal. */
const BIN = join(import.meta.dirname, '..', 'bin', 'dockgen.js');

function dockgen(args: string[], env: NodeJS.ProcessEnv = {}, cwd?: string) {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    cwd,
    env: { ...process.env, NO_COLOR: '', FORCE_COLOR: undefined, CI: '', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

function copyFixture(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `dockgen-first-${name}-`));
  made.push(dir);
  cpSync(join(FIXTURES, name), dir, { recursive: true });
  for (const meta of FIXTURE_META) rmSync(join(dir, meta), { force: true });
  return dir;
}

function emptyDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'dockgen-first-'));
  made.push(dir);
  return dir;
}

describe('getting help', () => {
  it('dockgen --help shows the default command flags, examples and exit codes', () => {
    const run = dockgen(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Flags of the default command/);
    for (const flag of ['--yes', '--cmd <command>', '--dry-run', '--check', '--org-config <file>']) expect(run.stdout).toContain(flag);
    expect(run.stdout).toMatch(/Examples:\n\s+dockgen /);
    expect(run.stdout).toMatch(/Exit codes: 0 ok; 1 a check failed.*\n.*2 bad usage/);
  });

  it('init --help describes --cmd without promising tini', () => {
    const run = dockgen(['init', '--help']);
    expect(run.stdout).toMatch(/--cmd <command>\s+the start command/);
    expect(run.stdout).not.toMatch(/tini\)/);
  });

  it('-v, -V and --version print the version', () => {
    const version = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'package.json'), 'utf8')).version;
    for (const flag of ['-v', '-V', '--version']) expect(dockgen([flag]).stdout.trim()).toBe(version);
  });

  it('a mistyped command is called what it probably is, not a missing folder', () => {
    const run = dockgen(['lnit']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/"lnit" is neither a command nor a folder/);
    expect(run.stderr).toMatch(/Did you mean `dockgen lint`/);
    expect(dockgen(['detcet']).stderr).toMatch(/Did you mean `dockgen detect`\?/);
    // A real folder of that name is still a project folder.
    const cwd = emptyDir();
    writeFileSync(join(cwd, 'placeholder'), '');
    const folder = join(cwd, 'lnit');
    cpSync(copyFixture('node-express-npm'), folder, { recursive: true });
    expect(dockgen(['lnit', '--stdout'], {}, cwd).code).toBe(0);
  });
});

describe('errors', () => {
  it('flag-parser errors have the error/hint shape, coloured only when asked', () => {
    const plain = dockgen(['--forse']);
    expect(plain.code).toBe(2);
    expect(plain.stderr).toBe("error: unknown option '--forse'.\n  hint: Did you mean --force? See `dockgen init --help`.\n");
    const forced = dockgen(['--forse'], { FORCE_COLOR: '1' });
    expect(forced.stderr).toContain('\u001b[31merror:\u001b[0m');
    expect(dockgen(['--forse'], { FORCE_COLOR: '1', NO_COLOR: '1' }).stderr).toContain('\u001b[31m');
    expect(dockgen(['--forse'], { NO_COLOR: '1' }).stderr).not.toContain('\u001b[');
  });

  it.each([
    ['--stdout', '--json'],
    ['--check', '--force'],
    ['--dry-run', '--stdout'],
    ['--explain', '--json'],
  ])('%s with %s is refused, not half-ignored', (a, b) => {
    const dir = copyFixture('node-express-npm');
    const run = dockgen([dir, a, b]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/cannot be used with option/);
    expect(existsSync(join(dir, 'Dockerfile'))).toBe(false);
  });

  it('with --json and lint --format json, errors are JSON on stdout too', () => {
    const init = dockgen([join(tmpdir(), 'dockgen-no-such-folder'), '--json']);
    expect(init.code).toBe(2);
    expect(JSON.parse(init.stdout)).toMatchObject({ schema: 1, error: { message: expect.stringMatching(/does not exist/), exitCode: 2 } });
    expect(init.stderr).toMatch(/^error: /);
    const parser = dockgen(['--json', '--stdout']);
    expect(JSON.parse(parser.stdout).error.message).toMatch(/cannot be used with/);
    const lint = dockgen(['lint', '--format', 'json', join(tmpdir(), 'dockgen-no-such-file')]);
    expect(lint.code).toBe(2);
    expect(JSON.parse(lint.stdout).error.hint).toMatch(/dockgen lint/);
    const detect = dockgen(['detect', emptyDir(), '--json']);
    expect(detect.code).toBe(2);
    expect(JSON.parse(detect.stdout).error.exitCode).toBe(2);
  });
});

describe('packaging', () => {
  const ROOT = join(import.meta.dirname, '..');

  it('the tarball holds what runs (the bundle, templates, schemas, docs, LICENSE) and no unused tsc output', () => {
    const pack = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' });
    expect(pack.status).toBe(0);
    const files: string[] = JSON.parse(pack.stdout)[0].files.map((f: { path: string }) => f.path);
    for (const needed of ['LICENSE', 'README.md', 'bin/dockgen.js', 'dist/bundle/main.js', 'dist/templates.cjs', 'docs/rules.md', 'schema/dockgen.schema.json', 'templates/dockerfile/partials/header.hbs']) {
      expect(files).toContain(needed);
    }
    expect(files.filter((f) => f.startsWith('dist/') && !f.startsWith('dist/bundle/') && f !== 'dist/templates.cjs')).toEqual([]);
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    // Installing the tarball runs no script of dockgen's: it is built when packed.
    for (const script of ['preinstall', 'install', 'postinstall', 'prepare']) expect(manifest.scripts[script]).toBeUndefined();
    expect(manifest.scripts.prepack).toBe('npm run build');
    expect(manifest.license).toBe('MIT');
    expect(readFileSync(join(ROOT, 'LICENSE'), 'utf8')).toMatch(/^MIT License/);
  });

  it('the unpacked tarball runs on its own: generation, lint and its rules pointer', () => {
    const work = emptyDir();
    const pack = spawnSync('npm', ['pack', '--ignore-scripts', '--pack-destination', work], { cwd: ROOT, encoding: 'utf8' });
    expect(pack.status).toBe(0);
    expect(spawnSync('tar', ['-xzf', join(work, pack.stdout.trim().split('\n').pop()!), '-C', work]).status).toBe(0);
    // Dependencies as npm would install them; nothing else from the clone.
    spawnSync('ln', ['-s', join(ROOT, 'node_modules'), join(work, 'package', 'node_modules')]);
    const bin = join(work, 'package', 'bin', 'dockgen.js');
    const app = copyFixture('node-express-npm');
    const run = spawnSync(process.execPath, [bin, app, '--stdout'], { encoding: 'utf8', env: { ...process.env, CI: '' } });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toBe(readFileSync(join(FIXTURES, 'node-express-npm', 'expected.Dockerfile'), 'utf8'));
    writeFileSync(join(app, 'Dockerfile'), 'FROM node\nCMD ["node", "server.js"]\n');
    const lint = spawnSync(process.execPath, [bin, 'lint', join(app, 'Dockerfile')], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(lint.status).toBe(1);
    expect(lint.stderr).toContain(`Why: ${join(work, 'package', 'docs', 'rules.md')} (#r2, #r14, #r18, #r23)`);
  });
});
