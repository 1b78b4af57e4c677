import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DOCKER, build, docker, dockerOrThrow, probe, processTree, tail, timed } from './docker.js';
import { INSTALL_COMMAND } from '../helpers/dockerfile-checks.js';
import { buildahAvailable, buildahBuild, loadStandInsIntoBuildah } from './buildah.js';
import { printResults, type Result } from './results.js';
import { freePort } from '../helpers/net.js';
import { FAST_HEALTH, freezeApp, healthLog, imageHealthcheck, waitForHealth } from './health.js';
import { hardenedRunArgs } from '../../src/plan/writable.js';

const engine = inject('engine');
const allFixtures = inject('fixtures');
/**
 * The fixtures come in two halves, one per test file (fixtures-second-half.e2e.test.ts imports this
 * file with the half set), so that an engine that can build side by side can run them at once. Docker
 * 20.10's BuildKit cannot (vitest.e2e.config.ts), so they run one after the other today. Fixtures that
 * listen on a fixed port (nginx's 8080) share the first half, so that two never run at once.
 */
const half = (globalThis as { e2eHalf?: number }).e2eHalf ?? 0;
const fixtures = allFixtures.filter((fixture) => halfOf(fixture) === half);
function halfOf(fixture: (typeof allFixtures)[number]): number {
  if (fixture.port !== undefined) return 0;
  return allFixtures.filter((f) => f.port === undefined).indexOf(fixture) % 2;
}
if (engine.ok && engine.dockerHost) process.env['DOCKER_HOST'] = engine.dockerHost;

/** Files a careless build context would carry into the image (R16, R23). */
const PLANTED_SECRETS = ['.env', 'config/.env.production', 'id_rsa', '.git/config', 'deploy/key.pem'];
/** What must never be in a final image: compilers, package-manager caches, the build-only package managers. */
const FORBIDDEN_IN_IMAGE = [/^usr\/bin\/(gcc|cc|g\+\+|make)$/, /^root\/\.npm\/_cacache\//, /^usr\/local\/share\/\.cache\/yarn\//, /^root\/\.yarn\/berry\/cache\//, /^pnpm\/store\//, /^opt\/pm\//];
/** Files whose edit must not re-run the dependency install (R5). */
const SOURCE_CANDIDATES = [
  'server.js', 'index.js', 'index.mjs', 'app.js', 'src/index.ts', 'src/server.ts', 'src/app.js', 'server/index.js', 'src/main.ts',
  'app.py', 'main.py', 'server.py', 'main.go', 'index.html',
];
/** A line that is a comment in the edited file's language. */
function editMarker(file: string): string {
  const text = `edited by the e2e suite at ${Date.now()}`;
  if (file.endsWith('.py')) return `\n# ${text}\n`;
  if (file.endsWith('.html')) return `\n<!-- ${text} -->\n`;
  return `\n// ${text}\n`;
}
const INSTALL_STEP = new RegExp(`^#(\\d+) \\[[^\\]]+\\] RUN .*${INSTALL_COMMAND.source}`);

const results: Result[] = [];


/** The first URL path matching `pattern` in the page at `url` (a fingerprinted asset's name). */
async function linkedPath(url: string, pattern: string): Promise<string> {
  const page = await (await fetch(url)).text();
  const found = new RegExp(pattern).exec(page)?.[0];
  if (!found) throw new Error(`no link matching ${pattern} in ${url}`);
  return found;
}

/** Base images' listings, kept: many fixtures share a base, and exporting one takes seconds. */
const baseListings = new Map<string, Set<string>>();
function baseImageFiles(image: string): Set<string> {
  let listing = baseListings.get(image);
  if (!listing) baseListings.set(image, (listing = new Set(imageFiles(image))));
  return listing;
}

/** Every path in the image's filesystem (docker export works for shell-less images too). */
function imageFiles(image: string): string[] {
  // The command is never run: it only lets `docker create` accept images without a CMD (distroless).
  const id = dockerOrThrow(['create', image, 'true']).stdout.trim();
  try {
    const listing = spawnSync('bash', ['-c', `set -o pipefail; ${DOCKER} export ${id} | tar -t`], { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
    if (listing.status !== 0) throw new Error(`docker export failed: ${listing.stderr}`);
    return listing.stdout.split('\n').map((path) => path.replace(/^\.\//, '')).filter(Boolean);
  } finally {
    docker(['rm', id]);
  }
}

/** Whether `text` occurs in any file of the image, its history or its configuration. */
function imageHolds(image: string, text: string): boolean {
  const id = dockerOrThrow(['create', image, 'true']).stdout.trim();
  try {
    // grep exits 0 when found, 1 when not; anything else (a broken export) is an error, not an answer.
    const search = spawnSync('bash', ['-c', `set -o pipefail; ${DOCKER} export ${id} | grep -a -q -F -e "$NEEDLE"`], { env: { ...process.env, NEEDLE: text } });
    if (search.status !== 0 && search.status !== 1) throw new Error(`searching the export of ${image} failed (${search.status})`);
    const metadata = dockerOrThrow(['history', '--no-trunc', image]).stdout + dockerOrThrow(['image', 'inspect', image]).stdout;
    return search.status === 0 || metadata.includes(text);
  } finally {
    docker(['rm', id]);
  }
}

describe.skipIf(!engine.ok)('generated Dockerfiles on a real engine', () => {
  it('has buildable fixtures', () => {
    // A run of chosen fixtures (DOCKGEN_E2E_ONLY) may leave one half with none; never both.
    expect(process.env['DOCKGEN_E2E_ONLY'] ? allFixtures.length : fixtures.length).toBeGreaterThan(0);
  });

  describe.each(fixtures)('$name', (fixture) => {
    const tag = `dockgen-e2e/${fixture.name}:cold`;
    const result: Result = { fixture: fixture.name };
    let container = '';
    let baseUrl = '';

    beforeAll(() => {
      results.push(result);
      for (const file of PLANTED_SECRETS) {
        mkdirSync(join(fixture.dir, file, '..'), { recursive: true });
        writeFileSync(join(fixture.dir, file), 'SECRET=do-not-ship\n');
      }
    });

    afterAll(() => {
      if (container) docker(['rm', '-f', container]);
    });

    it('builds with BuildKit', () => {
      // --no-cache: a truly cold build (also empties cache mounts), the baseline for the warm one.
      const cold = build(fixture.dir, tag, ['--no-cache', ...fixture.buildArgs]);
      expect(cold.code, tail(cold.stdout + cold.stderr, 80)).toBe(0);
      result.coldSeconds = cold.seconds;
      result.imageMB = Number(dockerOrThrow(['image', 'inspect', '-f', '{{.Size}}', tag]).stdout) / 1e6;
    });

    it('serves from a read-only root, as a non-root user, under tini or the app itself as PID 1', async (ctx) => {
      if (result.coldSeconds === undefined) ctx.skip(); // the build failed: reported once, above
      // Images that listen on a fixed port (nginx: 8080) ignore PORT; host networking means one at a time.
      const port = fixture.port ?? (await freePort());
      baseUrl = `http://127.0.0.1:${port}`;
      // As k8s.yaml runs it, and README.Docker.md documents: a read-only root with a tmpfs for each
      // path the plan declares writable (/tmp at least, R15), no capabilities, no privilege escalation.
      const hardened = hardenedRunArgs(fixture.writablePaths);
      container = dockerOrThrow(['run', '-d', '--network', 'host', ...hardened, '-e', `PORT=${port}`, ...fixture.runEnv, tag]).stdout.trim();
      if (fixture.probe) {
        const status = await probe(`http://127.0.0.1:${port}${fixture.probe}`, 60);
        expect(status, tail(docker(['logs', container]).stderr, 40)).toBe(200);
      } else {
        await new Promise((r) => setTimeout(r, 3000));
        const running = dockerOrThrow(['inspect', '-f', '{{.State.Running}}', container]).stdout.trim();
        expect(running, tail(docker(['logs', container]).stderr, 40)).toBe('true');
      }
      const tree = processTree(container);
      result.uid = tree.uid;
      result.pid1 = [tree.pid1[0], ...tree.children.map((c) => c[0])].join(' → ');
      expect(tree.uid).toBeGreaterThan(0);
      if (fixture.uid !== undefined) expect(tree.uid).toBe(fixture.uid);
      // nginx retitles its master process ("nginx: master process nginx -g daemon off;").
      expect(tree.pid1[0]).toMatch(/(^|\/)(tini|node|nginx|[\w-]+)$|^nginx: master process /);
      expect(tree.pid1[0]).not.toMatch(/(^|\/)(sh|bash|dash|npm|npx|yarn|pnpm|bun)$/);
      for (const child of tree.children) expect(child[0]).not.toMatch(/(^|\/)(sh|bash|dash|npm|yarn|pnpm)$/);
    });

    it.skipIf(!fixture.requests)('answers the fixture\'s HTTP checks (routing, status, headers)', async (ctx) => {
      if (result.coldSeconds === undefined || !container) ctx.skip(); // the build or run failed: reported above
      for (const request of fixture.requests!) {
        const path = request.path ?? (await linkedPath(`${baseUrl}${request.linkedFrom}`, request.pattern!));
        const response = await fetch(`${baseUrl}${path}`, { redirect: 'manual', headers: request.headers ?? {} });
        const sent = request.headers ? ` (${Object.keys(request.headers).join(', ')})` : '';
        expect(response.status, `GET ${path}${sent}`).toBe(request.status);
        if (request.header) expect(response.headers.get(request.header[0]) ?? '', `GET ${path}: ${request.header[0]}`).toContain(request.header[1]);
        if (request.body) expect(await response.text(), `GET ${path}: body`).toContain(request.body);
      }
    });

    it('stops within 2 seconds of docker stop', async (ctx) => {
      if (result.coldSeconds === undefined) ctx.skip(); // the build failed: reported once, above
      const stop = await timed(['stop', container]);
      expect(stop.code).toBe(0);
      result.stopSeconds = stop.seconds;
      const exit = dockerOrThrow(['inspect', '-f', '{{.State.ExitCode}}', container]).stdout.trim();
      expect(stop.seconds).toBeLessThan(2);
      expect(fixture.stopExitCodes ?? ['0', '143']).toContain(exit);
    });

    // After docker stop: a fixture on a fixed port (nginx's 8080) has it free again.
    it.skipIf(!fixture.health)('HEALTHCHECK: healthy while the app answers, unhealthy once it stops answering', async (ctx) => {
      if (result.coldSeconds === undefined) ctx.skip(); // the build failed: reported once, above
      const configured = imageHealthcheck(tag);
      expect(configured?.Test[0], 'the image has an exec-form HEALTHCHECK').toBe('CMD');
      expect(configured).toMatchObject({ Interval: 30e9, Timeout: 5e9, StartPeriod: 15e9, Retries: 3 });
      const port = fixture.port ?? (await freePort());
      const id = dockerOrThrow(['run', '-d', '--network', 'host', '-e', `PORT=${port}`, ...FAST_HEALTH, ...fixture.runEnv, tag]).stdout.trim();
      try {
        const healthy = await waitForHealth(id, 'healthy', 60);
        expect(healthy.status, healthLog(id)).toBe('healthy');
        result.healthySeconds = healthy.seconds;
        freezeApp(id);
        const unhealthy = await waitForHealth(id, 'unhealthy', 30);
        expect(unhealthy.status, healthLog(id)).toBe('unhealthy');
        result.unhealthySeconds = unhealthy.seconds;
        // PID 1 lived on: it is the probe that noticed, not a container exit.
        expect(dockerOrThrow(['inspect', '-f', '{{.State.Running}}', id]).stdout.trim()).toBe('true');
      } finally {
        docker(['rm', '-f', id]);
      }
    });

    it('ships no secrets, VCS data, compilers or package-manager caches', (ctx) => {
      if (result.coldSeconds === undefined) ctx.skip(); // the build failed: reported once, above
      const files = imageFiles(tag);
      // The planted secrets are the project's: a path that a base image ships itself is not one of
      // them (npm 6.14.18, the npm of node:14.21.3 and of the Node.js 8–14 stand-ins, carries
      // node_modules/psl/.env).
      const baseFiles = fixture.images.map(baseImageFiles);
      for (const secret of PLANTED_SECRETS) {
        expect(files.filter((f) => f.endsWith(secret) && !baseFiles.some((base) => base.has(f))), `${secret} is in the image`).toEqual([]);
      }
      for (const pattern of FORBIDDEN_IN_IMAGE) {
        expect(files.filter((f) => pattern.test(f)).slice(0, 3), `${pattern} in the image`).toEqual([]);
      }
      // The package mirror's password reached the build only as the netrc secret (R16).
      if (fixture.indexPassword) expect(imageHolds(tag, fixture.indexPassword), 'the mirror password is in the image').toBe(false);
    });

    it('rebuilds after a source edit without re-running the install', (ctx) => {
      if (result.coldSeconds === undefined) ctx.skip(); // the build failed: reported once, above
      const source = fixture.edit ?? SOURCE_CANDIDATES.find((file) => existsSync(join(fixture.dir, file)));
      expect(source, 'a source file to edit').toBeDefined();
      // A unique edit: BuildKit's cache from an earlier run must not turn this build into a no-op.
      appendFileSync(join(fixture.dir, source!), editMarker(source!));
      const warm = build(fixture.dir, `dockgen-e2e/${fixture.name}:warm`, fixture.buildArgs);
      expect(warm.code, tail(warm.stdout + warm.stderr, 60)).toBe(0);
      result.warmSeconds = warm.seconds;
      const log = warm.stdout + warm.stderr;
      const installs = log.split('\n').map((line) => INSTALL_STEP.exec(line)?.[1]).filter((id): id is string => id !== undefined);
      // A project without production dependencies has no install step to keep cached.
      const hasInstall = INSTALL_COMMAND.test(readFileSync(join(fixture.dir, 'Dockerfile'), 'utf8'));
      if (hasInstall) expect(installs.length, 'an install step in the build log').toBeGreaterThan(0);
      for (const id of new Set(installs)) expect(log, `install step #${id} re-ran`).toMatch(new RegExp(`^#${id} CACHED$`, 'm'));
      // Builds of a second or less (a site copied as it is) are all overhead: timing them is noise.
      if (result.coldSeconds! > 1) expect(warm.seconds).toBeLessThan(result.coldSeconds!);
    });
  });

  // A server image under tini whose CMD runs `runtime`; runs of other stacks only (DOCKGEN_E2E_ONLY) have none to strip.
  // Not Next.js: its server renames its process (next-server), which the PID 1 check would not recognise.
  const underTini = (runtime: string) => (f: (typeof allFixtures)[number]) =>
    f.name.startsWith('node-') && !f.name.includes('next') && f.probe !== undefined && new RegExp(`^CMD \\["${runtime}",`, 'm').test(readFileSync(join(f.dir, 'Dockerfile'), 'utf8')) &&
    readFileSync(join(f.dir, 'Dockerfile'), 'utf8').includes('/usr/bin/tini');
  const controls = [
    { runtime: 'node', label: 'Node.js', fixture: allFixtures.find((f) => f.name === 'node-zero-deps') ?? allFixtures.find(underTini('node')) },
    // Bun too ignores SIGTERM as PID 1: the reason its images get tini (plan/bun.ts).
    { runtime: 'bun', label: 'Bun', fixture: allFixtures.find(underTini('bun')) },
  ];

  // The controls run with the first half of the fixtures (see `half`).
  describe.skipIf(half !== 0).each(controls)('control case: the checks catch a $label PID 1 without an init', ({ runtime, fixture }) => {
    it.skipIf(!fixture)('takes the whole grace period to stop, so the 2-second check would fail', async () => {
      if (!fixture) return;
      // The same generated Dockerfile minus tini: the runtime is PID 1 and ignores SIGTERM.
      const dockerfile = readFileSync(join(fixture.dir, 'Dockerfile'), 'utf8').replace(/^ENTRYPOINT .*$/m, '');
      writeFileSync(join(fixture.dir, 'Dockerfile.no-init'), dockerfile);
      const tag = `dockgen-e2e/control-${runtime}:no-init`;
      const built = docker(['build', '--network', 'host', '--progress=plain', '-f', join(fixture.dir, 'Dockerfile.no-init'), '-t', tag, fixture.dir]);
      expect(built.code, tail(built.stderr, 40)).toBe(0);
      const port = await freePort();
      const id = dockerOrThrow(['run', '-d', '--network', 'host', '-e', `PORT=${port}`, tag]).stdout.trim();
      try {
        expect(await probe(`http://127.0.0.1:${port}${fixture.probe}`, 60)).toBe(200);
        expect(processTree(id).pid1[0]).toBe(runtime);
        const stop = await timed(['stop', id]);
        results.push({ fixture: `control: ${runtime} as PID 1, no tini`, stopSeconds: stop.seconds, uid: 1000, pid1: runtime });
        expect(stop.seconds).toBeGreaterThan(5);
      } finally {
        docker(['rm', '-f', id]);
      }
    });
  });

  describe.skipIf(half !== 1 || !buildahAvailable())('the same Dockerfiles build with Buildah', () => {
    // Every package manager and stage layout is covered by the fixtures marked for Buildah; the
    // heaviest framework builds are left to BuildKit to keep CI within its budget.
    const chosen = allFixtures.filter((f) => f.buildah);
    beforeAll(() => loadStandInsIntoBuildah([...new Set(chosen.flatMap((f) => f.images))]));

    it.each(chosen)('$name', (fixture) => {
      const run = buildahBuild(['--isolation', 'chroot', '--pull-never', '--layers', ...fixture.buildArgs, '-t', `dockgen-e2e/${fixture.name}:buildah`, fixture.dir]);
      expect(run.code, tail(run.stdout + run.stderr, 60)).toBe(0);
      const row = results.find((r) => r.fixture === fixture.name);
      if (row) row.buildahSeconds = run.seconds;
    });
  });

  afterAll(() => printResults(results));
});
