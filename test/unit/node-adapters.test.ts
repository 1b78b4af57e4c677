import { describe, expect, it } from 'vitest';
import { generate } from '../../src/core.js';
import { MemoryFs } from '../../src/detect/fs.js';
import { DockgenError } from '../../src/errors.js';
import { parseGenerateFlags, type RawGenerateFlags } from '../../src/options.js';

const json = (data: object) => JSON.stringify(data);

function dockerfile(files: Record<string, string>, flags: RawGenerateFlags = {}): string {
  return generate(new MemoryFs(files), '/tmp/app', parseGenerateFlags(flags)).files.find((f) => f.path === 'Dockerfile')!.content;
}

function refusal(files: Record<string, string>): DockgenError {
  try {
    dockerfile(files);
  } catch (error) {
    if (error instanceof DockgenError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

const sveltekit = (adapter: string) => ({
  'package.json': json({ scripts: { build: 'vite build' }, devDependencies: { '@sveltejs/kit': '2.0.0', [adapter]: '1.0.0', vite: '6.0.0' } }),
  'svelte.config.js': `import adapter from '${adapter}';\nexport default { kit: { adapter: adapter() } };\n`,
});

describe('frameworks whose adapter decides the output', () => {
  it('refuses SvelteKit with adapter-auto, naming adapter-node and the config change (it was taken for a Vite site)', () => {
    const error = refusal(sveltekit('@sveltejs/adapter-auto'));
    expect(error.message).toMatch(/SvelteKit with @sveltejs\/adapter-auto \(svelte\.config\.js import = "@sveltejs\/adapter-auto"\), which picks an adapter only on the platforms/);
    expect(error.hint).toMatch(/Add @sveltejs\/adapter-node to devDependencies and use it in svelte\.config\.js/);
  });

  it('refuses SvelteKit with another platform\'s adapter', () => {
    expect(refusal(sveltekit('@sveltejs/adapter-vercel')).message).toMatch(/adapter-vercel.*builds for that platform/);
  });

  it('keeps SvelteKit with adapter-node a Node.js image, and adapter-static a static site', () => {
    expect(dockerfile(sveltekit('@sveltejs/adapter-node'))).toContain('CMD ["node", "build"]');
    expect(dockerfile(sveltekit('@sveltejs/adapter-static'))).toContain('nginx');
  });

  it('refuses Astro that renders on demand without an adapter, naming @astrojs/node and astro add', () => {
    const error = refusal({
      'package.json': json({ scripts: { build: 'astro build' }, dependencies: { astro: '4.0.0' } }),
      'astro.config.mjs': "import { defineConfig } from 'astro/config';\nexport default defineConfig({ output: 'server' });\n",
    });
    expect(error.message).toMatch(/Astro with output: 'server' and no adapter .*NoAdapterInstalled/);
    expect(error.hint).toMatch(/@astrojs\/node.*npx astro add node/);
  });

  it('refuses Astro built for Vercel, and leaves a static Astro site to nginx', () => {
    const vercel = refusal({
      'package.json': json({ scripts: { build: 'astro build' }, dependencies: { astro: '4.0.0', '@astrojs/vercel': '7.0.0' } }),
      'astro.config.mjs': "import vercel from '@astrojs/vercel/serverless';\nexport default { output: 'server', adapter: vercel() };\n",
    });
    expect(vercel.message).toMatch(/Astro with @astrojs\/vercel\/serverless/);
    const plain = { 'package.json': json({ scripts: { build: 'astro build' }, dependencies: { astro: '4.0.0' } }), 'astro.config.mjs': 'export default {};\n' };
    expect(dockerfile(plain)).toContain('nginx');
  });

  it('refuses Nuxt with another platform\'s Nitro preset, and builds one with node-server', () => {
    const files = (preset: string) => ({
      'package.json': json({ scripts: { build: 'nuxt build' }, devDependencies: { nuxt: '3.8.2' } }),
      'nuxt.config.ts': `export default defineNuxtConfig({ nitro: { preset: '${preset}' } });\n`,
    });
    const error = refusal(files('vercel'));
    expect(error.message).toMatch(/Nuxt with nitro\.preset 'vercel' \(nuxt\.config\.ts nitro\.preset = "vercel"\)/);
    expect(error.hint).toMatch(/Remove nitro\.preset from nuxt\.config\.ts/);
    expect(dockerfile(files('node-server'))).toContain('CMD ["node", ".output/server/index.mjs"]');
  });

  it('refuses Remix with a Vite preset or a non-Node runtime', () => {
    const preset = refusal({
      'package.json': json({ scripts: { build: 'remix vite:build' }, dependencies: { '@remix-run/node': '2.0.0', '@vercel/remix': '2.0.0' }, devDependencies: { '@remix-run/dev': '2.0.0' } }),
      'vite.config.ts': "import { vercelPreset } from '@vercel/remix/vite';\nexport default { plugins: [remix({ presets: [vercelPreset()] })] };\n",
    });
    expect(preset.message).toMatch(/Remix with vercelPreset\(\) \(vite\.config\.ts presets/);
    const cloudflare = refusal({ 'package.json': json({ scripts: { build: 'remix vite:build' }, dependencies: { '@remix-run/cloudflare': '2.0.0' }, devDependencies: { '@remix-run/dev': '2.0.0' } }) });
    expect(cloudflare.message).toMatch(/Remix with @remix-run\/cloudflare/);
  });

  it('a --cmd says the project runs a server of its own: no refusal', () => {
    expect(dockerfile({ ...sveltekit('@sveltejs/adapter-auto'), 'server.js': '' }, { cmd: 'node server.js' })).toContain('CMD ["node", "server.js"]');
  });
});
