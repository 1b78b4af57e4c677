// Individual semver modules: the package index loads every function, which costs the CLI's start.
import coerce from 'semver/functions/coerce.js';
import lt from 'semver/functions/lt.js';

/**
 * The oldest Node.js each installed package manager runs on: its package's `engines.node` (npm
 * registry, checked 2026-12-04: pnpm 9–10 and Yarn 4 ">=18.12", pnpm 8 ">=16.14", pnpm 7 ">=14.6",
 * Yarn 3 ">=12"). Yarn 1.22 declares ">=4" but its code needs Node.js 6 (measured: a SyntaxError
 * on Node.js 4.9.1). Bun brings its own runtime.
 */
function oldestNode(manager: 'pnpm' | 'yarn' | 'yarnBerry', version: string): string | undefined {
  const major = coerce(version)?.major;
  if (major === undefined) return undefined;
  if (manager === 'pnpm') return major >= 9 ? '18.12.0' : major === 8 ? '16.14.0' : major === 7 ? '14.6.0' : undefined;
  if (manager === 'yarnBerry') return major >= 4 ? '18.12.0' : major === 3 ? '12.0.0' : undefined;
  return major === 1 && (coerce(version)?.minor ?? 0) >= 22 ? '6.0.0' : undefined;
}

/** A warning when the package manager the build stages install cannot run on the chosen Node.js. */
export function packageManagerNodeWarning(manager: 'npm' | 'pnpm' | 'yarn' | 'bun', yarnBerry: boolean, version: string | undefined, nodeVersion: string): string | undefined {
  if (version === undefined || manager === 'npm' || manager === 'bun') return undefined;
  const floor = oldestNode(manager === 'yarn' && yarnBerry ? 'yarnBerry' : manager, version);
  if (!floor || !lt(nodeVersion, floor)) return undefined;
  const name = manager === 'yarn' ? 'Yarn' : manager;
  return `${name} ${version} needs Node.js ${floor} or later, but the image has Node.js ${nodeVersion}: its install fails. ` +
    `Pin a ${name} that runs there with "packageManager" in package.json, or choose a newer Node.js (--node-version).`;
}
