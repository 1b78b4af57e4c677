import validRange from 'semver/ranges/valid.js';
import type { ProjectFs } from '../fs.js';

/** One installed package's `engines.node`, as npm's lockfile recorded it. */
export interface DependencyEngine {
  /** The lockfile's key, e.g. `node_modules/sharp` or `node_modules/a/node_modules/b`. */
  path: string;
  range: string;
  /** Installed for development only (absent from the production install). */
  dev: boolean;
  /** Where it was read, e.g. `package-lock.json`. */
  source: string;
}

/**
 * The Node.js ranges that the project's dependencies declare, from an npm lockfile of format 2 or
 * later (npm 7+ copies each package's `engines` into `packages[...]`). Optional packages are left
 * out (npm skips one whose engines refuse the Node.js version instead of failing), and so are
 * ranges semver cannot read. A lockfile that is missing, too large to read or not JSON gives none:
 * the version choice then stays the default one, as before.
 */
export function detectDependencyEngines(fs: ProjectFs, lockfile: string | undefined): DependencyEngine[] {
  if (lockfile !== 'package-lock.json' && lockfile !== 'npm-shrinkwrap.json') return [];
  const text = fs.tryReadText(lockfile);
  if (text === undefined) return [];
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return [];
  }
  const packages = isObject(data) && isObject(data['packages']) ? data['packages'] : undefined;
  if (!packages) return [];
  const engines: DependencyEngine[] = [];
  for (const [path, entry] of Object.entries(packages)) {
    if (!path.startsWith('node_modules/') || !isObject(entry) || entry['optional'] === true) continue;
    const declared = isObject(entry['engines']) ? entry['engines']['node'] : undefined;
    if (typeof declared !== 'string' || declared.trim() === '' || validRange(declared) === null) continue;
    engines.push({ path, range: declared.trim(), dev: entry['dev'] === true, source: lockfile });
  }
  return engines;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
