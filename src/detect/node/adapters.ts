import { fact, type Fact } from '../evidence.js';
import { type ProjectFs, readFirst } from '../fs.js';
import { readConfigValue } from '../static/js-config.js';
import { hasDependency, type PackageJson } from './package-json.js';

/**
 * A framework whose adapter (or preset) decides what its build writes, set for another platform
 * than a Node.js server: the build would write no server the image can run (SvelteKit's
 * adapter-auto writes nothing outside Vercel/Netlify/Cloudflare…, Astro's `output: 'server'`
 * without an adapter stops the build, a Vercel preset writes functions). dockgen does not
 * rewrite the project's config or install an adapter behind the lockfile's back: it says what
 * to change.
 */
export interface AdapterProblem {
  /** What the project uses, said the way its config says it. */
  uses: string;
  /** What that builds, and why the image cannot run it. */
  why: string;
  /** The change that gives a Node.js server: the package to add and the config line. */
  fix: string;
}

const SVELTE_CONFIGS = ['svelte.config.js', 'svelte.config.mjs', 'svelte.config.ts', 'svelte.config.cjs'];
const ASTRO_CONFIGS = ['astro.config.mjs', 'astro.config.ts', 'astro.config.js', 'astro.config.mts', 'astro.config.cjs'];
const NUXT_CONFIGS = ['nuxt.config.ts', 'nuxt.config.js', 'nuxt.config.mjs'];
const REMIX_CONFIGS = ['vite.config.ts', 'vite.config.js', 'vite.config.mts', 'vite.config.mjs', 'remix.config.js', 'remix.config.mjs', 'remix.config.cjs'];

/** Nitro presets that write .output/server/index.mjs, a server node runs. */
const NODE_PRESETS = new Set(['node-server', 'node', 'node-cluster', 'node_server', 'node_cluster']);

/**
 * SvelteKit without @sveltejs/adapter-node or adapter-static: adapter-auto (the default of
 * `npx sv create`) or a platform's adapter. adapter-auto can install adapter-node on Google Cloud
 * Run (it looks for GCP_BUILDPACKS), but only in recent releases and by installing a package
 * outside the lockfile at build time, so dockgen asks for the adapter instead.
 */
export function svelteKitAdapter(fs: ProjectFs, pkg: PackageJson): Fact<AdapterProblem> {
  const config = readFirst(fs, SVELTE_CONFIGS);
  const imported = config && /from\s+['"](@sveltejs\/adapter-[\w-]+|svelte-adapter-[\w-]+|svelte-kit-[\w-]+)['"]/.exec(config.text)?.[1];
  const adapter = imported ?? Object.keys({ ...pkg.dependencies, ...pkg.devDependencies }).find((name) => /^@sveltejs\/adapter-/.test(name)) ?? 'no adapter';
  const why = adapter === '@sveltejs/adapter-auto'
    ? 'which picks an adapter only on the platforms it recognises (Vercel, Netlify, Cloudflare…) and in a container build writes no server'
    : adapter === 'no adapter'
      ? 'so `vite build` writes no server'
      : 'which builds for that platform, not a Node.js server';
  const problem: AdapterProblem = {
    uses: `SvelteKit with ${adapter}`,
    why,
    fix: "Add @sveltejs/adapter-node to devDependencies and use it in svelte.config.js (import adapter from '@sveltejs/adapter-node'); " +
      'dockgen then runs `node build`. For a site without server code, @sveltejs/adapter-static gives an nginx image instead.',
  };
  return config ? fact(problem, config.file, 'import', adapter) : fact(problem, 'package.json', 'devDependencies', adapter);
}

/**
 * Astro without @astrojs/node that renders on demand (`output: 'server'`, or 'hybrid' in Astro
 * 4): the build stops without an adapter ("NoAdapterInstalled"), or writes another platform's
 * functions. A static Astro site (the default) is the static stack's.
 */
export function astroAdapter(fs: ProjectFs, pkg: PackageJson): Fact<AdapterProblem> | undefined {
  const config = readFirst(fs, ASTRO_CONFIGS);
  if (!config) return undefined;
  const output = readConfigValue(config.text, ['output']);
  const other = /from\s+['"](@astrojs\/(?:vercel|netlify|cloudflare|deno)[\w/-]*)['"]/.exec(config.text)?.[1];
  const onDemand = output?.kind === 'literal' && (output.value === 'server' || output.value === 'hybrid');
  if (!onDemand && !other) return undefined;
  void pkg;
  return fact(
    {
      uses: other ? `Astro with ${other}` : `Astro with output: '${(output as { value: string }).value}' and no adapter`,
      why: other ? 'which builds functions for that platform, not a Node.js server' : 'so `astro build` stops ("NoAdapterInstalled")',
      fix: "Add @astrojs/node to dependencies and set adapter: node({ mode: 'standalone' }) in " + `${config.file} (\`npx astro add node\` does both); ` +
        'dockgen then runs ./dist/server/entry.mjs.',
    },
    config.file,
    other ? 'import' : 'output',
    other ?? (output as { value: string }).value,
  );
}

/** Nuxt whose nuxt.config sets a Nitro preset for another platform (vercel, netlify, static…). */
export function nuxtPreset(fs: ProjectFs): Fact<AdapterProblem> | undefined {
  const config = readFirst(fs, NUXT_CONFIGS);
  const preset = config && readConfigValue(config.text, ['nitro', 'preset']);
  if (!config || preset?.kind !== 'literal' || NODE_PRESETS.has(preset.value)) return undefined;
  return fact(
    {
      uses: `Nuxt with nitro.preset '${preset.value}'`,
      why: 'which writes that platform\'s output, not the .output/server/index.mjs server node runs',
      fix: `Remove nitro.preset from ${config.file} (Nitro then builds its Node.js server, node-server), or write it as ` +
        `preset: process.env.NITRO_PRESET ?? '${preset.value}' so that the platform's build keeps its preset and the image's gets the default.`,
    },
    config.file,
    'nitro.preset',
    preset.value,
  );
}

/**
 * Remix built for another platform: a Vite preset (`presets: [vercelPreset()]`), Remix 1's
 * serverBuildTarget, or a runtime adapter other than @remix-run/node.
 */
export function remixTarget(fs: ProjectFs, pkg: PackageJson): Fact<AdapterProblem> | undefined {
  for (const file of REMIX_CONFIGS) {
    const text = fs.tryReadText(file);
    if (text === undefined) continue;
    const preset = /\b(vercelPreset|netlifyPreset|cloudflareDevProxyVitePlugin|remixCloudflareDevProxy)\s*\(/.exec(text)?.[1];
    const target = readConfigValue(text, ['serverBuildTarget']);
    const value = preset ?? (target?.kind === 'literal' && target.value !== 'node-cjs' ? target.value : undefined);
    if (value === undefined) continue;
    return fact(
      {
        uses: preset ? `Remix with ${preset}()` : `Remix with serverBuildTarget '${value}'`,
        why: 'which builds for that platform, not the Node.js server remix-serve runs',
        fix: `Remove it from ${file} (Remix then builds build/server/index.js for @remix-run/serve).`,
      },
      file,
      preset ? 'presets' : 'serverBuildTarget',
      value,
    );
  }
  if (!hasDependency(pkg, '@remix-run/node') && !hasDependency(pkg, '@remix-run/serve')) {
    const runtime = ['@remix-run/cloudflare', '@remix-run/deno', '@vercel/remix', '@netlify/remix-adapter'].find((name) => hasDependency(pkg, name));
    if (runtime) {
      return fact(
        { uses: `Remix with ${runtime}`, why: 'which runs on that platform, not Node.js', fix: 'Add @remix-run/node and @remix-run/serve to dependencies and import from @remix-run/node.' },
        'package.json',
        'dependencies',
        runtime,
      );
    }
  }
  return undefined;
}
