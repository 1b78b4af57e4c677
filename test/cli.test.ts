import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { BIN, runCli, tempProjects } from './helpers/cli.js';
import { FIXTURES, listFixtures } from './helpers/fixtures.js';

const dockgen = (args: string[], env: NodeJS.ProcessEnv = {}) => runCli(args, { NO_COLOR: '1', ...env });
const { copy: copyFixture, empty: emptyFolder } = tempProjects('cli');

describe('dockgen CLI', () => {
  let app: string;
  beforeEach(() => {
    app = copyFixture('node-express-npm');
  });

  it('writes Dockerfile and .dockerignore with --yes, matching the golden files', () => {
    const run = dockgen([app, '--yes']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/created\s+Dockerfile/);
    expect(readFileSync(join(app, 'Dockerfile'), 'utf8')).toBe(readFileSync(join(FIXTURES, 'node-express-npm', 'expected.Dockerfile'), 'utf8'));
    expect(readFileSync(join(app, '.dockerignore'), 'utf8')).toBe(readFileSync(join(FIXTURES, 'node-express-npm', 'expected.dockerignore'), 'utf8'));
  });

  it('`init` is the same command, and the directory defaults to the current one', () => {
    const other = copyFixture('node-express-npm');
    expect(dockgen(['init', app, '--yes']).code).toBe(0);
    const cwdRun = spawnSync(process.execPath, [BIN, '--yes'], { cwd: other, encoding: 'utf8', env: { ...process.env, CI: '' } });
    expect(cwdRun.status).toBe(0);
    expect(readFileSync(join(other, 'Dockerfile'), 'utf8')).toBe(readFileSync(join(app, 'Dockerfile'), 'utf8'));
  });

  it('a second run is identical; a hand-edited file is a conflict (exit 1) naming --force and --dry-run', () => {
    dockgen([app, '--yes']);
    const again = dockgen([app, '--yes']);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/identical\s+Dockerfile/);

    writeFileSync(join(app, 'Dockerfile'), 'FROM node:latest\n');
    const conflict = dockgen([app, '--yes']);
    expect(conflict.code).toBe(1);
    expect(conflict.stderr).toMatch(/Dockerfile already exists.*nothing was written/);
    expect(conflict.stderr).toMatch(/--dry-run.*--force/);
    expect(conflict.stderr).not.toMatch(/at .*\.js:\d+/); // no stack trace
    expect(readFileSync(join(app, 'Dockerfile'), 'utf8')).toBe('FROM node:latest\n');

    const dry = dockgen([app, '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/would conflict\s+Dockerfile/);
    expect(dry.stdout).toContain('-FROM node:latest');
    expect(dry.stdout).toContain('+FROM node:${NODE_VERSION}-trixie-slim AS base');
    expect(readFileSync(join(app, 'Dockerfile'), 'utf8')).toBe('FROM node:latest\n');

    const forced = dockgen([app, '--yes', '--force']);
    expect(forced.code).toBe(0);
    expect(forced.stdout).toMatch(/overwrote\s+Dockerfile/);
  });

  it('--stdout prints the Dockerfile and writes nothing', () => {
    const run = dockgen([app, '--stdout']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('CMD ["node", "server.js"]');
    expect(existsSync(join(app, 'Dockerfile'))).toBe(false);
  });

  it('--dry-run shows the files to create and writes nothing', () => {
    const run = dockgen([app, '--dry-run']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/would create\s+Dockerfile/);
    expect(run.stdout).toMatch(/would create\s+\.dockerignore/);
    expect(existsSync(join(app, 'Dockerfile'))).toBe(false);
  });

  it('--explain prints each decision with its evidence', () => {
    const run = dockgen([app, '--explain']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/start command\s+node server.js\n\s+← package.json scripts.start = "node server.js"/);
    expect(run.stdout).toMatch(/port\s+8080\n\s+← server.js line 7/);
    expect(existsSync(join(app, 'Dockerfile'))).toBe(false);
  });

  it('flags override detection', () => {
    const run = dockgen([app, '--stdout', '--port', '9999', '--node-version', '22', '--cmd', 'node --enable-source-maps server.js', '--package-manager', 'pnpm']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('ARG NODE_VERSION=22.23.3');
    expect(run.stdout).toContain('EXPOSE 9999');
    expect(run.stdout).toContain('CMD ["node", "--enable-source-maps", "server.js"]');
    expect(run.stdout).toContain('pnpm install --no-frozen-lockfile --prod');
  });

  it('--js-runtime and --bun-version: a Bun app on Node.js and back, a bad value is exit 2', () => {
    const bun = copyFixture('node-bun-serve');
    const onNode = dockgen([bun, '--stdout', '--js-runtime', 'node']);
    expect(onNode.code).toBe(0);
    expect(onNode.stdout).toMatch(/^FROM node:\$\{NODE_VERSION\}-\w+-slim AS base$/m);
    expect(onNode.stdout).toContain('CMD ["node", "src/index.ts"]');
    const pinned = dockgen([bun, '--stdout', '--bun-version', '1.3']);
    expect(pinned.stdout).toContain('ARG BUN_VERSION=1.3.14');
    expect(pinned.stdout).toContain('# Bun 1.3.14: from --bun-version');
    expect(dockgen([app, '--stdout', '--js-runtime', 'deno'])).toMatchObject({ code: 2 });
    const nodeOnly = dockgen([app, '--stdout', '--bun-version', '1.4']);
    expect(nodeOnly.code).toBe(2);
    expect(nodeOnly.stderr).toMatch(/--bun-version was given, but this app runs on Node\.js/);
  });

  it('without a terminal it never prompts: a missing start command is exit 2 naming --cmd', () => {
    writeFileSync(join(app, 'package.json'), '{"name":"lib","dependencies":{}}');
    rmSync(join(app, 'server.js'));
    const run = dockgen([app]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/Could not find how to start this app/);
    expect(run.stderr).toMatch(/hint: .*--cmd/);
  });

  it.each([
    [['--port', 'eighty'], /--port must be a number/],
    [['--stack', 'ruby'], /argument 'ruby' is invalid/],
    [['--bogus'], /unknown option '--bogus'/],
    [['--stack', 'python'], /--stack python was given, but the project has none of: requirements.txt/],
    [['--python-version', '3.13'], /--python-version applies to python projects, but this is a node project/],
    [['--main', './cmd/api'], /--main applies to go projects/],
    [['--workspace', 'apps/api'], /--workspace apps\/api was given, but/],
    [['--node-version', 'banana'], /Cannot use the Node.js version "banana" from --node-version/],
  ])('bad usage %j exits 2 with a message', (args, message) => {
    const run = dockgen([app, ...args]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
  });

  it('--workspace is refused on a static site instead of being ignored', () => {
    const run = dockgen([join(FIXTURES, 'static-vite-spa'), '--stdout', '--workspace', 'apps/web']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--workspace applies to node projects, but this is a static project/);
  });

  it('a missing folder is bad input (exit 2); a static site goes to nginx unless told otherwise', () => {
    const missing = dockgen([join(app, 'nope'), '--yes']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/does not exist/);
    const spa = dockgen([join(FIXTURES, 'static-vite-spa'), '--stdout']);
    expect(spa.code, spa.stderr).toBe(0);
    expect(spa.stdout).toMatch(/^FROM nginxinc\/nginx-unprivileged:\$\{NGINX_VERSION\}-trixie AS runtime$/m);
    // --stack node on a static-only project is refused, with the hint that makes it a server.
    const forced = dockgen([join(FIXTURES, 'static-vite-spa'), '--stdout', '--stack', 'node']);
    expect(forced.code).toBe(2);
    expect(forced.stderr).toMatch(/builds a static site/);
    expect(forced.stderr).toMatch(/hint: .*--cmd/);
    // Following the hint works: an explicit start command means the project runs a server.
    const served = dockgen([join(FIXTURES, 'static-vite-spa'), '--stdout', '--cmd', 'node server.mjs']);
    expect(served.code, served.stderr).toBe(0);
    expect(served.stdout).toContain('CMD ["node", "server.mjs"]');
  });

  it('prints --version and --help with exit 0', () => {
    const pkg = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'package.json'), 'utf8')) as { version: string };
    expect(dockgen(['--version'])).toMatchObject({ code: 0, stdout: `${pkg.version}\n` });
    const help = dockgen(['init', '--help']);
    expect(help.code).toBe(0);
    for (const flag of ['--yes', '--stack', '--port', '--cmd', '--node-version', '--package-manager', '--js-runtime', '--bun-version', '--force', '--dry-run', '--stdout', '--explain']) {
      expect(help.stdout).toContain(flag);
    }
  });
});

// The built CLI renders from precompiled templates, the tests above and golden.test.ts from the
// .hbs files: both paths must write the same bytes for every fixture.
describe.each(listFixtures().filter((f) => !f.config.expectError))('built CLI on $name', ({ name, config }) => {
  it('prints exactly the golden Dockerfile', () => {
    // A boolean option (`"healthcheck": true`, `"compose": true`) is a bare flag on the command line.
    const flags = Object.entries(config.options ?? {}).flatMap(([key, value]) => {
      const flag = `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
      return (value as unknown) === true ? [flag] : [flag, String(value)];
    });
    const run = dockgen([join(FIXTURES, name), '--stdout', ...flags]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe(readFileSync(join(FIXTURES, name, 'expected.Dockerfile'), 'utf8'));
  });
});

describe('dockgen --check (CI drift check)', () => {
  it('exits 2 when the files are missing, 0 when identical, 1 with a diff when a line changed; writes nothing', () => {
    const dir = copyFixture('python-stdlib-http');
    const missing = dockgen([dir, '--check']);
    expect(missing.code).toBe(2);
    expect(missing.stdout).toMatch(/missing +Dockerfile/);
    expect(missing.stderr).toMatch(/hint: Run `dockgen /);
    expect(existsSync(join(dir, 'Dockerfile'))).toBe(false);

    expect(dockgen([dir, '--yes']).code).toBe(0);
    const clean = dockgen([dir, '--check']);
    expect(clean.code).toBe(0);
    expect(clean.stdout).toMatch(/up to date +Dockerfile\nup to date +\.dockerignore/);

    const edited = readFileSync(join(dir, 'Dockerfile'), 'utf8').replace('EXPOSE 8080', 'EXPOSE 9090');
    writeFileSync(join(dir, 'Dockerfile'), edited);
    const drift = dockgen([dir, '--check']);
    expect(drift.code).toBe(1);
    expect(drift.stdout).toMatch(/^-EXPOSE 9090$/m);
    expect(drift.stdout).toMatch(/^\+EXPOSE 8080$/m);
    expect(readFileSync(join(dir, 'Dockerfile'), 'utf8')).toBe(edited);
  });

  it('also reports drift caused by the project (a new Python version declared)', () => {
    const dir = copyFixture('python-stdlib-http');
    expect(dockgen([dir, '--yes']).code).toBe(0);
    writeFileSync(join(dir, '.python-version'), '3.12\n');
    const drift = dockgen([dir, '--check']);
    expect(drift.code).toBe(1);
    expect(drift.stdout).toMatch(/^\+ARG PY_VERSION=3\.12\.\d+$/m);
  });
});

describe('--quiet, --json and dockgen detect', () => {
  it('--quiet drops warnings but not errors', () => {
    const dir = copyFixture('python-procfile');
    expect(dockgen([dir, '--stdout']).stderr).toMatch(/warning: .*not pinned/);
    expect(dockgen([dir, '--stdout', '--quiet']).stderr).toBe('');
  });

  it('--json prints detection and plan (schema 1) and writes nothing', () => {
    const dir = copyFixture('node-express-npm');
    const run = dockgen([dir, '--json']);
    expect(run.code).toBe(0);
    const doc = JSON.parse(run.stdout);
    expect(doc).toMatchObject({ schema: 1, stack: 'node', files: ['Dockerfile', '.dockerignore'], plan: { stack: 'node', user: '1000:1000' } });
    expect(doc.facts.packageManager.evidence.source).toBe('package-lock.json');
    expect(existsSync(join(dir, 'Dockerfile'))).toBe(false);
  });

  it('dockgen detect shows each fact with its evidence, as text or JSON', () => {
    const dir = copyFixture('python-django-postgres');
    const text = dockgen(['detect', dir]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/detected a Python project/);
    expect(text.stdout).toMatch(/Python version +python-3\.12\.7\n +← runtime\.txt/);
    const json = JSON.parse(dockgen(['detect', dir, '--json']).stdout);
    expect(json).toMatchObject({ schema: 1, stack: 'python', facts: { framework: { value: 'django' } } });
    expect(existsSync(join(dir, 'Dockerfile'))).toBe(false);
  });

  it('dockgen detect on a missing folder or a file is bad input (exit 2), without a stack trace', () => {
    const dir = copyFixture('node-express-npm');
    for (const [target, message] of [[join(dir, 'nope'), /nope does not exist/], [join(dir, 'package.json'), /package\.json is not a folder/]] as const) {
      const run = dockgen(['detect', target]);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(message);
      expect(run.stderr).not.toMatch(/ at |unexpected/);
    }
  });
});

describe('recorded answers (dockgen.json)', () => {
  it('records the answers after a write; a later --yes run reproduces the files byte for byte', () => {
    const dir = copyFixture('python-stdlib-http');
    const first = dockgen([dir, '--yes', '--port', '9000', '--cmd', 'python server.py --verbose']);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/created\s+dockgen\.json/);
    const recorded = JSON.parse(readFileSync(join(dir, 'dockgen.json'), 'utf8'));
    const dockerfile = readFileSync(join(dir, 'Dockerfile'), 'utf8');
    const hash = (text: string) => createHash('sha256').update(text).digest('hex');
    expect(recorded).toEqual({
      stack: 'python', port: 9000, cmd: 'python server.py --verbose',
      generated: { Dockerfile: hash(dockerfile), '.dockerignore': hash(readFileSync(join(dir, '.dockerignore'), 'utf8')) },
    });
    expect(dockerfile).toMatch(/^EXPOSE 9000$/m);

    const again = dockgen([dir, '--yes']);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/identical\s+Dockerfile[\s\S]*identical\s+dockgen\.json/);
    expect(readFileSync(join(dir, 'Dockerfile'), 'utf8')).toBe(dockerfile);
    expect(dockgen([dir, '--check']).code).toBe(0);
  });

  it('flags win over recorded answers; --no-save leaves no record', () => {
    const dir = copyFixture('python-stdlib-http');
    writeFileSync(join(dir, 'dockgen.json'), '{ "port": 9000 }\n');
    expect(dockgen([dir, '--stdout']).stdout).toMatch(/^EXPOSE 9000$/m);
    expect(dockgen([dir, '--stdout', '--port', '7000']).stdout).toMatch(/^EXPOSE 7000$/m);
    const other = copyFixture('python-worker');
    expect(dockgen([other, '--yes', '--no-save']).code).toBe(0);
    expect(existsSync(join(other, 'dockgen.json'))).toBe(false);
  });

  it('--config reads another file', () => {
    const dir = copyFixture('python-stdlib-http');
    const config = join(dir, 'ci-answers.json');
    writeFileSync(config, '{ "pythonVersion": "3.12" }\n');
    expect(dockgen([dir, '--stdout', '--config', config]).stdout).toMatch(/^ARG PY_VERSION=3\.12\.\d+$/m);
    expect(dockgen([dir, '--stdout', '--config', join(dir, 'nope.json')]).code).toBe(2);
  });

  it.each([
    ['{ "prot": 8080 }', /dockgen\.json: unknown key "prot"/],
    ['{ "port": "8080" }', /dockgen\.json: "port" must be an integer/],
    ['{ "port": 99999 }', /dockgen\.json: --port must be a number from 1 to 65535/],
    ['{ "stack": "ruby" }', /dockgen\.json: --stack must be one of/],
    ['[1, 2]', /dockgen\.json must hold a JSON object/],
    ['{ "port": 80,', /dockgen\.json is not valid JSON/],
  ])('a bad dockgen.json (%s) is bad input (exit 2) naming the key and the file', (text, message) => {
    const dir = copyFixture('python-stdlib-http');
    writeFileSync(join(dir, 'dockgen.json'), text);
    const run = dockgen([dir, '--yes']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('organisation config on the command line', () => {
  it('--org-config and DOCKGEN_ORG_CONFIG apply the policy; a violation is bad input (exit 2)', () => {
    const dir = copyFixture('python-stdlib-http');
    // Outside the project, in a folder of its own: the temp folder's root is shared with other runs.
    const org = join(emptyFolder('org'), 'org.json');
    writeFileSync(org, JSON.stringify({ images: { python: 'registry.example.com/base/python' }, allowedImages: ['registry.example.com/*'] }));
    expect(dockgen([dir, '--stdout', '--org-config', org]).stdout).toMatch(/^FROM registry\.example\.com\/base\/python:/m);
    expect(dockgen([dir, '--stdout'], { DOCKGEN_ORG_CONFIG: org }).stdout).toMatch(/^FROM registry\.example\.com\/base\/python:/m);
    writeFileSync(org, JSON.stringify({ allowedImages: ['registry.example.com/*'] }));
    const refused = dockgen([dir, '--stdout', '--org-config', org]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/is not allowed by/);
  });
});
