import { describe, expect, it } from 'vitest';
import { generate } from '../../src/core.js';
import { MemoryFs } from '../../src/detect/fs.js';
import { detectNode } from '../../src/detect/node/index.js';
import { parseGenerateFlags, type RawGenerateFlags } from '../../src/options.js';
import type { NodePlan } from '../../src/plan/types.js';
import { thrown } from '../helpers/errors.js';

const json = (data: object) => JSON.stringify(data);

function node(files: Record<string, string>, flags: RawGenerateFlags = {}) {
  const generation = generate(new MemoryFs(files), '/tmp/app', parseGenerateFlags(flags));
  return { plan: generation.plan as NodePlan, dockerfile: generation.files.find((f) => f.path === 'Dockerfile')!.content };
}

describe('a framework that needs a build, without a build script', () => {
  it('runs next build from node_modules/.bin and says so (Nx and Turborepo infer the build)', () => {
    const { plan, dockerfile } = node({ 'package.json': json({ dependencies: { next: '15.1.6', react: '19.0.0' } }), 'nx.json': '{}', 'app/page.js': '' });
    expect(dockerfile).toContain('RUN node_modules/.bin/next build');
    expect(dockerfile).toContain('CMD ["node_modules/.bin/next", "start"]');
    expect(plan.warnings.join('\n')).toMatch(/no "build" script, but Next\.js serves only what its build writes: dockgen runs `next build`.*dependencies\.next/);
    expect(plan.decisions.find((d) => d.topic === 'build')?.value).toBe('node_modules/.bin/next build');
  });

  it('refuses an Nx workspace root whose Next.js app lives in apps/<name>: next build there would build nothing', () => {
    const error = thrown(() => node({ 'package.json': json({ dependencies: { next: '15.1.6' } }), 'nx.json': '{}', 'apps/web/app/page.js': '', 'apps/web/project.json': '{}' }));
    expect(error.message).toMatch(/this folder has none of app\/, pages\/, src\/app\/, src\/pages\/ for `next build` to build/);
    expect(error.hint).toMatch(/nx build <app>/);
  });

  it('keeps the build script when there is one', () => {
    const { dockerfile } = node({ 'package.json': json({ scripts: { build: 'next build' }, dependencies: { next: '15.1.6' } }), 'pages/index.js': '' });
    expect(dockerfile).toContain('RUN npm run build');
    expect(dockerfile).not.toContain('.bin/next build');
  });

  it('builds NestJS with nest build when it starts from dist/, and not when it starts from its sources', () => {
    const built = node({ 'package.json': json({ dependencies: { '@nestjs/core': '10.0.0' }, devDependencies: { '@nestjs/cli': '10.0.0' } }) });
    expect(built.dockerfile).toContain('RUN node_modules/.bin/nest build');
    const plain = node({ 'package.json': json({ scripts: { start: 'node src/main.js' }, dependencies: { '@nestjs/core': '10.0.0' } }), 'src/main.js': 'app.listen(3000)' });
    expect(plain.dockerfile).not.toContain('AS build');
  });

  it('picks remix vite:build for Remix on Vite and remix build for the classic compiler', () => {
    const deps = { '@remix-run/serve': '2.0.0', '@remix-run/node': '2.0.0' };
    const vite = node({
      'package.json': json({ dependencies: deps, devDependencies: { '@remix-run/dev': '2.0.0', vite: '5.0.0' } }),
      'vite.config.ts': 'import { vitePlugin as remix } from "@remix-run/dev";',
    });
    expect(vite.dockerfile).toContain('RUN node_modules/.bin/remix vite:build');
    const classic = node({ 'package.json': json({ dependencies: deps, devDependencies: { '@remix-run/dev': '1.19.0' } }) });
    expect(classic.dockerfile).toContain('RUN node_modules/.bin/remix build');
  });

  it('refuses, naming the package to add, when no dependency provides the build command', () => {
    const error = thrown(() => node({ 'package.json': json({ dependencies: { '@nestjs/core': '10.0.0' } }) }));
    expect(error.message).toMatch(/NestJS serves only what its build writes, but package\.json has no "build" script and no dependency provides `nest build` \(from @nestjs\/cli\)/);
    expect(error.hint).toMatch(/Add @nestjs\/cli to devDependencies/);
  });

  it('refuses Nuxt without a build script only when nuxt itself is missing from the dependencies', () => {
    const { dockerfile } = node({ 'package.json': json({ devDependencies: { nuxt: '3.8.2' } }) });
    expect(dockerfile).toContain('RUN node_modules/.bin/nuxt build');
  });

  it('a --cmd replaces the framework start: then no build is required', () => {
    const { dockerfile } = node({ 'package.json': json({ dependencies: { '@nestjs/core': '10.0.0' } }), 'src/main.js': '' }, { cmd: 'node src/main.js' });
    expect(dockerfile).toContain('CMD ["node", "src/main.js"]');
  });

  it('records the framework build among the facts only when the build script is missing', () => {
    const facts = detectNode(new MemoryFs({ 'package.json': json({ devDependencies: { astro: '4.0.0', '@astrojs/node': '8.0.0' } }) }));
    expect(facts.frameworkBuild?.value).toEqual({ argv: ['astro', 'build'], package: 'astro', available: true });
    const scripted = detectNode(new MemoryFs({ 'package.json': json({ scripts: { build: 'astro build' }, devDependencies: { astro: '4.0.0', '@astrojs/node': '8.0.0' } }) }));
    expect(scripted.frameworkBuild).toBeUndefined();
  });
});

describe('Nitro output (.output) carries its own node_modules', () => {
  it('ships only .output for a Vinxi app (SolidStart, TanStack Start), built with vinxi build', () => {
    const { dockerfile } = node({ 'package.json': json({ scripts: { dev: 'vinxi dev', start: 'vinxi start' }, dependencies: { '@solidjs/start': '1.0.0', vinxi: '0.4.0' } }) });
    expect(dockerfile).toContain('RUN node_modules/.bin/vinxi build');
    expect(dockerfile).toContain('COPY --from=build /app/.output ./.output');
    expect(dockerfile).not.toContain('AS deps');
    expect(dockerfile).toContain('CMD ["node", ".output/server/index.mjs"]');
  });

  it('takes a start script that runs .output/server/index.mjs as a Nitro build, whatever the framework', () => {
    const { dockerfile, plan } = node({
      'package.json': json({ scripts: { build: 'vite build', start: 'node .output/server/index.mjs' }, dependencies: { '@tanstack/react-start': '1.120.0', react: '19.0.0' } }),
    });
    expect(dockerfile).toContain('COPY --from=build /app/.output ./.output');
    expect(dockerfile).not.toContain('COPY --from=deps');
    expect(plan.decisions.find((d) => d.topic === 'framework')?.value).toBe('nitro');
  });
});

describe('a workspace package whose framework needs a build, without a build script', () => {
  it('is refused with the script to add: in a monorepo only build scripts run', () => {
    const files = {
      'package.json': json({ name: 'mono', private: true, workspaces: ['apps/*'] }),
      'package-lock.json': '{}',
      'apps/web/package.json': json({ name: '@m/web', dependencies: { next: '15.1.6' } }),
      'apps/web/app/page.js': '',
    };
    const error = thrown(() => node(files, { workspace: 'apps/web' }));
    expect(error.message).toMatch(/the workspace package's apps\/web\/package\.json has no "build" script/);
    expect(error.hint).toBe('Add "build": "next build" to the scripts of apps/web/package.json (what Nx and Turborepo would run for it).');
  });
});
