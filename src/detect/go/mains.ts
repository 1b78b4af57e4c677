import type { ProjectFs } from '../fs.js';
import type { PackageReader } from './packages.js';

/**
 * Where a module's main packages are. Real projects keep them at the root, in cmd/<name>, in cmd/
 * itself, or in any folder (server/, app/, services/api/): the module's folders are walked the way
 * `go build ./...` sees them, without vendor/, node_modules, testdata or folders starting with `.`
 * or `_` (the go command ignores those), and without nested modules (a folder with its own go.mod
 * is not part of this module's build).
 */

/** Never walked: not part of the module's packages, or huge and irrelevant. */
const NEVER_WALK = new Set(['vendor', 'node_modules', 'testdata']);

/**
 * Folders whose main packages are examples, tools, scripts or tests rather than the service: they are
 * found (so that --main can name them and errors can list them), but the rule never picks them.
 * internal/ and pkg/ hold libraries by convention; a main there is a helper.
 */
const SECONDARY = new Set([
  'internal', 'pkg', 'docs', 'doc', 'examples', 'example', 'scripts', 'script', 'hack', 'tools', 'tool',
  'test', 'tests', 'e2e', 'integration', 'benchmark', 'benchmarks', 'bench', 'contrib', 'third_party', 'misc', 'demo', 'demos', 'sample', 'samples',
]);

/** Bounds for a huge repository: deep enough for services/<team>/<svc>/cmd/<name>. */
const MAX_DEPTH = 6;
const MAX_FOLDERS = 4000;

export interface MainDirs {
  /** Candidates for the image: the root, cmd/…, and other folders outside SECONDARY ones. */
  primary: string[];
  /** Main packages in example, tool, test or internal folders: only by --main. */
  secondary: string[];
}

/** Main package folders of the module at `moduleDir`, project-relative, sorted (the root first). */
export function findMainDirs(fs: ProjectFs, reader: PackageReader, moduleDir: string, otherModules: ReadonlySet<string>): MainDirs {
  const found: MainDirs = { primary: [], secondary: [] };
  // A go.work module under tools/ or examples/ is a helper too.
  const underSecondary = moduleDir !== '' && moduleDir.split('/').some((part) => SECONDARY.has(part.toLowerCase()));
  const queue: Array<{ dir: string; depth: number; secondary: boolean }> = [{ dir: moduleDir, depth: 0, secondary: underSecondary }];
  let visited = 0;
  // Real folders already walked: a symlink to `.` or to a parent folder is not a new package.
  const seen = new Set<string>();
  while (queue.length > 0 && visited < MAX_FOLDERS) {
    const { dir, depth, secondary } = queue.shift()!;
    if (seen.has(fs.identity(dir))) continue;
    seen.add(fs.identity(dir));
    visited++;
    if (reader.packageName(dir) === 'main') (secondary ? found.secondary : found.primary).push(dir);
    if (depth >= MAX_DEPTH) continue;
    for (const name of fs.list(dir).sort()) {
      if (NEVER_WALK.has(name) || /^[._]/.test(name)) continue;
      const child = dir === '' ? name : `${dir}/${name}`;
      if (!fs.isDirectory(child) || otherModules.has(child) || fs.isFile(`${child}/go.mod`)) continue;
      queue.push({ dir: child, depth: depth + 1, secondary: secondary || SECONDARY.has(name.toLowerCase()) });
    }
  }
  const order = (a: string, b: string) => (a === moduleDir ? -1 : b === moduleDir ? 1 : a.localeCompare(b));
  found.primary.sort(order);
  found.secondary.sort(order);
  return found;
}
