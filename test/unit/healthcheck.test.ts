import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate } from '../../src/core.js';
import { DiskFs, MemoryFs } from '../../src/detect/fs.js';
import { lint } from '../../src/lint/engine.js';
import { planHealthcheck } from '../../src/plan/healthcheck.js';
import { parseGenerateFlags, parseHealthPath, type RawGenerateFlags } from '../../src/options.js';
import { runCli, tempProjects } from '../helpers/cli.js';
import { thrown } from '../helpers/errors.js';
import { FIXTURES } from '../helpers/fixtures.js';

const plan = (fixture: string, flags: RawGenerateFlags) => {
  const dir = join(FIXTURES, fixture);
  return generate(new DiskFs(dir), dir, parseGenerateFlags(flags));
};

describe('--healthcheck [path]', () => {
  it('a bare flag probes /, a path is checked for characters that could break out of a string', () => {
    expect(parseGenerateFlags({ healthcheck: true }).healthcheck).toBe('/');
    expect(parseGenerateFlags({ healthcheck: '/healthz?full=1' }).healthcheck).toBe('/healthz?full=1');
    expect(parseGenerateFlags({ healthcheck: false }).healthcheck).toBeUndefined();
    for (const bad of ['healthz', '', '/a b', "/x'+require('child_process')", '/"]', '/$(id)', '/a\\b', '/`id`', '/a\nHEALTHCHECK NONE', `/${'a'.repeat(300)}`]) {
      expect(thrown(() => parseHealthPath(bad)).message, bad).toContain('--healthcheck path must start with /');
    }
  });

  it('refuses a worker: there is no port to ask', () => {
    const error = thrown(() => plan('node-worker', { healthcheck: true }));
    expect(error.message).toContain('listens on no port');
    expect(error.hint).toContain('Leave --healthcheck out');
    expect(thrown(() => plan('python-worker', { healthcheck: true })).message).toContain('listens on no port');
  });

  it('distroless and scratch Go images get no HEALTHCHECK and a warning that names the orchestrator probe', () => {
    for (const runtime of ['distroless', 'scratch']) {
      const generation = plan('go-root-service', { healthcheck: '/ready', runtime });
      expect(generation.files[0]!.content).not.toContain('HEALTHCHECK');
      expect(generation.plan.healthcheck).toBeUndefined();
      expect(generation.plan.warnings.join('\n')).toMatch(/no shell, interpreter or HTTP client.*httpGet probe on port 8080, path \/ready/);
    }
  });

  it('uses what the image runs: node, bun, python, bash; nginx with dockgen\'s config probes its own /healthz', () => {
    expect(plan('node-healthcheck', { healthcheck: '/healthz' }).plan.healthcheck?.argv[0]).toBe('node');
    expect(plan('node-bun-healthcheck', { healthcheck: '/health' }).plan.healthcheck?.argv[0]).toBe('bun');
    expect(plan('python-healthcheck', { healthcheck: true }).plan.healthcheck?.argv[0]).toBe('python');
    const nginx = plan('static-healthcheck', { healthcheck: true });
    expect(nginx.plan.healthcheck).toMatchObject({ path: '/healthz', port: 8080 });
    expect(nginx.files.find((f) => f.path === 'nginx-default.conf')!.content).toContain('location = /healthz');
    // An explicit path is probed as given.
    expect(plan('static-healthcheck', { healthcheck: '/index.html' }).plan.healthcheck?.path).toBe('/index.html');
    expect(plan('static-httpd-conf', { healthcheck: true }).plan.healthcheck?.argv[0]).toBe('bash');
    expect(plan('go-root-service', { healthcheck: true, runtime: 'debian' }).plan.healthcheck?.argv[0]).toBe('bash');
  });

  it('every HEALTHCHECK dockgen writes passes dockgen lint --strict, and no probe installs anything', () => {
    const cases: Array<[string, RawGenerateFlags]> = [
      ['node-healthcheck', { healthcheck: '/healthz' }],
      ['node-bun-healthcheck', { healthcheck: '/health' }],
      ['node-old-line-jessie', { healthcheck: true }],
      ['python-healthcheck', { healthcheck: true }],
      ['python-flask-pip', { healthcheck: '/' }],
      ['static-healthcheck', { healthcheck: true }],
      ['static-httpd-conf', { healthcheck: true }],
      ['go-healthcheck-debian', { healthcheck: '/', runtime: 'debian' }],
    ];
    for (const [fixture, flags] of cases) {
      const generation = plan(fixture, flags);
      const dockerfile = generation.files[0]!.content;
      expect(dockerfile, fixture).toMatch(/^HEALTHCHECK --interval=30s --timeout=5s --start-period=15s --retries=3 \\\n {4}CMD \[/m);
      const findings = lint({ dockerfile, dockerfilePath: 'Dockerfile' });
      expect(findings.filter((f) => f.severity !== 'info').map((f) => `${f.check}: ${f.message}`), fixture).toEqual([]);
      const installed = generation.plan.healthcheck!.argv.join(' ');
      expect(installed).not.toMatch(/curl|wget|apt-get|apk /);
    }
  });

  it('the probe reads PORT at run time where the app does, and the image port otherwise', () => {
    expect(plan('node-healthcheck', { healthcheck: true }).plan.healthcheck!.argv[2]).toContain('process.env.PORT||3000');
    expect(plan('python-healthcheck', { healthcheck: true }).plan.healthcheck!.argv[2]).toContain("os.environ.get('PORT','8080')");
    const nginx = plan('static-healthcheck', { healthcheck: true }).plan.healthcheck!.argv;
    expect(nginx[2]).not.toContain('PORT');
    expect(nginx.slice(3)).toEqual(['healthcheck', '/healthz', '8080']);
  });

  it('is recorded in dockgen.json, and a re-run with --check finds no drift', () => {
    const { copy } = tempProjects('healthcheck');
    const dir = copy('node-healthcheck');
    expect(runCli([dir, '--yes', '--healthcheck=/healthz', '-q']).code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'dockgen.json'), 'utf8'))).toMatchObject({ healthcheck: '/healthz' });
    expect(readFileSync(join(dir, 'Dockerfile'), 'utf8')).toContain('HEALTHCHECK');
    expect(runCli([dir, '--check']).code).toBe(0);
    // A bad recorded value is reported the way a bad flag is, naming the file.
    const bare = copy('node-healthcheck');
    expect(runCli([bare, '--yes', '--healthcheck', '-q']).code).toBe(0);
    expect(JSON.parse(readFileSync(join(bare, 'dockgen.json'), 'utf8')).healthcheck).toBe('/');
  });
});

/**
 * The probes themselves, run here against a real HTTP server on loopback, the way the container
 * runs them: healthy for a 2xx/3xx answer, unhealthy for 5xx or nothing listening.
 */
describe('the probe commands work', () => {
  let server: Server;
  let port = 0;
  beforeAll(async () => {
    server = createServer((req, res) => {
      res.statusCode = req.url === '/broken' ? 500 : req.url === '/moved' ? 302 : req.url === '/missing' ? 404 : 200;
      if (req.url === '/moved') res.setHeader('location', '/healthz');
      res.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  /** Runs a probe (with `node`/`python` as this machine has them) and resolves to its exit code. */
  const run = (argv: string[], env: Record<string, string>): Promise<number | null> =>
    new Promise((resolve) => {
      const program = argv[0] === 'node' ? process.execPath : argv[0] === 'python' ? 'python3' : argv[0]!;
      const child = spawn(program, argv.slice(1), { env: { ...process.env, ...env }, stdio: 'ignore' });
      child.on('exit', (code) => resolve(code));
      child.on('error', () => resolve(-1));
    });

  const probes: Array<[string, string, RawGenerateFlags]> = [
    ['node', 'node-healthcheck', {}],
    ['python', 'python-healthcheck', {}],
    ['bash (PORT at run time)', 'go-healthcheck-debian', { runtime: 'debian' }],
  ];
  it.each(probes)('%s', async (_, fixture, flags) => {
    const argvFor = (path: string) => plan(fixture, { ...flags, healthcheck: path }).plan.healthcheck!.argv;
    const env = { PORT: String(port) };
    expect(await run(argvFor('/healthz'), env)).toBe(0);
    expect(await run(argvFor('/moved'), env)).toBe(0);
    expect(await run(argvFor('/broken'), env)).not.toBe(0);
    expect(await run(argvFor('/missing'), env)).not.toBe(0);
    // Nothing listening: the probe fails fast instead of hanging.
    expect(await run(argvFor('/healthz'), { PORT: '1' })).not.toBe(0);
    // The probe dockgen adds by itself (compose.yaml without --healthcheck): any answer below 500 is up.
    const anyAnswer = (path: string) => planHealthcheck(plan(fixture, flags).plan, path, 'any').healthcheck!.argv;
    expect(await run(anyAnswer('/missing'), env)).toBe(0);
    expect(await run(anyAnswer('/broken'), env)).not.toBe(0);
    expect(await run(anyAnswer('/'), { PORT: '1' })).not.toBe(0);
  });

  it('bash with the image port (nginx)', async () => {
    const argv = plan('static-healthcheck', { healthcheck: true }).plan.healthcheck!.argv;
    const at = (p: number) => [...argv.slice(0, -1), String(p)];
    expect(await run(at(port), {})).toBe(0);
    expect(await run([...argv.slice(0, -2), '/broken', String(port)], {})).not.toBe(0);
    expect(await run(at(1), {})).not.toBe(0);
  });

  it('a hostile project cannot reach the probe: the path is the only value that enters it', () => {
    const generation = generate(new MemoryFs({ 'package.json': '{"name":"x","scripts":{"start":"node s.js"}}', 's.js': "require('http').createServer().listen(process.env.PORT||'8080\\');require(\"child_process\")')" }), '/tmp/app', parseGenerateFlags({ healthcheck: true }));
    expect(generation.plan.healthcheck?.argv[2]).toContain('port:process.env.PORT||');
    expect(generation.plan.healthcheck?.argv[2]).not.toContain('child_process');
  });
});
