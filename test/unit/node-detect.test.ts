import { describe, expect, it } from 'vitest';
import { MemoryFs } from '../../src/detect/fs.js';
import { detectNode } from '../../src/detect/node/index.js';

const project = (pkg: object, files: Record<string, string> = {}) =>
  detectNode(new MemoryFs({ 'package.json': JSON.stringify(pkg), ...files }));

describe('start command', () => {
  it('uses scripts.start when it is node <file>, keeping node flags and moving env assignments to ENV', () => {
    const facts = project({ scripts: { start: 'NODE_ENV=production TZ=UTC node --enable-source-maps dist/main.js --verbose' } }, { 'dist/main.js': '' });
    expect(facts.start?.value).toEqual({
      argv: ['node', '--enable-source-maps', 'dist/main.js', '--verbose'],
      env: [['NODE_ENV', 'production'], ['TZ', 'UTC']],
    });
    expect(facts.start?.evidence).toMatchObject({ source: 'package.json', field: 'scripts.start' });
  });

  it('follows npm run / yarn / pnpm indirection and cross-env', () => {
    expect(project({ scripts: { start: 'npm run serve', serve: 'node server.js' } }, { 'server.js': '' }).start?.value.argv).toEqual(['node', 'server.js']);
    expect(project({ scripts: { start: 'yarn prod', prod: 'cross-env PORT=4000 node app.js' } }, { 'app.js': '' }).start?.value).toEqual({
      argv: ['node', 'app.js'],
      env: [['PORT', '4000']],
    });
  });

  it('never keeps a shell: operators, variables and globs send it elsewhere, with a warning', () => {
    const facts = project({ scripts: { start: 'node migrate.js && node server.js' } }, { 'server.js': '' });
    expect(facts.start?.value.argv).toEqual(['node', 'server.js']);
    expect(facts.start?.evidence.source).toBe('server.js');
    expect(facts.warnings.join()).toMatch(/uses shell features/);
    expect(project({ scripts: { start: 'node $ENTRY' } }).start).toBeUndefined();
  });

  it('passes over development runners for the production entry', () => {
    const facts = project({ main: 'index.js', scripts: { start: 'nodemon index.js' } }, { 'index.js': '' });
    expect(facts.start?.value.argv).toEqual(['node', 'index.js']);
    expect(facts.warnings.join()).toMatch(/nodemon, a development tool/);
  });

  it('runs known server binaries of production dependencies directly, without a package manager', () => {
    const facts = project({ scripts: { start: 'remix-serve ./build/server/index.js' }, dependencies: { '@remix-run/serve': '2', '@remix-run/node': '2' } });
    expect(facts.start?.value.argv).toEqual(['node_modules/.bin/remix-serve', './build/server/index.js']);
  });

  it('falls back to main, conventional files, then the compiled TypeScript entry', () => {
    expect(project({ main: 'lib/server.js' }, { 'lib/server.js': '' }).start?.value.argv).toEqual(['node', 'lib/server.js']);
    expect(project({}, { 'src/app.js': '' }).start?.value.argv).toEqual(['node', 'src/app.js']);
    const ts = project({ scripts: { build: 'tsc' } }, { 'tsconfig.json': '{ "compilerOptions": { "outDir": "./build", /* c */ }, }', 'src/index.ts': '' });
    expect(ts.start?.value.argv).toEqual(['node', 'build/index.js']);
  });

  it('warns when the start command preloads a package that only devDependencies provide', () => {
    const facts = project({ scripts: { start: 'node --import tsx src/main.ts' }, devDependencies: { tsx: '4' } }, { 'src/main.ts': '' });
    expect(facts.start?.value.argv).toEqual(['node', '--import', 'tsx', 'src/main.ts']);
    expect(facts.warnings.join()).toMatch(/preloads tsx, which is not in "dependencies"/);
    const fine = project({ scripts: { start: 'node -r dotenv/config -r ./tracing.js server.js' }, dependencies: { dotenv: '16' } }, { 'server.js': '' });
    expect(fine.warnings).toEqual([]);
    const scoped = project({ scripts: { start: 'node -r @swc-node/register src/index.ts' }, devDependencies: { '@swc-node/register': '1' } }, { 'src/index.ts': '' });
    expect(scoped.warnings.join()).toMatch(/preloads @swc-node\/register/);
  });

  it('finds nothing rather than guessing', () => {
    expect(project({ scripts: { test: 'vitest' } }).start).toBeUndefined();
  });

  it('lets a self-contained build decide the entry over `next start`', () => {
    const facts = project(
      { scripts: { build: 'next build', start: 'next start' }, dependencies: { next: '15' } },
      { 'next.config.js': "module.exports = { output: 'standalone' }" },
    );
    expect(facts.start?.value.argv).toEqual(['node', 'server.js']);
  });
});

describe('framework', () => {
  it.each([
    [{ next: '15' }, { 'pages/index.js': '' }, 'next'],
    [{ next: '15' }, { 'app/page.tsx': '' }, 'next'],
    // next in the dependencies, but no Next.js app here (no config, no app/ or pages/): a plain Node.js project.
    [{ next: '15' }, { 'server.js': '' }, 'node'],
    [{ nuxt: '3' }, {}, 'nuxt'],
    [{ '@nestjs/core': '11', express: '4' }, {}, 'nest'],
    [{ '@react-router/serve': '7' }, {}, 'react-router'],
    [{ '@remix-run/node': '2' }, {}, 'remix'],
    [{ astro: '5', '@astrojs/node': '9' }, {}, 'astro-node'],
    [{ '@sveltejs/kit': '2', '@sveltejs/adapter-node': '5' }, {}, 'sveltekit-node'],
    [{ fastify: '5' }, {}, 'fastify'],
    [{ koa: '2' }, {}, 'koa'],
    [{ '@hono/node-server': '1' }, {}, 'hono'],
    [{}, {}, 'node'],
  ])('%o → %s', (deps, files, id) => {
    expect(project({ dependencies: deps }, files).framework.value.id).toBe(id);
  });

  it.each([
    [{ vite: '6', react: '19' }, {}, 'vite'],
    [{ 'react-scripts': '5' }, {}, 'create-react-app'],
    [{ '@angular/core': '19' }, {}, 'angular'],
    [{ astro: '5' }, {}, 'astro-static'],
    [{ gatsby: '5' }, {}, 'gatsby'],
    [{ '@docusaurus/core': '3' }, {}, 'docusaurus'],
    [{ '@11ty/eleventy': '3' }, {}, 'eleventy'],
    [{ '@sveltejs/kit': '2', '@sveltejs/adapter-static': '3' }, {}, 'sveltekit-static'],
    [{ next: '15' }, { 'next.config.mjs': "export default { output: 'export' }" }, 'next-export'],
  ])('%o only builds static files (%s)', (deps, files, id) => {
    expect(project({ devDependencies: deps }, files).staticOnly?.value).toBe(id);
  });

  it('keeps a server that also builds a client with Vite as a Node.js server', () => {
    const facts = project({ scripts: { build: 'vite build', start: 'node server.js' }, dependencies: { express: '4' }, devDependencies: { vite: '6' } }, { 'server.js': '' });
    expect(facts.staticOnly).toBeUndefined();
    expect(facts.framework.value.id).toBe('express');
    const plain = project({ scripts: { start: 'node server.mjs' }, devDependencies: { vite: '6' } }, { 'server.mjs': '' });
    expect(plain.staticOnly).toBeUndefined();
  });

  it('does not treat Angular with SSR as static', () => {
    expect(project({ dependencies: { '@angular/core': '19', '@angular/ssr': '19' } }).staticOnly).toBeUndefined();
  });
});

describe('port in the entry file', () => {
  it.each([
    ['const port = process.env.PORT || 8080;', 8080],
    ["app.listen(process.env.PORT ?? '5050')", 5050],
    ['const port = Number(process.env.PORT) || 4000', 4000],
    ["const port = parseInt(process.env['PORT']) || 7070", 7070],
    ['server.listen(9090, () => {})', 9090],
  ])('%s → %d', (line, port) => {
    const facts = project({ scripts: { start: 'node server.js' } }, { 'server.js': `// server\n${line}\n` });
    expect(facts.entryPort).toMatchObject({ value: port, evidence: { source: 'server.js', field: 'line 2' } });
  });

  it('reads the TypeScript source of a compiled entry, past node options', () => {
    const facts = project(
      { scripts: { build: 'tsc', start: 'node -r dotenv/config dist/index.js' } },
      { 'src/index.ts': 'const port = process.env.PORT || 6060;' },
    );
    expect(facts.entryPort?.value).toBe(6060);
    expect(facts.entryPort?.evidence.source).toBe('src/index.ts');
  });
});

describe('install configuration', () => {
  it('copies .npmrc with the manifests, unless it holds credentials (then it is ignored, with a warning)', () => {
    expect(project({}, { '.npmrc': 'legacy-peer-deps=true\n' }).installConfigFiles).toEqual(['.npmrc']);
    const secret = project({}, { '.npmrc': '//registry.npmjs.org/:_authToken=npm_abc\n' });
    expect(secret.installConfigFiles).toEqual([]);
    expect(secret.npmrcHasCredentials).toBe(true);
    expect(secret.warnings.join()).toMatch(/credentials.*--mount=type=secret/);
  });

  it('brings Yarn berry releases and plugins along', () => {
    const facts = project({}, { '.yarnrc.yml': 'yarnPath: .yarn/releases/yarn-4.5.0.cjs\n', '.yarn/releases/yarn-4.5.0.cjs': '' });
    expect(facts.installConfigFiles).toEqual(['.yarnrc.yml', '.yarn/releases']);
  });
});

describe('plan hints', () => {
  it('suggests standalone output for a Next.js app served by next start', async () => {
    const { generate } = await import('../../src/core.js');
    const fs = new MemoryFs({
      'package.json': JSON.stringify({ scripts: { build: 'next build', start: 'next start' }, dependencies: { next: '15' } }),
      'package-lock.json': '{}',
      'app/page.tsx': '',
    });
    const { plan } = generate(fs, '/tmp/web', {});
    expect(plan.warnings.join()).toMatch(/output: 'standalone'/);
    const standalone = new MemoryFs({
      'package.json': JSON.stringify({ scripts: { build: 'next build' }, dependencies: { next: '15' } }),
      'next.config.js': "module.exports = { output: 'standalone' }",
    });
    expect(generate(standalone, '/tmp/web', {}).plan.warnings.join()).not.toMatch(/output: 'standalone'/);
  });
});
