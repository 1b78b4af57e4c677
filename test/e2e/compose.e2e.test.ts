import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { baseImages } from '../helpers/dockerfile-checks.js';
import { copyProject } from '../helpers/fixtures.js';
import { build, docker, dockerOrThrow, tail } from './docker.js';
import { waitForHealth } from './health.js';

/**
 * compose.yaml on the engine, run by docker-compose (Debian's 1.29, which reads the Compose
 * Specification) exactly as dockgen wrote it: the app against a Redis stand-in (Debian's
 * redis-server in the official image's layout), waiting for it through depends_on
 * service_healthy, with the file's user, read-only root, tmpfs, capabilities and healthcheck.
 * One deviation, for this engine only: the app image is built beforehand with `docker build
 * --network host` under the name compose gives it (this engine has no default bridge for RUN
 * steps), then `up --no-build`. The compose network itself is a user-defined bridge, which works.
 */
const ROOT = join(import.meta.dirname, '..', '..');
const FIXTURE = 'node-redis-compose';
const PROJECT = 'dockgene2ecompose';
const engine = inject('engine');
const only = process.env['DOCKGEN_E2E_ONLY']?.split(',');
const compose = spawnSync('docker-compose', ['version'], { encoding: 'utf8' });
const wanted = engine.ok && (!only || only.includes(FIXTURE));
if (wanted && compose.status !== 0) console.warn('\n[e2e] compose test SKIPPED: no docker-compose (apt-get install docker-compose)\n');
if (engine.ok && engine.dockerHost) process.env['DOCKER_HOST'] = engine.dockerHost;

describe.skipIf(!wanted || compose.status !== 0)('compose.yaml runs the app against its backing service', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dockgen-e2e-compose-'));
  const run = (...args: string[]) => spawnSync('docker-compose', ['-p', PROJECT, ...args], { cwd: dir, encoding: 'utf8', timeout: 5 * 60_000 });
  let file: { services: Record<string, any> } = { services: {} };
  const container = (service: string) => `${PROJECT}_${service}_1`;

  beforeAll(() => {
    copyProject(FIXTURE, dir);
    const cli = spawnSync(process.execPath, [join(ROOT, 'bin/dockgen.js'), dir, '--yes', '--compose', '-q'], { encoding: 'utf8', env: { ...process.env, CI: 'true' } });
    if (cli.status !== 0) throw new Error(`dockgen failed: ${cli.stderr}`);
    file = parse(readFileSync(join(dir, 'compose.yaml'), 'utf8')) as typeof file;
    const images = [...baseImages(readFileSync(join(dir, 'Dockerfile'), 'utf8')), file.services['redis'].image as string];
    const standins = spawnSync(process.execPath, [join(ROOT, 'scripts/e2e/standins.mjs'), ...images], { stdio: 'inherit', timeout: 40 * 60_000 });
    if (standins.status !== 0) throw new Error('building the stand-ins failed; see above');
  });

  afterAll(() => {
    run('down', '-v', '--remove-orphans');
    rmSync(dir, { recursive: true, force: true });
  });

  it('docker-compose reads the file as written', () => {
    const config = run('config', '-q');
    expect(config.status, config.stderr).toBe(0);
  });

  it('starts Redis, waits for it to be healthy, then the app, which turns healthy and counts in Redis', async () => {
    const built = build(dir, `${PROJECT}_visits`);
    expect(built.code, tail(built.stdout + built.stderr, 40)).toBe(0);
    const up = run('up', '-d', '--no-build');
    expect(up.status, up.stderr).toBe(0);
    // The file's own timing: Redis probes every 10 s, the app every 30 s.
    const app = await waitForHealth(container('visits'), 'healthy', 120);
    expect(app.status, tail(run('logs', '--tail', '20').stdout, 40)).toBe('healthy');
    expect(docker(['inspect', '-f', '{{.State.Health.Status}}', container('redis')]).stdout.trim()).toBe('healthy');
    // Published on the host's loopback, as the file says; each request increments the counter in Redis.
    const port = (file.services['visits'].ports as string[])[0]!.split(':')[1];
    const first = await (await fetch(`http://127.0.0.1:${port}/`)).text();
    const second = await (await fetch(`http://127.0.0.1:${port}/`)).text();
    const count = (text: string) => Number(/visits: (\d+)/.exec(text)?.[1]);
    expect(count(second), `${first} then ${second}`).toBe(count(first) + 1);
  });

  it('the app container keeps the hardening the file asks for', () => {
    const inspect = dockerOrThrow(['inspect', '-f', '{{.HostConfig.ReadonlyRootfs}}|{{.HostConfig.CapDrop}}|{{.HostConfig.SecurityOpt}}|{{.Config.User}}|{{json .HostConfig.Tmpfs}}', container('visits')]).stdout.trim();
    expect(inspect).toBe('true|[ALL]|[no-new-privileges:true]|1000:1000|{"/tmp":""}');
    // The read-only root holds: the app's user cannot write beside its code, /tmp can be written.
    expect(docker(['exec', container('visits'), 'node', '-e', "require('fs').writeFileSync('/app/x','')"]).code).not.toBe(0);
    expect(docker(['exec', container('visits'), 'node', '-e', "require('fs').writeFileSync('/tmp/x','')"]).code).toBe(0);
  });
});
