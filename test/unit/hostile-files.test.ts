import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readAnswers } from '../../src/config.js';
import { generate } from '../../src/core.js';
import { DiskFs } from '../../src/detect/fs.js';
import { findMainDirs } from '../../src/detect/go/mains.js';
import { PackageReader } from '../../src/detect/go/packages.js';
import { expandWorkspacePatterns } from '../../src/detect/node/workspace-patterns.js';
import { detectPublicEnv } from '../../src/detect/static/public-env.js';
import { readLintInput, resolveDockerfiles } from '../../src/lint/files.js';
import { readOrgConfig } from '../../src/org/config.js';
import { readRegularFile } from '../../src/safe-read.js';
import { compareWithDisk, writeChanges } from '../../src/write.js';
import { thrown } from '../helpers/errors.js';

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** A case folder with `project/` and, beside it, `outside/secret.txt` that must never be read. */
function sandbox(files: Record<string, string> = {}): { project: string; outside: string } {
  const base = realpathSync(mkdtempSync(join(tmpdir(), 'dockgen-hostile-')));
  made.push(base);
  const project = join(base, 'project');
  const outside = join(base, 'outside');
  mkdirSync(project);
  mkdirSync(outside);
  writeFileSync(join(outside, 'secret.txt'), 'root:x:0:0:OUTSIDE-SECRET\n');
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(project, path, '..'), { recursive: true });
    writeFileSync(join(project, path), text);
  }
  return { project, outside };
}

function mkfifo(path: string): void {
  expect(spawnSync('mkfifo', [path]).status).toBe(0);
}

describe('the one safe reader', () => {
  it('refuses a FIFO at once instead of waiting for a writer', () => {
    const { project } = sandbox();
    mkfifo(join(project, 'dockgen.json'));
    expect(thrown(() => readRegularFile(join(project, 'dockgen.json'), { shown: 'dockgen.json' })).message).toMatch(/dockgen.json is a named pipe \(FIFO\)/);
  });

  it('refuses a device (a link to /dev/zero would never end), even for a path the user chose', () => {
    const { project } = sandbox();
    symlinkSync('/dev/zero', join(project, 'Dockerfile'));
    expect(thrown(() => readRegularFile(join(project, 'Dockerfile'), { shown: 'Dockerfile' })).message).toMatch(/is a device/);
  });

  it('refuses a link out of the project when a root is given, and says nothing of what is there', () => {
    const { project } = sandbox();
    symlinkSync('../outside/secret.txt', join(project, 'package.json'));
    const error = thrown(() => readRegularFile(join(project, 'package.json'), { shown: 'package.json', root: project }));
    expect(error.message).toMatch(/link to a file outside the project/);
    expect(`${error.message} ${error.hint}`).not.toMatch(/OUTSIDE-SECRET|outside\/secret/);
  });

  it('caps the size, and reports a symlink loop as one', () => {
    const { project } = sandbox({ big: 'x'.repeat(2000) });
    expect(thrown(() => readRegularFile(join(project, 'big'), { shown: 'big', maxBytes: 1000 })).message).toMatch(/big is 2 KiB, too large/);
    symlinkSync('b', join(project, 'a'));
    symlinkSync('a', join(project, 'b'));
    expect(thrown(() => readRegularFile(join(project, 'a'), { shown: 'a' })).message).toMatch(/symbolic link loop/);
    expect(readRegularFile(join(project, 'missing'), { shown: 'missing' })).toBeUndefined();
  });

  it('a Staticfile that is there but too large is reported, not taken for a missing one', () => {
    const { project } = sandbox({ 'index.html': '<p>hi</p>', Staticfile: '{'.repeat(3 * 1024 * 1024) });
    const error = thrown(() => generate(new DiskFs(project), project, {}));
    expect(error.exitCode).toBe(2);
    expect(error.message).toMatch(/Staticfile is 3.0 MiB, too large/);
  });

  it('DiskFs reads through it: a FIFO package.json is no file, never a hang', () => {
    const { project } = sandbox();
    mkfifo(join(project, 'package.json'));
    const fs = new DiskFs(project);
    expect(fs.isFile('package.json')).toBe(false);
    expect(fs.readText('package.json')).toBeUndefined();
  });
});

describe('settings files (dockgen.json, --config, the org config)', () => {
  it('a FIFO named dockgen.json is refused with exit 2', () => {
    const { project } = sandbox();
    mkfifo(join(project, 'dockgen.json'));
    const error = thrown(() => readAnswers(project));
    expect(error.exitCode).toBe(2);
    expect(error.message).toMatch(/named pipe/);
  });

  it('a dockgen.json linked out of the project is refused, and its content is never quoted', () => {
    const { project } = sandbox();
    symlinkSync('../outside/secret.txt', join(project, 'dockgen.json'));
    const error = thrown(() => readAnswers(project));
    expect(error.message).toMatch(/outside the project/);
    expect(`${error.message} ${error.hint}`).not.toContain('OUTSIDE-SECRET');
  });

  it('a JSON error says where, not what the file holds', () => {
    const { project } = sandbox({ 'dockgen.json': '{\n  "port": 80,\n  root:x:0:0 SECRET-TEXT\n}' });
    const error = thrown(() => readAnswers(project));
    expect(error.message).toMatch(/dockgen.json is not valid JSON: line 3, column 3: unexpected character/);
    expect(error.message).not.toContain('SECRET-TEXT');
  });

  it('--config and --org-config may be anywhere the user chose, but not a FIFO', () => {
    const { project, outside } = sandbox();
    mkfifo(join(outside, 'answers.json'));
    expect(thrown(() => readAnswers(project, join(outside, 'answers.json'))).message).toMatch(/named pipe/);
    mkfifo(join(outside, 'org.json'));
    expect(thrown(() => readOrgConfig(join(outside, 'org.json'))).message).toMatch(/named pipe/);
    writeFileSync(join(outside, 'org2.json'), '{"labels": {"team": "web"}}');
    expect(readOrgConfig(join(outside, 'org2.json')).labels).toEqual({ team: 'web' });
  });

  it("an org's template that is a FIFO is refused, not read forever", () => {
    const { project, outside } = sandbox({ 'package.json': '{"name":"a","scripts":{"start":"node server.js"}}', 'server.js': '', 'package-lock.json': '{"lockfileVersion":3}' });
    mkdirSync(join(outside, 'templates', 'dockerfile', 'partials'), { recursive: true });
    mkfifo(join(outside, 'templates', 'dockerfile', 'partials', 'header.hbs'));
    writeFileSync(join(outside, 'org.json'), '{"templates": "templates"}');
    const org = readOrgConfig(join(outside, 'org.json'));
    expect(thrown(() => generate(new DiskFs(project), project, {}, org)).message).toMatch(/header.hbs is a named pipe/);
  });
});

describe('writing outputs', () => {
  const files = [{ path: 'Dockerfile', content: 'FROM scratch\n' }];

  it('never writes through a symlink at an output path, dangling or not, even with --force', () => {
    const { project, outside } = sandbox();
    symlinkSync('../outside/secret.txt', join(project, 'Dockerfile'));
    for (const force of [false, true]) {
      const error = thrown(() => compareWithDisk(project, files, force));
      expect(error.exitCode).toBe(2);
      expect(error.message).toMatch(/Dockerfile is a symbolic link/);
    }
    rmSync(join(project, 'Dockerfile'));
    symlinkSync('../outside/new-file', join(project, 'Dockerfile'));
    expect(thrown(() => compareWithDisk(project, files, false)).message).toMatch(/symbolic link/);
    expect(existsSync(join(outside, 'new-file'))).toBe(false);
    expect(readFileSync(join(outside, 'secret.txt'), 'utf8')).toContain('OUTSIDE-SECRET');
  });

  it('a folder or a FIFO at an output path is exit 2 with a message', () => {
    const { project } = sandbox();
    mkdirSync(join(project, 'Dockerfile'));
    expect(thrown(() => compareWithDisk(project, files, true)).message).toMatch(/Dockerfile is a folder, where dockgen writes a file/);
    rmSync(join(project, 'Dockerfile'), { recursive: true });
    mkfifo(join(project, 'Dockerfile'));
    const error = thrown(() => compareWithDisk(project, files, true));
    expect(error.exitCode).toBe(2);
    expect(error.message).toMatch(/named pipe/);
  });

  it('an output folder that is a link out of the project is refused', () => {
    const { project } = sandbox();
    symlinkSync('../outside', join(project, 'conf'));
    expect(thrown(() => compareWithDisk(project, [{ path: 'conf/nginx.conf', content: 'x' }], true)).message).toMatch(/leads out of the project/);
  });

  it('writes through an exclusive temporary file with an unpredictable name: a planted link at the old name is not followed', () => {
    const { project, outside } = sandbox();
    // The name dockgen once used (<file>.dockgen-<pid>.tmp), planted as a link to a file outside.
    symlinkSync('../outside/secret.txt', join(project, `Dockerfile.dockgen-${process.pid}.tmp`));
    writeChanges(project, compareWithDisk(project, files, false));
    expect(readFileSync(join(project, 'Dockerfile'), 'utf8')).toBe('FROM scratch\n');
    expect(lstatSync(join(project, 'Dockerfile')).isFile()).toBe(true);
    expect(readFileSync(join(outside, 'secret.txt'), 'utf8')).toContain('OUTSIDE-SECRET');
    // No temporary file is left behind.
    expect(readdirSync(project).sort()).toEqual(['Dockerfile', `Dockerfile.dockgen-${process.pid}.tmp`]);
  });

  it('--dry-run and --check read an existing output like a project file (no link out)', () => {
    const { project } = sandbox({ Dockerfile: 'FROM old\n' });
    expect(compareWithDisk(project, files, false)[0]).toMatchObject({ status: 'conflict', existing: 'FROM old\n' });
  });
});

describe('lint file handling', () => {
  it('a FIFO named on the command line is refused with a clear error, not read forever', () => {
    const { project } = sandbox();
    mkfifo(join(project, 'Dockerfile'));
    expect(thrown(() => readLintInput(join(project, 'Dockerfile'))).message).toMatch(/named pipe/);
  });

  it('a .dockerignore next to the Dockerfile that is a FIFO, or a link out of the context, is refused', () => {
    const { project } = sandbox({ Dockerfile: 'FROM scratch\n' });
    mkfifo(join(project, '.dockerignore'));
    expect(thrown(() => readLintInput(join(project, 'Dockerfile'))).message).toMatch(/\.dockerignore is a named pipe/);
    rmSync(join(project, '.dockerignore'));
    symlinkSync('../outside/secret.txt', join(project, '.dockerignore'));
    const error = thrown(() => readLintInput(join(project, 'Dockerfile')));
    expect(error.message).toMatch(/outside the project/);
    expect(error.message).not.toContain('OUTSIDE-SECRET');
  });

  it('an explicit Dockerfile may be a link anywhere; a folder\'s Dockerfile may not lead out of it', () => {
    const { project, outside } = sandbox();
    writeFileSync(join(outside, 'Dockerfile'), 'FROM scratch\n');
    symlinkSync('../outside/Dockerfile', join(project, 'Dockerfile'));
    expect(readLintInput(join(project, 'Dockerfile')).dockerfile).toBe('FROM scratch\n');
    const [target] = resolveDockerfiles([project]);
    expect(thrown(() => readLintInput(target!)).message).toMatch(/outside the project/);
  });

  it('`**` with symlinks to `.` finishes, lists each file once, and does not follow links out', () => {
    const { project, outside } = sandbox({ 'svc/a/Dockerfile': 'FROM a\n', 'svc/b/Dockerfile': 'FROM b\n' });
    writeFileSync(join(outside, 'Dockerfile'), 'FROM outside\n');
    for (let i = 0; i < 6; i++) symlinkSync('.', join(project, 'svc', `loop${i}`));
    symlinkSync('..', join(project, 'svc', 'a', 'up'));
    symlinkSync('../outside', join(project, 'out'));
    const started = Date.now();
    const found = resolveDockerfiles([`${project}/**/Dockerfile`]).map((t) => t.path);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(found).toEqual([join(project, 'svc/a/Dockerfile'), join(project, 'svc/b/Dockerfile')]);
    // A one-level pattern through a link out of the folder does not match either.
    expect(thrown(() => resolveDockerfiles([`${project}/o*/Dockerfile`])).message).toMatch(/No file matches/);
  });

  it('a glob argument with a bad class is a usage error, not a crash', () => {
    const { project } = sandbox();
    const error = thrown(() => resolveDockerfiles([`${project}/[z-a]*`]));
    expect(error.exitCode).toBe(2);
    expect(error.message).toMatch(/range z-a runs backwards/);
  });
});

describe('walks keep a visited set of real paths', () => {
  it('the static-site scan for public variables visits each real folder once', () => {
    const { project } = sandbox({ 'src/main.js': 'import.meta.env.VITE_API_URL', 'src/deep/x.js': 'import.meta.env.VITE_X' });
    for (let i = 0; i < 8; i++) symlinkSync('.', join(project, 'src', `l${i}`));
    symlinkSync('..', join(project, 'src', 'deep', 'up'));
    const started = Date.now();
    expect(detectPublicEnv(new DiskFs(project), 'vite').map((f) => [f.value, f.evidence.source])).toEqual([
      ['VITE_API_URL', 'src/main.js'],
      ['VITE_X', 'src/deep/x.js'],
    ]);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('workspace globs with `**` and Go main package discovery stop at folders already seen', () => {
    const { project } = sandbox({ 'apps/web/package.json': '{"name":"web"}', 'go.mod': 'module x\n', 'cmd/api/main.go': 'package main\nfunc main() {}\n' });
    for (let i = 0; i < 5; i++) {
      symlinkSync('.', join(project, 'apps', `l${i}`));
      symlinkSync('..', join(project, 'cmd', 'api', `u${i}`));
    }
    const fs = new DiskFs(project);
    expect(expandWorkspacePatterns(fs, ['apps/**'])).toEqual(['apps/web']);
    expect(findMainDirs(fs, new PackageReader(fs), '', new Set()).primary).toEqual(['cmd/api']);
  });
});
