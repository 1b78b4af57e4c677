import { cpSync, existsSync, mkdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findWorkspaceRoot } from '../../src/monorepo/root.js';
import { resolveService } from '../../src/monorepo/service.js';
import { findServices } from '../../src/monorepo/services.js';
import { runAll } from '../../src/cli/all.js';
import { isIgnored } from '../../src/plan/ignore.js';
import { generate } from '../../src/core.js';
import { DiskFs } from '../../src/detect/fs.js';
import { runCli, tempProjects } from '../helpers/cli.js';
import { Ajv } from 'ajv';
import { parse as parseYaml } from 'yaml';

const composeSchema = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'schemas', 'compose-spec.schema.json'), 'utf8')) as Record<string, unknown>;
delete composeSchema['$schema'];
const validateCompose = new Ajv({ strict: false, allErrors: true }).compile(composeSchema);

const { copy, empty } = tempProjects('monorepo');

function write(root: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

describe('the workspace root above a service folder', () => {
  it('is the nearest folder declaring workspaces or go.work, and the walk stops at .git', () => {
    const top = realpathSync(empty('walk'));
    write(top, { 'package.json': '{"workspaces":["repo/apps/*"]}', 'repo/.git/HEAD': 'ref\n', 'repo/apps/api/package.json': '{}' });
    // The repository (repo/, with .git) declares no workspace: the package.json above it is not looked at.
    expect(findWorkspaceRoot(join(top, 'repo/apps/api'))).toBeUndefined();
    write(top, { 'repo/package.json': '{"workspaces":["apps/*"]}' });
    expect(findWorkspaceRoot(join(top, 'repo/apps/api'))).toEqual({ root: join(top, 'repo'), kind: 'node', rel: 'apps/api' });
    write(top, { 'repo/go.work': 'go 1.23\n\nuse ./svc\n', 'repo/svc/go.mod': 'module example.com/svc\n' });
    expect(findWorkspaceRoot(join(top, 'repo/svc'))?.kind).toBe('go');
  });

  it('starts from the real folder: a link into another repository finds that one, never the link\'s parent', () => {
    const top = realpathSync(empty('link'));
    write(top, { 'a/package.json': '{"workspaces":["apps/*"]}', 'a/.git/HEAD': '', 'b/.git/HEAD': '', 'b/apps/x/package.json': '{}' });
    mkdirSync(join(top, 'a/apps'));
    symlinkSync(join(top, 'b/apps/x'), join(top, 'a/apps/x'));
    expect(findWorkspaceRoot(join(top, 'a/apps/x'))).toBeUndefined();
  });
});

describe('dockgen <service-dir>', () => {
  it('a workspace package is generated from the root, with its build command from there', () => {
    const repo = copy('node-workspaces-npm');
    const target = resolveService(join(repo, 'apps/api'), {})!;
    expect(target).toMatchObject({ rel: 'apps/api', kind: 'node', name: '@acme/api', options: { workspace: 'apps/api', service: { dockerfile: 'apps/api/Dockerfile' } } });
    const { files } = generate(new DiskFs(target.root), target.root, target.options);
    const dockerfile = files.find((f) => f.path === 'Dockerfile')!.content;
    expect(dockerfile).toContain('# Build (from the repository root): docker build -f apps/api/Dockerfile -t acme-api:');
    const ignore = files.find((f) => f.path === '.dockerignore')!.content;
    expect(ignore).toMatch(/^\*\*\/Dockerfile$/m);
    // A folder of the repository that is no workspace package is a project of its own.
    write(repo, { 'tools/gen/package.json': '{"name":"gen"}' });
    expect(resolveService(join(repo, 'tools/gen'), {})).toBeUndefined();
    // The root itself keeps the root's behaviour (--workspace).
    expect(resolveService(repo, {})).toBeUndefined();
  });

  it('npm and pnpm: the other workspace packages are out of the install and of the context; Yarn keeps their manifests', () => {
    const repo = empty('prune');
    write(repo, {
      'package.json': '{"name":"r","private":true,"workspaces":["apps/*","packages/*"]}',
      'package-lock.json': '{"name":"r","lockfileVersion":3,"requires":true,"packages":{}}',
      'apps/api/package.json': '{"name":"api","scripts":{"start":"node server.js"},"dependencies":{"lib":"1.0.0","express":"4"}}',
      'apps/api/server.js': 'require("express")().listen(process.env.PORT)\n',
      'apps/web/package.json': '{"name":"web","scripts":{"start":"node index.js"},"dependencies":{"fastify":"5"}}',
      'apps/web/index.js': '',
      'packages/lib/package.json': '{"name":"lib","version":"1.0.0"}',
    });
    const target = resolveService(join(repo, 'apps/api'), {})!;
    const npm = generate(new DiskFs(target.root), target.root, target.options);
    const dockerfile = npm.files.find((f) => f.path === 'Dockerfile')!.content;
    expect(dockerfile).toContain('COPY packages/lib/package.json ./packages/lib/');
    expect(dockerfile).not.toContain('apps/web');
    expect(isIgnored('apps/web/index.js', npm.plan.dockerignore)).toBe(true);
    expect(isIgnored('apps/web/package.json', npm.plan.dockerignore)).toBe(true);
    expect(isIgnored('packages/lib/package.json', npm.plan.dockerignore)).toBe(false);
    expect(isIgnored('apps/api/server.js', npm.plan.dockerignore)).toBe(false);

    const pnpm = generate(new DiskFs(target.root), target.root, { ...target.options, packageManager: 'pnpm' });
    expect(pnpm.files.find((f) => f.path === 'Dockerfile')!.content).not.toContain('apps/web');
    expect(isIgnored('apps/web/package.json', pnpm.plan.dockerignore)).toBe(true);

    const yarn = generate(new DiskFs(target.root), target.root, { ...target.options, packageManager: 'yarn' });
    expect(yarn.files.find((f) => f.path === 'Dockerfile')!.content).toContain('COPY apps/web/package.json ./apps/web/');
    expect(isIgnored('apps/web/index.js', yarn.plan.dockerignore)).toBe(true);
    expect(isIgnored('apps/web/package.json', yarn.plan.dockerignore)).toBe(false);
  });

  it('a go.work module that imports a sibling builds from the root; one that does not builds from its folder', () => {
    const repo = copy('go-workspace');
    const api = resolveService(join(repo, 'api'), {})!;
    expect(api).toMatchObject({ kind: 'go', rel: 'api', options: { main: './api', service: { dockerfile: 'api/Dockerfile' } } });
    const services = copy('go-work-services');
    expect(resolveService(join(services, 'worker'), {})).toBeUndefined();
  });

  it('writes the files in the service folder and keeps every rule of the write path', () => {
    const repo = copy('node-workspaces-npm');
    const first = runCli([join(repo, 'apps/api'), '--yes']);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain(`docker build -f apps/api/Dockerfile -t acme-api:$tag .`);
    for (const file of ['Dockerfile', 'Dockerfile.dockerignore', 'dockgen.json']) expect(existsSync(join(repo, 'apps/api', file))).toBe(true);
    expect(existsSync(join(repo, 'Dockerfile'))).toBe(false);
    // The folder is the package: dockgen.json does not record it (a moved folder stays right).
    expect(JSON.parse(readFileSync(join(repo, 'apps/api/dockgen.json'), 'utf8'))).not.toHaveProperty('workspace');
    expect(runCli([join(repo, 'apps/api'), '--check']).code).toBe(0);

    writeFileSync(join(repo, 'apps/api/Dockerfile'), 'FROM scratch\n');
    expect(runCli([join(repo, 'apps/api'), '--check']).code).toBe(1);
    const refused = runCli([join(repo, 'apps/api'), '--yes']);
    expect(refused.code).toBe(1);
    expect(readFileSync(join(repo, 'apps/api/Dockerfile'), 'utf8')).toBe('FROM scratch\n');
    const dry = runCli([join(repo, 'apps/api'), '--dry-run']);
    expect(dry.stdout).toContain('+# Dockerfile for acme-api');
    expect(readFileSync(join(repo, 'apps/api/Dockerfile'), 'utf8')).toBe('FROM scratch\n');
    const json = JSON.parse(runCli([join(repo, 'apps/api'), '--json']).stdout) as { files: string[] };
    expect(json.files).toEqual(['Dockerfile', 'Dockerfile.dockerignore']);
    expect(runCli([join(repo, 'apps/api'), '--yes', '--force']).code).toBe(0);
    expect(readFileSync(join(repo, 'apps/api/Dockerfile'), 'utf8')).toContain('npm ci');
  });

  it('--workspace naming another package than the folder is bad usage', () => {
    const repo = copy('node-workspaces-npm');
    const run = runCli([join(repo, 'apps/api'), '--workspace', 'packages/shared', '--yes']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('is itself a workspace package');
  });
});

describe('dockgen --all', () => {
  const monorepo = (name: string) => {
    const dir = empty(name);
    cpSync(join(import.meta.dirname, '..', 'fixtures-monorepo', name), dir, { recursive: true });
    return dir;
  };

  it('lists every folder with the reason, writes each service, and --check/--dry-run/--json cover them all', () => {
    const repo = monorepo('mixed-npm-python');
    const dry = runCli([repo, '--all', '--dry-run']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(/skip +packages\/shared +node workspace package: a library/);
    expect(existsSync(join(repo, 'apps/api/Dockerfile'))).toBe(false);

    const write = runCli([repo, '--all', '--yes']);
    expect(write.code, write.stderr).toBe(0);
    expect(write.stdout).toMatch(/build +backend +python project/);
    for (const file of ['apps/api/Dockerfile', 'apps/api/Dockerfile.dockerignore', 'apps/worker/Dockerfile', 'backend/Dockerfile', 'backend/.dockerignore']) {
      expect(existsSync(join(repo, file)), file).toBe(true);
    }
    expect(existsSync(join(repo, 'packages/shared/Dockerfile'))).toBe(false);
    expect(runCli([repo, '--all', '--check']).code).toBe(0);

    // The exit code is the worst service's: one drifted (1), then one missing (2).
    writeFileSync(join(repo, 'apps/worker/Dockerfile'), `${readFileSync(join(repo, 'apps/worker/Dockerfile'), 'utf8')}# edited\n`);
    expect(runCli([repo, '--all', '--check']).code).toBe(1);
    rmSync(join(repo, 'backend/Dockerfile'));
    const check = runCli([repo, '--all', '--check']);
    expect(check.code).toBe(2);
    expect(check.stdout).toContain('== apps/api ==');

    const json = JSON.parse(runCli([repo, '--all', '--json']).stdout) as { services: Array<{ dir: string; included: boolean; files?: string[] }> };
    expect(json.services.map((s) => [s.dir, s.included, s.files])).toEqual([
      ['apps/api', true, ['Dockerfile', 'Dockerfile.dockerignore']],
      ['apps/worker', true, ['Dockerfile', 'Dockerfile.dockerignore']],
      ['backend', true, ['Dockerfile', '.dockerignore']],
      ['packages/shared', false, undefined],
    ]);
  });

  it('writes one compose.yaml at the root: contexts and Dockerfiles per service, depends_on from the code, distinct ports, valid by the Compose Specification', () => {
    const repo = monorepo('mixed-npm-python');
    expect(runCli([repo, '--all', '--dry-run']).stdout).toMatch(/would create  compose.yaml\n +# compose.yaml for 3 services/);
    expect(existsSync(join(repo, 'compose.yaml'))).toBe(false);
    expect(runCli([repo, '--all', '--yes']).code).toBe(0);
    const compose = parseYaml(readFileSync(join(repo, 'compose.yaml'), 'utf8')) as { services: Record<string, { build: { context: string; dockerfile: string }; ports?: string[]; depends_on?: Record<string, unknown> }> };
    expect(validateCompose(compose), JSON.stringify(validateCompose.errors)).toBe(true);
    expect(compose.services['api']!.build).toEqual({ context: '.', dockerfile: 'apps/api/Dockerfile' });
    expect(compose.services['worker']!.build).toEqual({ context: '.', dockerfile: 'apps/worker/Dockerfile' });
    expect(compose.services['backend']!.build).toEqual({ context: 'backend', dockerfile: 'Dockerfile' });
    // api's code names http://backend:8080: backend starts first; nothing names api or worker.
    expect(Object.keys(compose.services['api']!.depends_on ?? {})).toEqual(['backend']);
    expect(compose.services['backend']!.depends_on).toBeUndefined();
    expect(compose.services['api']!.ports).toEqual(['127.0.0.1:8080:8080']);
    expect(compose.services['backend']!.ports).toEqual(['127.0.0.1:8081:8081']);
    // Same write path: --check sees drift, a rerun does not overwrite it without --force.
    writeFileSync(join(repo, 'compose.yaml'), 'services: {}\n');
    expect(runCli([repo, '--all', '--check']).code).toBe(1);
    expect(runCli([repo, '--all', '--yes']).code).toBe(1);
    expect(readFileSync(join(repo, 'compose.yaml'), 'utf8')).toBe('services: {}\n');
    expect(runCli([repo, '--all', '--yes', '--force']).code).toBe(0);
    // One service's --compose would write a second file: refused, pointing at --all.
    const one = runCli([join(repo, 'apps/api'), '--compose', '--yes']);
    expect(one.code).toBe(2);
    expect(one.stderr).toContain('dockgen --all');
  });

  it('writes only the services a person leaves ticked (and compose.yaml for those)', async () => {
    const repo = monorepo('mixed-npm-python');
    const offered: string[] = [];
    const code = await runAll(repo, { quiet: true }, async (choices) => {
      offered.push(...choices.map((c) => c.value));
      return ['apps/api'];
    });
    expect(code).toBe(0);
    expect(offered).toEqual(['apps/api', 'apps/worker', 'backend']);
    expect(existsSync(join(repo, 'apps/api/Dockerfile'))).toBe(true);
    expect(existsSync(join(repo, 'apps/worker/Dockerfile'))).toBe(false);
    expect(existsSync(join(repo, 'backend/Dockerfile'))).toBe(false);
    expect(Object.keys((parseYaml(readFileSync(join(repo, 'compose.yaml'), 'utf8')) as { services: object }).services)).toEqual(['api']);
  });

  it('refuses flags that name one service\'s value', () => {
    const run = runCli([monorepo('npm'), '--all', '--port', '3000']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--port cannot be combined with --all');
  });

  it('never lists tool folders, or a folder that is a link out of the repository', () => {
    const repo = monorepo('go-work');
    expect(findServices(repo).map((s) => s.dir)).toEqual(['api', 'shared', 'worker']);
    const outside = empty('outside');
    write(outside, { 'app/requirements.txt': '', 'app/app.py': 'print(1)\n' });
    symlinkSync(join(outside, 'app'), join(repo, 'linked'));
    expect(findServices(repo).map((s) => s.dir)).not.toContain('linked');
  });

  it('lint takes a service Dockerfile\'s build context from its header: the repository root', () => {
    const repo = monorepo('npm');
    expect(runCli([repo, '--all', '--yes']).code).toBe(0);
    expect(runCli(['lint', 'apps/api/Dockerfile'], {}, repo).code).toBe(0);
    // The lockfile is at the root: excluding it there is a finding only a root context can show.
    writeFileSync(join(repo, 'apps/api/Dockerfile.dockerignore'), 'package-lock.json\n');
    const run = runCli(['lint', join(repo, 'apps/api/Dockerfile')]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/R23 error: package-lock.json is excluded/);
  });
});
