import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { runCli, tempProjects } from './helpers/cli.js';
import { FIXTURES, copyProject } from './helpers/fixtures.js';

/** What a new user meets first: help, typos, errors, summaries. Runs the built CLI without a terminal. */
const dockgen = (args: string[], env: NodeJS.ProcessEnv = {}, cwd?: string) => runCli(args, { NO_COLOR: '', FORCE_COLOR: undefined, ...env }, cwd);
const projects = tempProjects('first');
const copyFixture = projects.copy;
const emptyDir = () => projects.empty();

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
    expect(dockgen(['cii']).stderr).toMatch(/Did you mean `dockgen ci`\? \(Commands: init, detect, lint, update, ci;/);
    // A real folder of that name is still a project folder.
    const cwd = emptyDir();
    writeFileSync(join(cwd, 'placeholder'), '');
    copyProject('node-express-npm', join(cwd, 'lnit'));
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
    // Each one is what schema/error.schema.json describes.
    const validate = new Ajv2020({ strict: true }).compile(JSON.parse(readFileSync(join(import.meta.dirname, '..', 'schema', 'error.schema.json'), 'utf8')));
    for (const run of [init, parser, lint, detect]) expect(validate(JSON.parse(run.stdout)), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ schema: 1, error: { message: 'x' } })).toBe(false);
  });
});

describe('packaging', () => {
  const ROOT = join(import.meta.dirname, '..');

  it('the tarball holds what runs (the bundle, templates, schemas, docs, LICENSE) and no unused tsc output', () => {
    const pack = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' });
    expect(pack.status).toBe(0);
    const files: string[] = JSON.parse(pack.stdout)[0].files.map((f: { path: string }) => f.path);
    for (const needed of ['LICENSE', 'README.md', 'bin/dockgen.js', 'dist/bundle/main.js', 'dist/templates.cjs', 'docs/rules.md', 'schema/dockgen.schema.json', 'schema/error.schema.json', 'templates/dockerfile/partials/header.hbs']) {
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

describe('what a run tells the user', () => {
  it('ends with the folder, what was found and build/run commands that work outside git', () => {
    const dir = copyFixture('python-flask-pip');
    const run = dockgen([dir, '--yes']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Python (flask) in ${dir}: runs gunicorn app:app, port 5000, Python `);
    expect(run.stdout).toMatch(/Build and run it:\n {2}tag=\$\(git -C \S+ rev-parse --short HEAD 2>\/dev\/null \|\| date \+%Y%m%d%H%M%S\)\n {2}docker build -t \S+:\$tag \S+\n {2}docker run --rm -p 5000:5000 \S+:\$tag\n$/);
    // The tag command works in a folder that is no git checkout (the temp copy is not one).
    const line = /tag=(.*)/.exec(run.stdout)![1]!;
    const tag = spawnSync('sh', ['-c', `echo ${line}`], { encoding: 'utf8' });
    expect(tag.stdout.trim()).toMatch(/^\d{14}$/);
    expect(tag.stderr).toBe('');
    const header = /^# Build: docker build -t [\w.-]+:(.*) \.$/m.exec(readFileSync(join(dir, 'Dockerfile'), 'utf8'))![1];
    expect(header).toBe(line.replace(`git -C ${dir} `, 'git '));
  });

  it('says once on stderr that no questions are asked without a terminal, but not with --quiet, --yes or in CI', () => {
    const dir = copyFixture('node-express-npm');
    const run = dockgen([dir, '--dry-run']);
    expect(run.stderr.match(/note: not a terminal, so no questions/g)).toHaveLength(1);
    expect(dockgen([dir, '--dry-run', '--quiet']).stderr).toBe('');
    expect(dockgen([dir, '--dry-run', '--yes']).stderr).not.toMatch(/not a terminal/);
    expect(dockgen([dir, '--dry-run'], { CI: 'true' }).stderr).not.toMatch(/not a terminal/);
    expect(dockgen([dir, '--check']).stderr).not.toMatch(/not a terminal/);
  });

  it('--dry-run says "identical", not "would identical"; --explain names PID 1 once and shows the ENTRYPOINT', () => {
    const dir = copyFixture('node-express-npm');
    dockgen([dir, '--yes']);
    const dry = dockgen([dir, '--dry-run', '--yes']);
    expect(dry.stdout).toMatch(/^identical {2}Dockerfile$/m);
    expect(dry.stdout).not.toMatch(/would identical/);
    const explain = dockgen([dir, '--explain', '--yes']).stdout;
    expect(explain.match(/^\s+PID 1\s/gm)).toHaveLength(1);
    expect(explain).toMatch(/^\s+ENTRYPOINT\s+\["\/usr\/bin\/tini", "--"\]$/m);
    expect(explain).toMatch(/^\s+CMD\s+\["node", "server\.js"\]$/m);
  });

  it('diffs are coloured when colour is forced, plain under NO_COLOR and when piped', () => {
    const dir = copyFixture('node-express-npm');
    dockgen([dir, '--yes']);
    writeFileSync(join(dir, 'Dockerfile'), readFileSync(join(dir, 'Dockerfile'), 'utf8').replace('EXPOSE', '# hand edit\nEXPOSE'));
    for (const args of [['--dry-run'], ['--check']]) {
      const coloured = dockgen([dir, ...args, '--yes'], { FORCE_COLOR: '1' }).stdout;
      expect(coloured).toContain('\u001b[31m-# hand edit\u001b[0m');
      expect(coloured).toMatch(/\u001b\[36m@@ /);
      expect(dockgen([dir, ...args, '--yes']).stdout).not.toContain('\u001b[');
      expect(dockgen([dir, ...args, '--yes'], { NO_COLOR: '1' }).stdout).toMatch(/^-# hand edit$/m);
    }
  });

  it('--stdout on a static site says which generated file the Dockerfile needs', () => {
    const dir = copyFixture('static-plain-root');
    const run = dockgen([dir, '--stdout', '--yes']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^COPY .*nginx-default\.conf/m);
    expect(run.stderr).toMatch(/warning: this Dockerfile copies nginx-default\.conf, which dockgen writes next to it/);
    expect(dockgen([dir, '--yes']).code).toBe(0);
    expect(dockgen([dir, '--stdout', '--yes']).stderr).toBe('');
  });

  it('an empty folder gets a hint that can work, and --check names the folder of a missing file', () => {
    const empty = emptyDir();
    const run = dockgen([empty, '--yes']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/hint: This folder is empty\. Run dockgen in the folder that holds your project/);
    expect(run.stderr).not.toMatch(/--stack/);
    const dir = copyFixture('node-express-npm');
    const check = dockgen(['--check'], {}, dir);
    expect(check.code).toBe(2);
    expect(check.stderr).toContain(`missing in ${dir}.`);
  });
});

describe('answers that are kept (dockgen.json)', () => {
  it('keeps $schema and $comment, and shows its changes in --dry-run like any other file', () => {
    const dir = copyFixture('node-express-npm');
    writeFileSync(join(dir, 'dockgen.json'), JSON.stringify({ $schema: './schema.json', $comment: 'ours', port: 3000 }, null, 2));
    const dry = dockgen([dir, '--yes', '--port', '4000', '--dry-run']);
    expect(dry.stdout).toMatch(/would overwrite {2}dockgen\.json\n=+\n--- dockgen\.json \(on disk\)/);
    expect(dry.stdout).toMatch(/^-\s+"port": 3000,?$/m);
    expect(dry.stdout).toMatch(/^\+\s+"port": 4000,?$/m);
    expect(dockgen([dir, '--yes', '--port', '4000']).code).toBe(0);
    const saved = JSON.parse(readFileSync(join(dir, 'dockgen.json'), 'utf8'));
    expect(Object.keys(saved).slice(0, 3)).toEqual(['$schema', '$comment', 'stack']);
    expect(saved).toMatchObject({ $schema: './schema.json', $comment: 'ours', port: 4000 });
  });

  it('--config saves where it read', () => {
    const dir = copyFixture('node-express-npm');
    const other = join(emptyDir(), 'answers.json');
    writeFileSync(other, JSON.stringify({ port: 3100 }));
    const run = dockgen([dir, '--yes', '--config', other]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`created  Dockerfile`);
    expect(run.stdout).toContain(`overwrote  ${other}`);
    expect(existsSync(join(dir, 'dockgen.json'))).toBe(false);
    expect(JSON.parse(readFileSync(other, 'utf8'))).toMatchObject({ stack: 'node', port: 3100 });
    expect(dockgen([dir, '--check', '--config', other]).code).toBe(0);
  });

  it('a file nobody edited is regenerated after a changed answer without --force; a hand-edited one is not', () => {
    const dir = copyFixture('node-express-npm');
    expect(dockgen([dir, '--yes']).code).toBe(0);
    const changed = dockgen([dir, '--yes', '--port', '4000']);
    expect(changed.code).toBe(0);
    expect(changed.stdout).toMatch(/overwrote {2}Dockerfile/);
    expect(readFileSync(join(dir, 'Dockerfile'), 'utf8')).toMatch(/^EXPOSE 4000$/m);
    writeFileSync(join(dir, 'Dockerfile'), readFileSync(join(dir, 'Dockerfile'), 'utf8') + '# mine\n');
    const edited = dockgen([dir, '--yes', '--port', '4100']);
    expect(edited.code).toBe(1);
    expect(edited.stderr).toMatch(/Dockerfile already exists and differs/);
    expect(readFileSync(join(dir, 'Dockerfile'), 'utf8')).toMatch(/# mine\n$/);
  });

  it('detect honours the stack recorded in dockgen.json', () => {
    const dir = copyFixture('static-forced-express-vite');
    const detected = dockgen(['detect', dir]);
    writeFileSync(join(dir, 'dockgen.json'), JSON.stringify({ stack: detected.stdout.includes('static project') ? 'node' : 'static' }));
    const recorded = JSON.parse(readFileSync(join(dir, 'dockgen.json'), 'utf8')).stack;
    const again = dockgen(['detect', dir]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(recorded === 'node' ? /detected a Node\.js project/ : /detected a static site project/);
  });

  it('an org config read from another path gives the same Dockerfile, so --check passes there', () => {
    const dir = copyFixture('python-stdlib-http');
    const here = join(emptyDir(), 'acme.json');
    const there = join(emptyDir(), 'acme.json');
    const policy = JSON.stringify({ labels: { 'com.example.team': 'payments' } });
    writeFileSync(here, policy);
    writeFileSync(there, policy);
    expect(dockgen([dir, '--yes', '--org-config', here]).code).toBe(0);
    expect(readFileSync(join(dir, 'Dockerfile'), 'utf8')).toMatch(/^# Labels required by acme\.json \(R17\)\.$/m);
    expect(dockgen([dir, '--check', '--org-config', there]).code).toBe(0);
  });
});

describe('facts in words', () => {
  it('detect names facts in words and quotes the source line as evidence', () => {
    const run = dockgen(['detect', copyFixture('python-flask-pip')]);
    expect(run.stdout).toMatch(/detected a Python project/);
    expect(run.stdout).toMatch(/^ {2}dependency manager {2}pip$/m);
    expect(run.stdout).toMatch(/← app\.py line \d+: app = Flask\(__name__\)$/m);
    const node = dockgen(['detect', copyFixture('node-express-npm')]).stdout;
    expect(node).toMatch(/^ {2}package manager\s/m);
    expect(node).toMatch(/← server\.js line 7: const port = process\.env\.PORT \|\| 8080;$/m);
    const go = dockgen(['detect', copyFixture('go-cmd-several')]).stdout;
    expect(go).toMatch(/^ {2}Go version\s+1\.26$/m);
    expect(go).toMatch(/← go\.mod line 3: go 1\.26$/m);
    for (const text of [run.stdout, node, go]) expect(text).not.toMatch(/entryPort|packageManager|goVersionSpec|pythonVersionSpec/);
  });
});
