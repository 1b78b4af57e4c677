import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { baseImages } from '../helpers/dockerfile-checks.js';
import { copyProject, listFixtures, type E2eRequest } from '../helpers/fixtures.js';
import { DOCKER, engineAnswers } from './docker.js';
import { ensureGoProxy, ensurePythonIndex, missingHashes, serveIndexes } from '../../scripts/e2e/indexes.mjs';
import { INDEX_VARIABLE } from '../../src/plan/package-index.js';
import type { WritablePath } from '../../src/plan/types.js';

const ROOT = join(import.meta.dirname, '..', '..');

export interface PreparedFixture {
  name: string;
  /** A temporary copy of the project with dockgen's files written by the CLI. */
  dir: string;
  /** HTTP path that must answer 200; absent for a worker with no port. */
  probe?: string;
  /** Exit codes accepted after docker stop (default 0 and 143). */
  stopExitCodes?: string[];
  /** Source file to edit for the cache test, if the fixture names one. */
  edit?: string;
  buildah: boolean;
  images: string[];
  /** A fixed port (the image does not read PORT), the UID the server must run as, HTTP checks. */
  port?: number;
  uid?: number;
  requests?: E2eRequest[];
  /** The local package index the build uses, and the `--build-arg NAME=URL` pointing it there. */
  index?: 'python' | 'go';
  buildArgs: string[];
  /** The local index's password (passed only as the netrc build secret): it must be nowhere in the image. */
  indexPassword?: string;
  /** `-e NAME=value` for `docker run`. */
  runEnv: string[];
  /** The image has a HEALTHCHECK to prove (fixture.json `e2e.health`). */
  health?: boolean;
  /** The paths the plan declares writable (/tmp first): the only writable places of the read-only root (R15). */
  writablePaths: WritablePath[];
}

declare module 'vitest' {
  export interface ProvidedContext {
    engine: { ok: true; dockerHost: string } | { ok: false; reason: string };
    fixtures: PreparedFixture[];
    workDir: string;
  }
}

/** Reuse a reachable engine, else start one with scripts/e2e/engine.sh (installs docker.io if needed). */
function ensureEngine(): { ok: true; dockerHost: string } | { ok: false; reason: string } {
  if (!existsSync(DOCKER)) {
    if (process.env['DOCKGEN_E2E_NO_SETUP']) return { ok: false, reason: `${DOCKER} not found and DOCKGEN_E2E_NO_SETUP is set` };
  }
  if (existsSync(DOCKER) && engineAnswers()) return { ok: true, dockerHost: process.env['DOCKER_HOST'] ?? '' };
  if (process.env['DOCKGEN_E2E_NO_SETUP']) return { ok: false, reason: 'no Docker engine answers and DOCKGEN_E2E_NO_SETUP is set' };
  const started = spawnSync('bash', [join(ROOT, 'scripts/e2e/engine.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], timeout: 15 * 60_000 });
  const host = /^DOCKER_HOST=(\S+)$/m.exec(started.stdout ?? '')?.[1];
  if (started.status !== 0 || !host) return { ok: false, reason: `scripts/e2e/engine.sh could not start an engine (exit ${started.status})` };
  process.env['DOCKER_HOST'] = host;
  return engineAnswers() ? { ok: true, dockerHost: host } : { ok: false, reason: `the engine at ${host} does not answer` };
}

/** fixture.json options as command-line flags: { goVersion: '1.22' } → --go-version 1.22. */
function flagArgs(options: Record<string, string | boolean | undefined>): string[] {
  return Object.entries(options).flatMap(([name, value]) => {
    const flag = `--${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
    if (value === undefined || value === false) return [];
    // A flag with an optional value (--healthcheck) or none (--compose).
    return value === true ? [flag] : [`${flag}=${value}`];
  });
}

/**
 * The local package indexes the fixtures marked `index` build against (built once and cached, see
 * scripts/e2e/indexes.mjs), served on loopback for the suite's duration. Each such fixture gets the
 * index's URL as the build argument its Dockerfile declares, as a user would pass their mirror.
 */
async function startIndexes(fixtures: PreparedFixture[], workDir: string): Promise<{ close: () => Promise<void> } | undefined> {
  const wanted = (stack: 'python' | 'go') => fixtures.filter((f) => f.index === stack);
  const python = wanted('python');
  const go = wanted('go');
  if (python.length === 0 && go.length === 0) return undefined;
  const start = Date.now();
  const roots: Record<string, string> = {};
  if (python.length > 0) {
    // Wheels for the interpreter the fixtures build with: the Python stand-in they name.
    const images = new Set(python.map((f) => f.images.find((i) => i.startsWith('python:'))));
    const [image] = images;
    if (images.size !== 1 || !image) {
      throw new Error(`the fixtures marked index "python" must build on one Python image (the index's wheels are made for its interpreter): ${python.map((f) => `${f.name} ${f.images.join(' ')}`).join('; ')}`);
    }
    const built = ensurePythonIndex(image);
    roots['pypi'] = built.dir;
    for (const fixture of python) {
      const missing = missingHashes(fixture.dir, built.dir);
      if (missing.length > 0) {
        throw new Error(`${fixture.name} locks ${missing.length} hash(es) the local Python index does not serve (Debian updated a package?): ${missing.join(', ')}. ` +
          'Refresh its lock from `node scripts/e2e/indexes.mjs --hashes` (see debian-packages.txt in the index folder for the versions).');
      }
    }
    process.stderr.write(`[e2e] Python index (${built.cached ? 'cached' : 'built'}): ${built.dir}\n`);
  }
  if (go.length > 0) {
    const built = ensureGoProxy();
    roots['goproxy'] = built.dir;
    process.stderr.write(`[e2e] Go module proxy (${built.cached ? 'cached' : 'built'}): ${built.dir}\n`);
  }
  // The Python index is a private mirror: it wants credentials, which the builds get only as the netrc
  // build secret; the image checks then look for the password in every file and in the image history.
  // The Go proxy is open: Go sends netrc credentials over https only, and this one is plain http.
  const servers: Array<{ url: string; close: () => Promise<void> }> = [];
  if (roots['pypi']) {
    const password = randomBytes(12).toString('hex');
    const server = await serveIndexes({ pypi: roots['pypi'] }, { user: 'e2e', password });
    servers.push(server);
    const netrc = join(workDir, 'netrc');
    writeFileSync(netrc, `machine 127.0.0.1 login e2e password ${password}\n`, { mode: 0o600 });
    for (const fixture of python) {
      fixture.buildArgs = ['--build-arg', `${INDEX_VARIABLE.python}=${server.url}/pypi/simple`, '--secret', `id=netrc,src=${netrc}`];
      fixture.indexPassword = password;
    }
  }
  if (roots['goproxy']) {
    const server = await serveIndexes({ goproxy: roots['goproxy'] });
    servers.push(server);
    for (const fixture of go) fixture.buildArgs = ['--build-arg', `${INDEX_VARIABLE.go}=${server.url}/goproxy`];
  }
  process.stderr.write(`[e2e] package indexes ready at ${servers.map((s) => s.url).join(' ')} in ${((Date.now() - start) / 1000).toFixed(1)} s\n`);
  return { close: async () => void (await Promise.all(servers.map((s) => s.close()))) };
}

export default async function setup(project: TestProject): Promise<() => Promise<void> | void> {
  const workDir = mkdtempSync(join(tmpdir(), 'dockgen-e2e-'));
  project.provide('workDir', workDir);
  const engine = ensureEngine();
  project.provide('engine', engine);
  if (!engine.ok) {
    console.warn(`\n[e2e] SKIPPED: no Docker engine (${engine.reason}).\n[e2e] Run as root with apt access, or start one: bash scripts/e2e/engine.sh\n`);
    project.provide('fixtures', []);
    return () => rmSync(workDir, { recursive: true, force: true });
  }

  const only = process.env['DOCKGEN_E2E_ONLY']?.split(',');
  const fixtures: PreparedFixture[] = [];
  for (const fixture of listFixtures()) {
    if (!fixture.config.e2e?.buildable || (only && !only.includes(fixture.name))) continue;
    const dir = join(workDir, fixture.name);
    copyProject(fixture.name, dir);
    const args = [join(ROOT, 'bin/dockgen.js'), dir, '--yes', ...flagArgs({ ...fixture.config.options } as Record<string, string | undefined>)];
    const cli = spawnSync(process.execPath, args, { encoding: 'utf8', env: { ...process.env, CI: 'true' } });
    if (cli.status !== 0) throw new Error(`dockgen failed on ${fixture.name}: ${cli.stderr}`);
    const dockerfile = readFileSync(join(dir, 'Dockerfile'), 'utf8');
    // The plan's writable paths, as --json reports them to a user's own tooling.
    const plan = spawnSync(process.execPath, [...args, '--json'], { encoding: 'utf8', env: { ...process.env, CI: 'true' } });
    if (plan.status !== 0) throw new Error(`dockgen --json failed on ${fixture.name}: ${plan.stderr}`);
    const writablePaths = (JSON.parse(plan.stdout) as { plan: { writablePaths: WritablePath[] } }).plan.writablePaths;
    // `scratch` is the empty image every builder knows: nothing to pull, nothing to stand in for.
    const images = baseImages(dockerfile).filter((image) => image !== 'scratch');
    const prepared: PreparedFixture = { name: fixture.name, dir, buildah: process.env['DOCKGEN_E2E_BUILDAH'] === 'all' ? fixture.config.e2e.buildah !== false : fixture.config.e2e.buildah === true, images, buildArgs: [], runEnv: [], writablePaths };
    // A service is probed over HTTP; a worker (no EXPOSE) only has to keep running.
    const probe = fixture.config.e2e.probe ?? (/^EXPOSE /m.test(dockerfile) ? '/' : undefined);
    if (probe) prepared.probe = probe;
    if (fixture.config.e2e.edit) prepared.edit = fixture.config.e2e.edit;
    if (fixture.config.e2e.stopExitCodes) prepared.stopExitCodes = fixture.config.e2e.stopExitCodes;
    if (fixture.config.e2e.port) prepared.port = fixture.config.e2e.port;
    if (fixture.config.e2e.uid !== undefined) prepared.uid = fixture.config.e2e.uid;
    if (fixture.config.e2e.requests) prepared.requests = fixture.config.e2e.requests;
    if (fixture.config.e2e.health) prepared.health = true;
    if (fixture.config.e2e.index) prepared.index = fixture.config.e2e.index;
    prepared.runEnv = Object.entries(fixture.config.e2e.env ?? {}).flatMap(([name, value]) => ['-e', `${name}=${value}`]);
    fixtures.push(prepared);
  }

  // Stand-ins for exactly the images the generated Dockerfiles reference: they cannot drift apart.
  const refs = [...new Set(fixtures.flatMap((f) => f.images))];
  if (refs.length > 0) {
    const standins = spawnSync(process.execPath, [join(ROOT, 'scripts/e2e/standins.mjs'), ...refs], { stdio: 'inherit', timeout: 40 * 60_000 });
    if (standins.status !== 0) throw new Error(`building stand-in base images failed (exit ${standins.status}); see the output above`);
  }
  const indexes = await startIndexes(fixtures, workDir);
  project.provide('fixtures', fixtures);
  return async () => {
    await indexes?.close();
    if (!process.env['DOCKGEN_E2E_KEEP']) rmSync(workDir, { recursive: true, force: true });
  };
}
