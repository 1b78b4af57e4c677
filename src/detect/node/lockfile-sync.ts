import type { PackageJson } from './package-json.js';
import type { PackageManagerName } from './package-manager.js';

/**
 * A dependency of package.json that the lockfile does not record as written, which makes the frozen
 * install (`npm ci`, `yarn install --frozen-lockfile` / `--immutable`) stop: the lockfile is out of
 * date, and the image cannot build until it is regenerated. Conservative on purpose: only plain
 * registry ranges of the root package are checked (no git/file/workspace specs, no workspace
 * packages, which Yarn 1 does not record), against lockfile formats that record the range as
 * written: package-lock.json v2+ (`packages[""]`), yarn.lock v1 (`name@range` keys) and Yarn 2+
 * (`name@npm:range` keys). pnpm and Bun lockfiles are not read. `undefined` when in sync or unknown.
 */
export function lockfileDrift(
  manager: PackageManagerName,
  lockfile: string,
  text: string,
  pkg: PackageJson,
  workspaceNames: ReadonlySet<string>,
): string | undefined {
  const declared = (['dependencies', 'devDependencies', 'optionalDependencies'] as const).flatMap((field) =>
    Object.entries(pkg[field])
      .filter(([name, range]) => !workspaceNames.has(name) && /^[\w^~<>=.*|\s-]+$/.test(range) && range.trim() !== '')
      .map(([name, range]) => ({ field, name, range })),
  );
  if (declared.length === 0) return undefined;
  if (manager === 'npm') {
    const root = npmLockRoot(text);
    if (!root) return undefined;
    const missing = declared.find(({ field, name, range }) => root[field]?.[name] !== range);
    return missing && `${lockfile} does not record ${missing.field}.${missing.name} "${missing.range}" of package.json`;
  }
  if (manager === 'yarn') {
    const keys = yarnLockKeys(text);
    if (keys.size === 0) return undefined;
    const berry = text.includes('__metadata:');
    // Yarn 1 takes an entry keyed by the bare name (`lodash:`) for any range of it (measured with 1.22.22).
    const recorded = ({ name, range }: { name: string; range: string }) => (berry ? keys.has(`${name}@npm:${range}`) : keys.has(`${name}@${range}`) || keys.has(name));
    const missing = declared.find((dep) => !recorded(dep));
    return missing && `${lockfile} has no entry for ${missing.field}.${missing.name} "${missing.range}" of package.json`;
  }
  return undefined;
}

type LockRoot = Partial<Record<'dependencies' | 'devDependencies' | 'optionalDependencies', Record<string, string>>>;

/** package-lock.json v2/v3's record of the root package.json; v1 lockfiles have none. */
function npmLockRoot(text: string): LockRoot | undefined {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return undefined; // npm reports an unreadable lockfile itself
  }
  if (typeof data !== 'object' || data === null) return undefined;
  const lock = data as { lockfileVersion?: unknown; packages?: Record<string, unknown> };
  if (typeof lock.lockfileVersion !== 'number' || lock.lockfileVersion < 2) return undefined;
  const root = lock.packages?.[''];
  return typeof root === 'object' && root !== null ? (root as LockRoot) : undefined;
}

/** The descriptors yarn.lock entries are keyed by: `lodash@^4.17.4, lodash@^4.17.5:` or
 *  `"@scope/x@npm:^1.0.0":` (top-level lines ending with a colon), quotes stripped. */
function yarnLockKeys(text: string): Set<string> {
  const keys = new Set<string>();
  for (const line of text.split('\n')) {
    if (line === '' || /^[\s#]/.test(line) || !line.trimEnd().endsWith(':')) continue;
    for (const key of line.trimEnd().slice(0, -1).split(',')) keys.add(key.trim().replace(/^"(.*)"$/, '$1'));
  }
  keys.delete('__metadata');
  return keys;
}
