import type { ProjectFs } from '../fs.js';
import type { PackageJson } from './package-json.js';

/** A command that a dependency installs into node_modules/.bin. */
export interface PackageBin {
  package: string;
  /** In `dependencies`/`optionalDependencies`: the production install keeps it. */
  production: boolean;
}

/** Commands whose package has another name (`fastify` comes from fastify-cli). A package whose
 *  command shares its name (tsx, nodemon, next) needs no entry. */
const KNOWN_BINS: Readonly<Record<string, string>> = {
  fastify: 'fastify-cli',
  'remix-serve': '@remix-run/serve',
  'react-router-serve': '@react-router/serve',
  'react-router': '@react-router/dev',
  remix: '@remix-run/dev',
  nest: '@nestjs/cli',
  nuxi: 'nuxt',
  'pm2-runtime': 'pm2',
  sirv: 'sirv-cli',
  tsc: 'typescript',
  'ts-node-dev': 'ts-node-dev',
  'babel-node': '@babel/node',
};

/**
 * The commands the project's dependencies provide, by command name: from the installed package's
 * own `bin` field when node_modules is there, else from the table above or the package's name.
 */
export function dependencyBins(fs: ProjectFs, pkg: PackageJson): Record<string, PackageBin> {
  const production = new Set([...Object.keys(pkg.dependencies), ...Object.keys(pkg.optionalDependencies)]);
  const all = [...production, ...Object.keys(pkg.devDependencies).filter((name) => !production.has(name))];
  const bins: Record<string, PackageBin> = {};
  const add = (bin: string, name: string) => {
    if (!(bin in bins) || (production.has(name) && !bins[bin]!.production)) bins[bin] = { package: name, production: production.has(name) };
  };
  const guessed: string[] = [];
  for (const name of all) {
    const installed = installedBins(fs, name);
    if (installed) for (const bin of installed) add(bin, name);
    else guessed.push(name);
  }
  // Packages that are not installed here: the table first, then a command named like the package.
  for (const [bin, name] of Object.entries(KNOWN_BINS)) if (guessed.includes(name) && !(bin in bins)) add(bin, name);
  for (const name of guessed) if (!name.startsWith('@') && !(name in bins)) add(name, name);
  return bins;
}

/** node_modules/<name>/package.json `bin` (a string names one command after the package). */
function installedBins(fs: ProjectFs, name: string): string[] | undefined {
  if (!/^(@[\w.~-]+\/)?[\w.~-]+$/.test(name)) return undefined;
  const text = fs.tryReadText(`node_modules/${name}/package.json`);
  if (text === undefined) return undefined;
  try {
    const bin = (JSON.parse(text) as { bin?: unknown }).bin;
    if (typeof bin === 'string') return [name.split('/').at(-1)!];
    if (typeof bin === 'object' && bin !== null) return Object.keys(bin);
    return [];
  } catch {
    return undefined;
  }
}
