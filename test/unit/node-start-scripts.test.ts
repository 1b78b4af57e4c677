import { describe, expect, it } from 'vitest';
import { generate } from '../../src/core.js';
import { MemoryFs } from '../../src/detect/fs.js';
import { MissingValueError } from '../../src/errors.js';
import type { NodePlan } from '../../src/plan/types.js';

const project = (pkg: object, extra: Record<string, string> = {}) => ({ 'package.json': JSON.stringify(pkg), 'package-lock.json': '{}', ...extra });
const plan = (files: Record<string, string>) => generate(new MemoryFs(files), '/x/app', {}).plan as NodePlan;

describe('start scripts that are not plain node', () => {
  it('tsx as a production dependency runs the file as node --import tsx, with a warning', () => {
    const result = plan(project({ name: 'api', scripts: { start: 'tsx src/server.ts' }, dependencies: { tsx: '^4.19.0', fastify: '^5.0.0' } }, { 'src/server.ts': '' }));
    expect(JSON.parse(result.cmd)).toEqual(['node', '--import', 'tsx', 'src/server.ts']);
    expect(result.warnings.join('\n')).toMatch(/runs TypeScript through tsx at start/);
  });

  it('tsx only among devDependencies (or tsx watch) is still a development tool', () => {
    const dev = project({ name: 'api', scripts: { start: 'tsx src/server.ts' }, devDependencies: { tsx: '^4.19.0' } }, { 'src/server.ts': '' });
    expect(() => plan(dev)).toThrow(MissingValueError);
    const watch = project({ name: 'api', scripts: { start: 'tsx watch src/server.ts' }, dependencies: { tsx: '^4.19.0' } }, { 'src/server.ts': '' });
    expect(() => plan(watch)).toThrow(/runs tsx, a development tool/);
  });

  it('a Bun start script makes a Bun app, which cannot install from another manager\'s lockfile', () => {
    const bun = project({ name: 'elysia', scripts: { start: 'bun run src/index.ts' }, dependencies: { elysia: '1.0.0' } }, { 'src/index.ts': '' });
    expect(() => plan(bun)).toThrow(/runs on Bun \(package\.json scripts\.start = "bun run src\/index\.ts"\), but its lockfile is package-lock\.json/);
  });

  it('bun run <script> still follows the script', () => {
    const files = project({ name: 'b', scripts: { start: 'bun run serve', serve: 'node server.js' } }, { 'server.js': '' });
    expect(JSON.parse(plan(files).cmd)).toEqual(['node', 'server.js']);
  });
});

describe('Node.js workers (no server)', () => {
  const worker = (extra: Record<string, string> = {}, pkg: object = {}) =>
    project({ name: 'w', scripts: { start: 'node src/index.js' }, ...pkg }, { 'src/index.js': "import { run } from './jobs.js';\nsetInterval(run, 1000);\n", 'src/jobs.js': 'export function run() {}\n', ...extra });

  it('a plain entry that never listens gets no port: no EXPOSE, no PORT, and the decision says why', () => {
    const result = plan(worker());
    expect(result.port).toBeUndefined();
    expect(result.runtimeEnv.map(([name]) => name)).not.toContain('PORT');
    expect(result.decisions.find((d) => d.topic === 'port')).toMatchObject({ value: 'none (a worker)', evidence: { source: 'src/index.js' } });
  });

  it('a server in a module the entry imports, a server framework, or reading PORT still serves', () => {
    // The port comes from that module too, as from the entry itself.
    expect(plan(worker({ 'src/jobs.js': "import http from 'node:http';\nexport function run() { http.createServer().listen(8080); }\n" })).port).toBe(8080);
    expect(plan(worker({}, { dependencies: { express: '5.0.0' } })).port).toBe(3000);
    expect(plan(worker({ 'src/index.js': 'console.log(process.env.PORT);\n' })).port).toBe(3000);
  });

  it('an explicit --cmd keeps the default port (it may start something else)', () => {
    const result = generate(new MemoryFs(worker()), '/x/app', { cmd: ['node', 'src/other.js'] }).plan as NodePlan;
    expect(result.port).toBe(3000);
  });
});
