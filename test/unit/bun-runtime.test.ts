import { describe, expect, it } from 'vitest';
import { generate } from '../../src/core.js';
import { MemoryFs } from '../../src/detect/fs.js';
import { detectProject } from '../../src/detect/index.js';
import type { NodeFacts } from '../../src/detect/node/index.js';
import { parseGenerateFlags, type GenerateOptions } from '../../src/options.js';
import type { NodePlan } from '../../src/plan/types.js';
import { BUN_RELEASES, DEFAULT_BUN_VERSION, resolveBunVersion } from '../../src/versions/bun.js';

const LOCK = '{ "lockfileVersion": 1, "workspaces": { "": { "name": "x" } }, "packages": {} }';
const project = (pkg: object, extra: Record<string, string> = {}) => ({ 'package.json': JSON.stringify({ name: 'app', ...pkg }), 'bun.lock': LOCK, ...extra });
const run = (files: Record<string, string>, options: GenerateOptions = {}) => generate(new MemoryFs(files), '/x/app', options);
const plan = (files: Record<string, string>, options: GenerateOptions = {}) => run(files, options).plan as NodePlan;
const facts = (files: Record<string, string>) => detectProject(new MemoryFs(files)) as NodeFacts;
const argv = (p: NodePlan) => JSON.parse(p.cmd) as string[];
const decision = (p: NodePlan, topic: string) => p.decisions.find((d) => d.topic === topic);
const dockerfile = (files: Record<string, string>, options: GenerateOptions = {}) => run(files, options).files.find((f) => f.path === 'Dockerfile')!.content;

describe('Bun as the runtime: what decides it, and its evidence', () => {
  it('a start script that runs bun: the TypeScript entry runs directly, on the oven/bun slim image', () => {
    const p = plan(project({ scripts: { start: 'bun src/index.ts' } }, { 'src/index.ts': 'Bun.serve({ fetch: () => new Response("hi") });\n' }));
    expect(argv(p)).toEqual(['bun', 'src/index.ts']);
    expect(p.image).toBe('oven/bun');
    expect(p.imageVariant).toBe('slim');
    expect(p.args).toEqual([expect.objectContaining({ name: 'BUN_VERSION', value: DEFAULT_BUN_VERSION })]);
    expect(decision(p, 'JavaScript runtime')).toMatchObject({ value: 'Bun', evidence: { source: 'package.json', field: 'scripts.start' } });
    expect(p.build).toBeUndefined();
  });

  it('bun run <file>, bun start and bun <script> are followed; watch modes are development', () => {
    expect(argv(plan(project({ scripts: { start: 'bun run src/server.ts' } }, { 'src/server.ts': '' })))).toEqual(['bun', 'src/server.ts']);
    expect(argv(plan(project({ scripts: { start: 'bun serve', serve: 'bun --smol server.ts' } }, { 'server.ts': '' })))).toEqual(['bun', '--smol', 'server.ts']);
    const watch = run(project({ scripts: { start: 'bun --watch index.ts' }, engines: { bun: '>=1.1' } }, { 'index.ts': 'Bun.serve({ fetch: () => new Response("") });\n' }));
    expect(watch.facts.warnings.join('\n')).toMatch(/runs bun --watch, a development mode/);
    expect(argv(watch.plan as NodePlan)).toEqual(['bun', 'index.ts']);
  });

  it('a Bun-only API in the entry decides it without a start script, naming the file and line', () => {
    const p = plan(project({ module: 'index.ts' }, { 'index.ts': '// a server\nconst server = Bun.serve({ port: 8080, fetch: () => new Response("ok") });\n' }));
    expect(argv(p)).toEqual(['bun', 'index.ts']);
    expect(decision(p, 'JavaScript runtime')).toMatchObject({ evidence: { source: 'index.ts', field: 'line 2' }, why: 'Bun.serve is a Bun-only API' });
    expect(p.port).toBe(8080);
  });

  it('a bun: module imported by a local module of the entry counts too', () => {
    const files = project({ main: 'src/index.js' }, {
      'src/index.js': "import { db } from './db.js';\nsetInterval(() => db.query('select 1'), 1000);\n",
      'src/db.js': "import { Database } from 'bun:sqlite';\nexport const db = new Database(':memory:');\n",
    });
    const p = plan(files);
    expect(argv(p)).toEqual(['bun', 'src/index.js']);
    expect(decision(p, 'JavaScript runtime')).toMatchObject({ evidence: { source: 'src/db.js', field: 'line 1' }, why: 'the "bun:sqlite" module is a Bun-only API' });
    expect(p.port).toBeUndefined(); // a worker: nothing serves
  });

  it('a declared node start whose file uses Bun APIs runs on bun, with a warning that names both', () => {
    const result = run(project({ scripts: { start: 'node server.js' } }, { 'server.js': 'Bun.serve({ port: 3100, fetch() { return new Response("x"); } });\n' }));
    expect(argv(result.plan as NodePlan)).toEqual(['bun', 'server.js']);
    expect(result.plan.warnings.join('\n')).toMatch(/runs server\.js with node, but it uses Bun\.serve \(server\.js line 1\).*--js-runtime node/);
  });

  it('engines.bun without a Node.js start picks the Bun entry (index.ts); with `node x.js` declared it stays Node.js', () => {
    const bun = plan(project({ engines: { bun: '^1.2' } }, { 'index.ts': 'console.log("hi");\nsetInterval(() => {}, 1000);\n' }));
    expect(argv(bun)).toEqual(['bun', 'index.ts']);
    expect(decision(bun, 'JavaScript runtime')).toMatchObject({ evidence: { source: 'package.json', field: 'engines.bun', value: '^1.2' } });
    expect(bun.args[0]).toMatchObject({ name: 'BUN_VERSION', value: '1.4.5' });
    const node = plan(project({ engines: { bun: '^1.2' }, scripts: { start: 'node server.js' } }, { 'server.js': 'require("http").createServer().listen(3000);\n' }));
    expect(node.image).toBe('node');
    expect(argv(node)).toEqual(['node', 'server.js']);
  });

  it('Elysia (a Bun framework) runs on Bun unless the project uses its Node.js adapter', () => {
    const src = { 'src/index.ts': 'import { Elysia } from "elysia";\nnew Elysia().get("/", () => "hi").listen(3000);\n' };
    const elysia = plan(project({ dependencies: { elysia: '^1.1.0' } }, src));
    expect(argv(elysia)).toEqual(['bun', 'src/index.ts']);
    expect(decision(elysia, 'framework')?.value).toBe('elysia');
    expect(elysia.port).toBe(3000);
    expect(() => plan(project({ dependencies: { elysia: '^1.1.0', '@elysiajs/node': '^1.0.0' } }, src))).toThrow(/Could not find how to start this app/);
  });

  it('a lone server.ts without package.json that uses Bun.serve and bun:sqlite runs on bun, installing nothing', () => {
    const files = { 'server.ts': 'import { Database } from "bun:sqlite";\nconst db = new Database(":memory:");\nBun.serve({ port: 8000, fetch: () => new Response(String(db)) });\n' };
    const result = run(files);
    const p = result.plan as NodePlan;
    expect(argv(p)).toEqual(['bun', 'server.ts']);
    expect(p.image).toBe('oven/bun');
    expect(p.deps).toBeUndefined();
    expect(p.port).toBe(8000);
    expect(result.plan.warnings.join('\n')).not.toMatch(/strips the types|imports the package/);
  });

  it('a project that only installs with Bun stays on Node.js (bun.lock, node start, no Bun APIs)', () => {
    const p = plan(project({ scripts: { start: 'node index.js' }, dependencies: { express: '^5.0.0' } }, { 'index.js': 'require("express")().listen(process.env.PORT || 9000);\n' }));
    expect(p.image).toBe('node');
    expect(p.bun).toBeUndefined();
    expect(decision(p, 'JavaScript runtime')).toBeUndefined();
    expect(decision(p, 'package manager')?.value).toBe('bun (bun.lock)');
    expect(facts(project({ scripts: { start: 'node index.js' } }, { 'index.js': '' })).bun).toBeUndefined();
  });
});

describe('--js-runtime and --bun-version', () => {
  const nodeApp = project({ scripts: { start: 'node server.js' } }, { 'server.js': 'require("http").createServer().listen(process.env.PORT || 4000);\n' });
  const bunApp = project({ scripts: { start: 'bun server.ts' } }, { 'server.ts': 'Bun.serve({ fetch: () => new Response("") });\n' });

  it('--js-runtime bun runs a Node.js app on Bun; --js-runtime node runs a Bun app on Node.js', () => {
    const onBun = plan(nodeApp, { jsRuntime: 'bun' });
    expect(onBun.image).toBe('oven/bun');
    expect(argv(onBun)).toEqual(['bun', 'server.js']);
    expect(decision(onBun, 'JavaScript runtime')).toMatchObject({ evidence: { source: '--js-runtime' } });
    const onNode = plan(bunApp, { jsRuntime: 'node' });
    expect(onNode.image).toBe('node');
    expect(argv(onNode)).toEqual(['node', 'server.ts']);
  });

  it('--cmd names the runtime: bun <file> runs on Bun, node <file> on Node.js; bunx and bun on --js-runtime node are refused', () => {
    const typed = (cmd: string, extra: Partial<GenerateOptions> = {}) => plan(nodeApp, { ...parseGenerateFlags({ cmd }), ...extra });
    const onBun = typed('bun server.js');
    expect(onBun.image).toBe('oven/bun');
    expect(decision(onBun, 'JavaScript runtime')).toMatchObject({ evidence: { source: '--cmd', value: 'bun server.js' } });
    expect(typed('node server.ts', {}).image).toBe('node');
    expect(plan(bunApp, parseGenerateFlags({ cmd: 'node server.ts' })).image).toBe('node');
    expect(() => typed('bun server.js', { jsRuntime: 'node' })).toThrow(/runs bun, but the app runs on Node\.js \(--js-runtime node\)/);
    expect(() => typed('bunx serve')).toThrow(expect.objectContaining({ hint: expect.stringMatching(/node_modules\/\.bin/) }));
  });

  it('flags parse like the others, and are refused where they cannot apply', () => {
    expect(parseGenerateFlags({ jsRuntime: 'bun', bunVersion: ' 1.3 ' })).toEqual({ jsRuntime: 'bun', bunVersion: '1.3' });
    expect(() => parseGenerateFlags({ jsRuntime: 'deno' })).toThrow(/--js-runtime must be one of node, bun/);
    expect(() => plan(nodeApp, { bunVersion: '1.2' })).toThrow(/--bun-version was given, but this app runs on Node\.js/);
    expect(() => run({ 'requirements.txt': 'flask==3.0.0\n', 'app.py': '' }, { jsRuntime: 'bun' })).toThrow(/--js-runtime applies to node projects/);
  });

  it('another manager\'s lockfile is refused for a Bun app (the image has no npm), with the way out', () => {
    const files = { ...bunApp, 'package-lock.json': '{"lockfileVersion":3,"packages":{}}' };
    delete (files as Record<string, string>)['bun.lock'];
    expect(() => plan(files)).toThrow(/lockfile is package-lock\.json/);
    expect(() => plan(files)).toThrow(expect.objectContaining({ hint: expect.stringMatching(/bun install.*--js-runtime node/) }));
  });

  it('zero dependencies: no install stage, and no lockfile warning', () => {
    const files = { 'package.json': JSON.stringify({ name: 'once', module: 'index.ts' }), 'index.ts': 'await Bun.write("/tmp/x", "y");\nsetInterval(() => {}, 1000);\n' };
    const p = plan(files);
    expect(p.deps).toBeUndefined();
    expect(p.warnings.join('\n')).not.toMatch(/lockfile/);
    expect(dockerfile(files)).not.toMatch(/bun install/);
  });
});

describe('Bun versions', () => {
  const app = (pkg: object, extra: Record<string, string> = {}) => project({ scripts: { start: 'bun index.ts' }, ...pkg }, { 'index.ts': '', ...extra });
  const bunArg = (files: Record<string, string>, options: GenerateOptions = {}) => plan(files, options).args.find((a) => a.name === 'BUN_VERSION');

  it('packageManager bun@x > .bun-version > .tool-versions / mise > engines.bun > the newest release', () => {
    expect(bunArg(app({ packageManager: 'bun@1.3.2', engines: { bun: '1.1' } }, { '.bun-version': '1.2' }))).toMatchObject({ value: '1.3.2', comment: expect.stringContaining('packageManager') });
    expect(bunArg(app({ engines: { bun: '1.1' } }, { '.bun-version': '# pinned\n1.2\n' }))).toMatchObject({ value: '1.2.23', comment: expect.stringContaining('.bun-version') });
    expect(bunArg(app({ engines: { bun: '1.1' } }, { '.tool-versions': 'nodejs 22\nbun 1.1.30\n' }))?.value).toBe('1.1.30');
    expect(bunArg(app({}, { 'mise.toml': '[tools]\nbun = "1.0"\n' }))?.value).toBe('1.0.36');
    expect(bunArg(app({ engines: { bun: '>=1.1 <1.3' } }))?.value).toBe('1.2.23');
    expect(bunArg(app({}))).toMatchObject({ value: DEFAULT_BUN_VERSION, comment: expect.stringContaining('newest release') });
    expect(bunArg(app({ packageManager: 'bun@1.3.2' }), { bunVersion: '1.4' })?.value).toBe('1.4.5');
  });

  it('the table: every release from 1.0.0, 1.1.23 never published, the newest last', () => {
    expect(BUN_RELEASES[0]).toBe('1.0.0');
    expect(BUN_RELEASES).not.toContain('1.1.23');
    expect(BUN_RELEASES).toContain('1.1.24');
    expect(BUN_RELEASES.at(-1)).toBe(DEFAULT_BUN_VERSION);
    expect(resolveBunVersion('v1.2.3', 'x')).toEqual({ version: '1.2.3' });
    expect(resolveBunVersion('latest', 'x')).toEqual({ version: DEFAULT_BUN_VERSION });
  });

  it('a release newer than the table is trusted with a note; one never released, or an unsatisfiable range, is refused', () => {
    expect(resolveBunVersion('1.9.0', '.bun-version')).toMatchObject({ version: '1.9.0', note: expect.stringMatching(/newer than dockgen's table/) });
    expect(() => resolveBunVersion('1.1.23', '.bun-version')).toThrow(/\.bun-version asks for Bun 1\.1\.23, which was never released/);
    expect(() => resolveBunVersion('^2.0', 'package.json engines.bun')).toThrow(/no Bun release satisfies/);
    expect(() => plan(app({}), { bunVersion: 'soon' })).toThrow(/--bun-version asks for Bun "soon"/);
  });
});

describe('Bun ports and bundles', () => {
  const served = (source: string) => plan(project({ scripts: { start: 'bun index.ts' } }, { 'index.ts': source }));

  it('Bun.serve port literals, Bun.env.PORT fallbacks, an exported { port, fetch }, else Bun\'s default 3000', () => {
    expect(served('Bun.serve({\n  hostname: "0.0.0.0",\n  port: 8081,\n  fetch() { return new Response(""); },\n});\n').port).toBe(8081);
    expect(served('const port = Number(Bun.env.PORT ?? 5050);\nBun.serve({ port, fetch: () => new Response("") });\n').port).toBe(5050);
    expect(served('import { Hono } from "hono";\nconst app = new Hono();\nexport default {\n  port: 7070,\n  fetch: app.fetch,\n};\n').port).toBe(7070);
    const hono = plan(project({ scripts: { start: 'bun src/index.ts' }, dependencies: { hono: '^4.6.0' } }, { 'src/index.ts': 'import { Hono } from "hono";\nconst app = new Hono();\nexport default app;\n' }));
    expect(hono.port).toBe(3000);
  });

  it('a `bun build` bundle is what runs when no start command is written: built in the build stage', () => {
    const files = project(
      { module: 'src/index.ts', scripts: { build: 'bun build ./src/index.ts --outdir ./dist --target bun' }, dependencies: { hono: '^4.6.0' } },
      { 'src/index.ts': 'Bun.serve({ port: 4000, fetch: () => new Response("") });\n' },
    );
    const p = plan(files);
    expect(argv(p)).toEqual(['bun', 'dist/index.js']);
    expect(p.build?.command.parts.join(' ')).toMatch(/^bun run build && rm -rf node_modules$/);
    expect(decision(p, 'start command')).toMatchObject({ evidence: { source: 'package.json', field: 'scripts.build' } });
    // tsc's output, which Node.js's detection inferred from the TypeScript source, runs on bun.
    const tsc = project({ scripts: { build: 'tsc' }, devDependencies: { typescript: '^5.6.0' } }, { 'src/index.ts': 'Bun.serve({ fetch: () => new Response("") });\n', 'tsconfig.json': '{ "compilerOptions": { "outDir": "dist", "rootDir": "src" } }' });
    expect(argv(plan(tsc))).toEqual(['bun', 'dist/index.js']);
    // --outfile names the bundle itself; a compiled executable is not a script for bun to run.
    const outfile = project({ module: 'app.ts', scripts: { build: 'bun build app.ts --outfile=out/server.js' } }, { 'app.ts': 'Bun.serve({ fetch: () => new Response("") });\n' });
    expect(argv(plan(outfile))).toEqual(['bun', 'out/server.js']);
    const compiled = project({ module: 'app.ts', scripts: { build: 'bun build app.ts --compile --outfile server' } }, { 'app.ts': 'Bun.serve({ fetch: () => new Response("") });\n' });
    expect(argv(plan(compiled))).toEqual(['bun', 'app.ts']);
  });

  it('the Dockerfile: Bun ARG and image, frozen production install with a cache mount before the source, tini, the bun user', () => {
    const text = dockerfile(project({ scripts: { start: 'bun index.ts' }, dependencies: { hono: '^4.6.0' } }, { 'index.ts': 'Bun.serve({ fetch: () => new Response("") });\n' }));
    expect(text).toMatch(/^ARG BUN_VERSION=\d+\.\d+\.\d+$/m);
    expect(text).toMatch(/^FROM oven\/bun:\$\{BUN_VERSION\}-slim AS base$/m);
    expect(text).not.toMatch(/NODE_VERSION|npm install --global/);
    expect(text).toMatch(/--mount=type=cache,target=\/root\/\.bun\/install\/cache,sharing=locked \\\n {4}bun install --frozen-lockfile --production/);
    expect(text.indexOf('COPY package.json bun.lock ./')).toBeLessThan(text.indexOf('bun install'));
    expect(text.indexOf('bun install')).toBeLessThan(text.indexOf('COPY . .'));
    expect(text).toMatch(/Bun ignores SIGTERM as PID 1/);
    expect(text).toMatch(/^USER 1000:1000$/m);
    expect(text).toMatch(/^ENTRYPOINT \["\/usr\/bin\/tini", "--"\]\nCMD \["bun", "index\.ts"\]$/m);
  });

  it('bun.lockb (the binary lockfile) installs frozen the same way', () => {
    const files = { 'package.json': JSON.stringify({ name: 'b', scripts: { start: 'bun index.ts' }, dependencies: { hono: '^4.6.0' } }), 'bun.lockb': '\u0000binary', 'index.ts': '' };
    const text = dockerfile(files);
    expect(text).toMatch(/COPY package\.json bun\.lockb \.\//);
    expect(text).toMatch(/bun install --frozen-lockfile --production/);
  });

  it('--init none makes bun PID 1 in exec form, and says what that costs', () => {
    const p = plan(project({ scripts: { start: 'bun index.ts' } }, { 'index.ts': '' }), { init: 'none' });
    expect(JSON.parse(p.entrypoint)).toEqual(['bun', 'index.ts']);
    expect(p.warnings.join('\n')).toMatch(/--init none: Bun runs as PID 1 without tini/);
  });
});
