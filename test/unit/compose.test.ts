import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { composeAppFromPlan } from '../../src/companions/compose-app.js';
import { composeServiceName, renderCompose, type ComposeApp } from '../../src/companions/compose.js';
import { generate } from '../../src/core.js';
import { DiskFs, MemoryFs } from '../../src/detect/fs.js';
import { parseGenerateFlags, type RawGenerateFlags } from '../../src/options.js';
import { runCli, tempProjects } from '../helpers/cli.js';
import { FIXTURES } from '../helpers/fixtures.js';

/** The Compose Specification's schema, vendored (test/schemas/README.md). */
const schema = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'schemas', 'compose-spec.schema.json'), 'utf8')) as Record<string, unknown>;
// Draft-07, named by an https URL that Ajv's built-in draft-07 meta-schema does not answer to.
delete schema['$schema'];
const validate = new Ajv({ strict: false, allErrors: true }).compile(schema);
function assertValid(text: string): Record<string, any> {
  const data = parse(text) as Record<string, any>;
  const ok = validate(data);
  expect(ok, JSON.stringify(validate.errors, null, 2)).toBe(true);
  return data;
}

const composeOf = (fixture: string, flags: RawGenerateFlags = {}) => {
  const dir = join(FIXTURES, fixture);
  const generation = generate(new DiskFs(dir), dir, parseGenerateFlags({ ...flags, compose: true }));
  const file = generation.files.find((f) => f.path === 'compose.yaml');
  expect(file, `${fixture}: compose.yaml`).toBeDefined();
  return { text: file!.content, data: assertValid(file!.content), generation };
};

const api: ComposeApp = {
  name: 'api', context: './services/api', dockerfile: 'Dockerfile', port: 8080, env: [['PORT', '8080']], user: '1000:1000',
  tmpfs: [{ path: '/tmp' }], healthcheck: { test: ['node', '-e', 'process.exit(0)'], interval: '30s', timeout: '5s', startPeriod: '15s', retries: 3 },
  stopGracePeriod: '10s', stopNote: 'SIGTERM.', backing: [{ kind: 'redis', evidence: 'package.json dependency redis' }, { kind: 'postgres', evidence: 'package.json dependency pg' }],
};
const web: ComposeApp = {
  name: 'web', context: './apps/web', dockerfile: 'Dockerfile', port: 8081, env: [], user: '101:101', tmpfs: [{ path: '/tmp' }],
  stopSignal: 'SIGQUIT', stopGracePeriod: '30s', stopNote: 'SIGQUIT.', healthNote: 'No healthcheck here.', backing: [{ kind: 'redis', evidence: 'x' }], dependsOn: ['api'],
};

describe('renderCompose takes a list of services (dockgen --all in monorepos)', () => {
  const text = renderCompose([api, web], ['two services']);
  const data = assertValid(text);

  it('one service per app, each backing service once, shared by those that need it', () => {
    expect(Object.keys(data['services'])).toEqual(['api', 'web', 'postgres', 'redis']);
    expect(data['services'].api.depends_on).toEqual({ redis: { condition: 'service_healthy' }, postgres: { condition: 'service_healthy' } });
    expect(data['services'].web.depends_on).toEqual({ redis: { condition: 'service_healthy' }, api: { condition: 'service_healthy' } });
    expect(data['volumes']).toEqual({ 'postgres-data': {}, 'redis-data': {} });
    expect(text).toContain('Needed by api (package.json dependency redis), web (x)');
  });

  it('a service without a healthcheck is waited for as started, not healthy', () => {
    const worker = { ...web, name: 'worker', port: undefined, dependsOn: ['web'] } as ComposeApp;
    delete worker.port;
    const both = assertValid(renderCompose([api, web, worker], []));
    expect(both['services'].worker.depends_on.web).toEqual({ condition: 'service_started' });
    expect(both['services'].worker.ports).toBeUndefined();
  });

  it('hardening on every app service; passwords only as secrets from files', () => {
    for (const name of ['api', 'web']) {
      expect(data['services'][name]).toMatchObject({ read_only: true, cap_drop: ['ALL'], security_opt: ['no-new-privileges:true'] });
      expect(data['services'][name].tmpfs).toContain('/tmp');
    }
    expect(data['services'].api.user).toBe('1000:1000');
    expect(text).toContain('user: "1000:1000"');
    expect(data['services'].api.ports).toEqual(['127.0.0.1:8080:8080']);
    expect(data['services'].api.healthcheck.test).toEqual(['CMD', 'node', '-e', 'process.exit(0)']);
    expect(data['services'].web.stop_signal).toBe('SIGQUIT');
    expect(data['secrets']).toEqual({ postgres_password: { file: './secrets/postgres_password.txt' } });
    expect(data['services'].postgres.environment.POSTGRES_PASSWORD_FILE).toBe('/run/secrets/postgres_password');
    expect(data['services'].api.environment).toMatchObject({ DATABASE_URL: 'postgres://app@postgres:5432/app', PGHOST: 'postgres', PGUSER: 'app', PGDATABASE: 'app' });
    expect(data['services'].api.secrets).toEqual(['postgres_password']);
    // No value under a password key, and no password in a URL.
    expect(text).not.toMatch(/_PASSWORD: /);
    expect(text).not.toMatch(/\/\/[^@\s/]*:[^@\s/]*@/);
  });

  it('refuses duplicate or invalid service names, and names a project safely', () => {
    expect(() => renderCompose([api, api], [])).toThrow('used twice');
    expect(() => renderCompose([{ ...api, name: 'redis' }], [])).toThrow('used twice');
    expect(composeServiceName('@acme/Orders API')).toBe('orders-api');
    expect(composeServiceName('x\nservices:\n  evil: {}')).toBe('x-services-evil');
    expect(composeServiceName('???')).toBe('app');
  });

  it('values with YAML syntax stay values (the library quotes them)', () => {
    const hostile = { ...api, env: [['PORT', '8080'], ['X', 'a: b\n- c: {d}\nservices:']] as Array<[string, string]> };
    const parsed = assertValid(renderCompose([hostile], ['header: with colon\nand a newline']));
    expect(parsed['services'].api.environment.X).toBe('a: b\n- c: {d}\nservices:');
    expect(Object.keys(parsed['services'])).toEqual(['api', 'postgres', 'redis']);
  });
});

describe('compose.yaml for a project', () => {
  it('Python + PostgreSQL (psycopg2): gunicorn grace period, the Python probe, the password file', () => {
    const { data, generation } = composeOf('python-django-postgres');
    // Named after the folder: the project declares no name.
    expect(Object.keys(data['services'])).toEqual(['python-django-postgres', 'postgres']);
    const app = data['services']['python-django-postgres'];
    expect(app.user).toBe('10001:10001');
    expect(app.stop_grace_period).toBe('35s');
    expect(app.healthcheck.test.slice(0, 3)).toEqual(['CMD', 'python', '-c']);
    expect(app.environment.PORT).toBe('8000');
    expect(generation.plan.warnings.join('\n')).toContain('compose.yaml reads a password from ./secrets/postgres_password.txt');
    expect(generation.files.find((f) => f.path === '.dockerignore')!.content).toMatch(/^secrets$/m);
  });

  it('Python + MySQL, Node.js + Redis', () => {
    expect(Object.keys(composeOf('python-flask-mysql').data['services'])).toContain('mysql');
    const redis = composeOf('node-redis-compose');
    expect(redis.data['services'].visits.environment).toEqual({ PORT: '3000', REDIS_URL: 'redis://redis:6379/0' });
    expect(redis.data['secrets']).toBeUndefined();
    expect(redis.data['services'].redis.image).toMatch(/^redis:\d+\.\d+\.\d+/);
  });

  it('the healthcheck is the Dockerfile\'s probe when --healthcheck was given, and the same kind on / otherwise', () => {
    const withFlag = composeOf('node-healthcheck', { healthcheck: '/healthz' });
    expect(withFlag.data['services'].ping.healthcheck.test).toEqual(['CMD', ...withFlag.generation.plan.healthcheck!.argv]);
    const without = composeOf('node-zero-deps');
    expect(without.data['services'].ping.healthcheck.test[3]).toContain("path:'/'");
  });

  it('nginx: SIGQUIT with time to drain, its own /healthz; Go distroless: no probe, said why; a worker: no port', () => {
    const site = composeOf('static-healthcheck').data['services']['static-healthcheck'];
    expect(site).toMatchObject({ stop_signal: 'SIGQUIT', stop_grace_period: '30s', user: '101:101' });
    expect(site.healthcheck.test).toContain('/healthz');
    const go = composeOf('go-root-service');
    expect(go.data['services'].hello.healthcheck).toBeUndefined();
    expect(go.text).toContain('No healthcheck: compose runs probes inside the container');
    const worker = composeOf('node-worker');
    const name = Object.keys(worker.data['services'])[0]!;
    expect(worker.data['services'][name].ports).toBeUndefined();
    expect(worker.data['services'][name].healthcheck).toBeUndefined();
  });

  it('Next.js writes beside its code: that path is a tmpfs too, with the reason', () => {
    const { data, text } = composeOf('node-next-standalone');
    const name = Object.keys(data['services'])[0]!;
    expect(data['services'][name].tmpfs).toEqual(['/tmp', '/app/.next/cache']);
    expect(text).toContain('Next.js caches optimised images and fetch() results here');
  });

  it('Go modules: a driver in go.mod is found; an indirect one is not', () => {
    const files = { 'go.mod': 'module example.com/api\ngo 1.24\nrequire (\n\tgithub.com/jackc/pgx/v5 v5.7.1\n\tgithub.com/redis/go-redis/v9 v9.7.0 // indirect\n)\n', 'main.go': 'package main\nimport ("net/http"; "os")\nfunc main() { http.ListenAndServe(":"+os.Getenv("PORT"), nil) }\n' };
    const generation = generate(new MemoryFs(files), '/tmp/api', parseGenerateFlags({ compose: true }));
    const app = composeAppFromPlan(generation.plan, generation.facts, new MemoryFs(files), 'api');
    expect(app.backing.map((b) => b.kind)).toEqual(['postgres']);
  });
});

describe('dockgen --compose', () => {
  const { copy } = tempProjects('compose');

  it('writes compose.yaml, records the answer, and --check sees drift; an edited file is not overwritten without --force', () => {
    const dir = copy('node-redis-compose');
    expect(runCli([dir, '--yes', '--compose', '-q']).code).toBe(0);
    expect(readFileSync(join(dir, 'compose.yaml'), 'utf8')).toContain('redis://redis:6379/0');
    expect(JSON.parse(readFileSync(join(dir, 'dockgen.json'), 'utf8'))).toMatchObject({ compose: true });
    expect(runCli([dir, '--check']).code).toBe(0);
    writeFileSync(join(dir, 'compose.yaml'), readFileSync(join(dir, 'compose.yaml'), 'utf8').replace('10s', '11s'));
    const check = runCli([dir, '--check']);
    expect(check.code).toBe(1);
    expect(check.stdout).toContain('compose.yaml');
    const dry = runCli([dir, '--yes', '--dry-run']);
    expect(dry.stdout).toContain('-    stop_grace_period: 11s');
    expect(runCli([dir, '--yes', '-q']).code).toBe(1);
    expect(readFileSync(join(dir, 'compose.yaml'), 'utf8')).toContain('11s');
    expect(runCli([dir, '--yes', '--force', '-q']).code).toBe(0);
    expect(readFileSync(join(dir, 'compose.yaml'), 'utf8')).not.toContain('11s');
  });

  it('a project without --compose writes no compose.yaml; a bare flag records true', () => {
    const dir = copy('node-zero-deps');
    expect(runCli([dir, '--yes', '-q']).code).toBe(0);
    expect(existsSync(join(dir, 'compose.yaml'))).toBe(false);
    expect(runCli([dir, '--yes', '--compose', '-q']).code).toBe(0);
    expect(existsSync(join(dir, 'compose.yaml'))).toBe(true);
    expect(JSON.parse(readFileSync(join(dir, 'dockgen.json'), 'utf8')).compose).toBe(true);
    // Recorded: a plain re-run keeps writing it, and finds it unchanged.
    expect(runCli([dir, '--check']).code).toBe(0);
  });
});
