import { fact, type Fact } from '../evidence.js';
import type { ProjectFs } from '../fs.js';
import type { PackageBin } from './bins.js';
import type { FrameworkFacts, FrameworkId } from './framework.js';
import { hasDependency, type PackageJson } from './package-json.js';

/**
 * The build command of frameworks whose server runs only from a build's output: `next start`
 * without `.next`, `node .output/server/index.mjs` without `nuxt build`, `node dist/main.js`
 * without `nest build` all die at start. Monorepo tools (Nx, Turborepo) infer this build from the
 * framework, so their apps often have no "build" script: the image runs the framework's own.
 * Each entry is the command (a binary in node_modules/.bin) and its arguments.
 */
const FRAMEWORK_BUILDS: Partial<Record<FrameworkId, string[]>> = {
  next: ['next', 'build'],
  nuxt: ['nuxt', 'build'],
  nest: ['nest', 'build'],
  'astro-node': ['astro', 'build'],
  'sveltekit-node': ['vite', 'build'],
  'react-router': ['react-router', 'build'],
};

const VITE_CONFIGS = ['vite.config.ts', 'vite.config.js', 'vite.config.mts', 'vite.config.mjs'];

/** A framework's build command: a binary in node_modules/.bin and its arguments. */
export interface FrameworkBuild {
  argv: string[];
  /** The package that provides the binary. */
  package: string;
  /** False when no dependency provides it (the build stage could not run it either), or the
   *  framework's app folders are not here. */
  available: boolean;
  /** The framework's app folders, none of which this package has (an Nx workspace's root). */
  appElsewhere?: string[];
}

/** Folders a framework's app has at its root; without one, its build has nothing to build. */
const APP_FOLDERS: Partial<Record<FrameworkId, string[]>> = {
  next: ['app', 'pages', 'src/app', 'src/pages'],
};

/**
 * The framework's build for a package without a "build" script; `undefined` when the framework
 * has no build command of its own (or the package has a build script).
 */
export function detectFrameworkBuild(
  fs: ProjectFs,
  pkg: PackageJson,
  framework: FrameworkFacts,
  bins: Record<string, PackageBin>,
): Fact<FrameworkBuild> | undefined {
  if (pkg.scripts['build'] !== undefined) return undefined;
  const argv = frameworkBuildArgv(fs, pkg, framework);
  if (!argv) return undefined;
  const owner = BUILD_COMMAND_PACKAGES[argv[0]!]!;
  // An Nx workspace keeps its apps in apps/<name> with the dependencies at the root: the
  // framework's build at the root would find no app to build there.
  const here = APP_FOLDERS[framework.id];
  if (here && !here.some((dir) => fs.isDirectory(dir))) {
    return fact({ argv, package: owner, available: false, appElsewhere: here }, 'framework', undefined, `no ${here.join('/, ')}/ here`);
  }
  const available = bins[argv[0]!]?.package === owner;
  const value: FrameworkBuild = { argv, package: owner, available };
  if (!available) return fact(value, 'framework', undefined, `${argv.join(' ')} (no dependency provides ${argv[0]})`);
  const field = owner in pkg.dependencies ? 'dependencies' : owner in pkg.devDependencies ? 'devDependencies' : 'optionalDependencies';
  return fact(value, 'package.json', `${field}.${owner}`, pkg[field][owner]);
}

/** The build command a framework's own docs give, before checking that a dependency provides it. */
function frameworkBuildArgv(fs: ProjectFs, pkg: PackageJson, framework: FrameworkFacts): string[] | undefined {
  if (framework.id === 'remix') {
    // Remix 2 on Vite builds with `remix vite:build`; the classic compiler with `remix build`.
    const vite = hasDependency(pkg, 'vite') && VITE_CONFIGS.some((file) => /@remix-run\/dev/.test(fs.tryReadText(file) ?? ''));
    return ['remix', vite ? 'vite:build' : 'build'];
  }
  if (framework.id === 'nitro') return framework.nitroBuild;
  return FRAMEWORK_BUILDS[framework.id];
}

/** The package that provides each framework build command (named in the refusal when it is missing). */
const BUILD_COMMAND_PACKAGES: Readonly<Record<string, string>> = {
  next: 'next',
  nuxt: 'nuxt',
  nest: '@nestjs/cli',
  astro: 'astro',
  vite: 'vite',
  'react-router': '@react-router/dev',
  remix: '@remix-run/dev',
  vinxi: 'vinxi',
  nitropack: 'nitropack',
  nitro: 'nitro',
};

/** Frameworks that always serve from a build's output. */
const ALWAYS_BUILT = new Set<FrameworkId>(['next', 'nuxt', 'nitro', 'astro-node', 'sveltekit-node', 'remix', 'react-router']);

/**
 * Whether the app cannot start without a build: the frameworks above, and NestJS when it starts
 * from its compiled dist/ (a NestJS app in plain JavaScript started from its sources needs none).
 */
export function requiresBuild(framework: FrameworkFacts, entry: string | undefined): boolean {
  if (ALWAYS_BUILT.has(framework.id)) return true;
  return framework.id === 'nest' && entry !== undefined && /^(\.\/)?dist\//.test(entry);
}

/** "Next.js", "NestJS"…: the framework's name for messages. */
export function frameworkLabel(framework: FrameworkFacts): string {
  const labels: Partial<Record<FrameworkId, string>> = {
    next: framework.nextStandalone ? 'Next.js standalone output' : 'Next.js',
    nuxt: 'Nuxt',
    nitro: 'Nitro (.output)',
    nest: 'NestJS',
    'astro-node': 'Astro',
    'sveltekit-node': 'SvelteKit',
    remix: 'Remix',
    'react-router': 'React Router',
  };
  return labels[framework.id] ?? framework.id;
}
