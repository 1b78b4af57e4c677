import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { build, docker, dockerOrThrow, probe, processTree, tail, timed } from './docker.js';
import { INSTALL_COMMAND, baseImages } from '../helpers/dockerfile-checks.js';
import { freePort } from '../helpers/net.js';
import { buildah, buildahAvailable, buildahBuild, loadStandInsIntoBuildah } from './buildah.js';

/**
 * A repository with three services of two stacks (test/fixtures-monorepo/mixed-npm-python): a
 * Node.js API and a Node.js worker sharing a workspace library, and a Python backend in its own
 * folder. `dockgen --all` writes each one's files; each is built from its Dockerfile with the
 * context its header names (the repository root for the workspace packages, its folder for the
 * Python one), run as non-root, probed and stopped. Then an edit to one service (its source and its
 * package.json) must leave the other services' install steps cached.
 */
const engine = inject('engine');
if (engine.ok && engine.dockerHost) process.env['DOCKER_HOST'] = engine.dockerHost;
const ROOT = join(import.meta.dirname, '..', '..');
const INSTALL_STEP = new RegExp(`^#(\\d+) \\[[^\\]]+\\] RUN .*${INSTALL_COMMAND.source}`);

interface Service {
  dir: string;
  /** `docker build` arguments after the tag: -f and the context. */
  dockerfile: string;
  context: string;
  port: boolean;
  body?: string;
}

describe.skipIf(!engine.ok)('a monorepo on a real engine (dockgen --all)', () => {
  let repo = '';
  const containers: string[] = [];
  const services: Service[] = [];
  const rows: string[] = [];

  beforeAll(() => {
    repo = mkdtempSync(join(tmpdir(), 'dockgen-e2e-monorepo-'));
    cpSync(join(ROOT, 'test/fixtures-monorepo/mixed-npm-python'), repo, { recursive: true });
    const cli = spawnSync(process.execPath, [join(ROOT, 'bin/dockgen.js'), repo, '--all', '--yes'], { encoding: 'utf8', env: { ...process.env, CI: 'true' } });
    if (cli.status !== 0) throw new Error(`dockgen --all failed: ${cli.stderr}\n${cli.stdout}`);
    for (const [dir, body] of [['apps/api', 'hello from @acme/shared to api'], ['apps/worker', undefined], ['backend', '"status": "ok"']] as const) {
      const dockerfile = join(repo, dir, 'Dockerfile');
      const text = readFileSync(dockerfile, 'utf8');
      // The header says where the build runs from: the repository root (-f) or the service's folder.
      const fromRoot = text.includes(`# Build (from the repository root): docker build -f ${dir}/Dockerfile `);
      const service: Service = { dir, dockerfile, context: fromRoot ? repo : join(repo, dir), port: /^EXPOSE /m.test(text) };
      if (body) service.body = body;
      services.push(service);
    }
    expect(services.map((s) => s.context === repo)).toEqual([true, true, false]);
    const refs = [...new Set(services.flatMap((s) => baseImages(readFileSync(s.dockerfile, 'utf8'))))];
    const standins = spawnSync(process.execPath, [join(ROOT, 'scripts/e2e/standins.mjs'), ...refs], { stdio: 'inherit', timeout: 40 * 60_000 });
    if (standins.status !== 0) throw new Error('building stand-in base images failed');
  });

  afterAll(() => {
    for (const id of containers) docker(['rm', '-f', id]);
    if (repo) rmSync(repo, { recursive: true, force: true });
    if (rows.length > 0) process.stderr.write(`\n[e2e monorepo]\n${rows.join('\n')}\n`);
  });

  const tagOf = (s: Service, kind: string) => `dockgen-e2e/monorepo-${s.dir.replace(/\//g, '-')}:${kind}`;

  it('builds, runs as non-root, answers and stops each service', async () => {
    for (const service of services) {
      const built = build(service.context, tagOf(service, 'cold'), ['-f', service.dockerfile, '--no-cache']);
      expect(built.code, `${service.dir}: ${tail(built.stdout + built.stderr, 60)}`).toBe(0);
      const port = await freePort();
      const id = dockerOrThrow(['run', '-d', '--network', 'host', '-e', `PORT=${port}`, tagOf(service, 'cold')]).stdout.trim();
      containers.push(id);
      if (service.port) {
        expect(await probe(`http://127.0.0.1:${port}/`, 60), `${service.dir} answers`).toBe(200);
        const text = await (await fetch(`http://127.0.0.1:${port}/`)).text();
        expect(text).toContain(service.body!);
      } else {
        // A worker has no port: it must keep running and log its work.
        await new Promise((resolve) => setTimeout(resolve, 2500));
        expect(dockerOrThrow(['inspect', '-f', '{{.State.Running}}', id]).stdout.trim()).toBe('true');
        expect(dockerOrThrow(['logs', id]).stdout).toContain('hello from @acme/shared to worker: polling');
      }
      const tree = processTree(id);
      expect(tree.uid, `${service.dir} runs as non-root`).not.toBe(0);
      const stop = await timed(['stop', '-t', '10', id]);
      expect(stop.code).toBe(0);
      expect(stop.seconds, `${service.dir} stops on SIGTERM`).toBeLessThan(5);
      const exit = dockerOrThrow(['inspect', '-f', '{{.State.ExitCode}}', id]).stdout.trim();
      expect(['0', '143']).toContain(exit);
      rows.push(`${service.dir.padEnd(12)} context ${service.context === repo ? 'repository root' : 'its folder     '}  cold build ${built.seconds.toFixed(1)} s  uid ${tree.uid}  stop ${stop.seconds.toFixed(2)} s`);
    }
  });

  it("Docker and Buildah both honour the service's Dockerfile.dockerignore (there is no root .dockerignore)", () => {
    const api = services.find((s) => s.dir === 'apps/api')!;
    // A secret in the service's folder: only apps/api/Dockerfile.dockerignore keeps it out.
    writeFileSync(join(repo, 'apps/api/.env'), 'API_TOKEN=e2e-planted-secret\n');
    const absent = (image: string) => docker(['run', '--rm', '--network', 'host', '--entrypoint', 'sh', image, '-c', 'test ! -e /app/apps/api/.env && test -e /app/apps/api/server.js']).code;
    const built = build(api.context, tagOf(api, 'ignore'), ['-f', api.dockerfile]);
    expect(built.code, tail(built.stdout + built.stderr, 40)).toBe(0);
    expect(absent(tagOf(api, 'ignore')), 'BuildKit: .env kept out').toBe(0);
    if (!buildahAvailable()) return;
    loadStandInsIntoBuildah(baseImages(readFileSync(api.dockerfile, 'utf8')));
    const tag = tagOf(api, 'buildah');
    // -f as an absolute path: Buildah 1.28 finds <Dockerfile>.dockerignore for an absolute -f, or for
    // one relative to the context run from the context (the header's command), not for other relative paths.
    const bud = buildahBuild(['--isolation', 'chroot', '--pull-never', '--layers', '-f', api.dockerfile, '-t', tag, api.context]);
    expect(bud.code, tail(bud.stdout + bud.stderr, 40)).toBe(0);
    const archive = join(repo, '..', `${tag.replace(/[^\w.-]+/g, '_')}.tar`);
    try {
      expect(buildah(['push', tag, `docker-archive:${archive}:${tag}`]).code).toBe(0);
      dockerOrThrow(['load', '-i', archive]);
      expect(absent(tag), 'Buildah: .env kept out').toBe(0);
      rows.push(`apps/api     Dockerfile.dockerignore honoured by BuildKit and by Buildah (${bud.seconds.toFixed(1)} s)`);
    } finally {
      rmSync(archive, { force: true });
      docker(['rmi', tag]);
    }
  });

  it("an edit to one service (source and package.json) leaves the others' installs cached", () => {
    const worker = services.find((s) => s.dir === 'apps/worker')!;
    const others = services.filter((s) => s !== worker);
    // Warm the cache with a normal build of each, then edit the worker.
    for (const s of services) expect(build(s.context, tagOf(s, 'warm'), ['-f', s.dockerfile]).code).toBe(0);
    appendFileSync(join(repo, 'apps/worker/worker.js'), `\n// edited by the e2e suite at ${Date.now()}\n`);
    const manifest = join(repo, 'apps/worker/package.json');
    writeFileSync(manifest, readFileSync(manifest, 'utf8').replace('"private": true,', `"private": true,\n  "description": "edited ${Date.now()}",`));
    for (const s of others) {
      const rebuilt = build(s.context, tagOf(s, 'warm'), ['-f', s.dockerfile]);
      expect(rebuilt.code, tail(rebuilt.stdout + rebuilt.stderr, 40)).toBe(0);
      const log = rebuilt.stdout + rebuilt.stderr;
      const installs = [...new Set(log.split('\n').map((line) => INSTALL_STEP.exec(line)?.[1]).filter((id): id is string => id !== undefined))];
      if (INSTALL_COMMAND.test(readFileSync(s.dockerfile, 'utf8'))) expect(installs.length, `${s.dir}: an install step in the log`).toBeGreaterThan(0);
      for (const id of installs) expect(log, `${s.dir}: install step #${id} re-ran`).toMatch(new RegExp(`^#${id} CACHED$`, 'm'));
      const steps = log.split("\n").filter((line) => /^#\d+ \[(?!internal)/.test(line)).length;
      const cached = log.split('\n').filter((line) => /^#\d+ CACHED$/.test(line)).length;
      rows.push(`${s.dir.padEnd(12)} after the worker's edit: ${installs.length} install step(s) cached, ${cached}/${steps} steps cached, ${rebuilt.seconds.toFixed(1)} s`);
    }
    // The worker itself does re-run what its edit touches (its own manifest is an install input).
    const own = build(worker.context, tagOf(worker, 'warm'), ['-f', worker.dockerfile]);
    expect(own.code).toBe(0);
    expect(own.stdout + own.stderr).toMatch(/^#\d+ \[[^\]]+\] COPY apps\/worker\/package.json/m);
  });
});
