import type { PackageJson } from './package-json.js';
import type { PackageManagerName } from './package-manager.js';

/**
 * A dependency of package.json that the lockfile does not record as written, which makes the frozen
 * install (`npm ci`, `yarn install --frozen-lockfile` / `--immutable`) stop: the lockfile is out of
 * date, and the image cannot build until it is regenerated. Conservative on purpose: only plain
 * registry ranges of the root package are checked (no git/file/workspace specs, no workspace
 * packages, which Yarn 1 does not record), against lockfile formats that record the range as
 * written: package-lock.json v2+ (`packages[""]`), yarn.lock v1 (`name@range` keys) and Yarn 2+
 * (`name@npm:range` keys), and pnpm-lock.yaml v6/v9 (the root importer's `specifier`s; pnpm stops on any
 * difference, and on a lockfile that records dependencies but no package entries). Bun lockfiles
 * are not read. `undefined` when in sync or unknown.
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
  if (manager === 'pnpm') {
    const lock = pnpmRootImporter(text);
    if (!lock) return undefined;
    const missing = declared.find(({ field, name, range }) => lock.specifiers.get(`${field}.${name}`) !== range);
    if (missing) return `${lockfile} does not record ${missing.field}.${missing.name} "${missing.range}" of package.json`;
    if (lock.specifiers.size > 0 && !lock.hasPackages) return `${lockfile} records dependencies but has no "packages" entries (it was cut short or hand-edited)`;
  }
  return undefined;
}

/**
 * The root importer of a pnpm-lock.yaml v6 (top-level `dependencies:` …) or v9 (`importers:` → `.:`):
 * each dependency's `specifier`, keyed `field.name`, and whether the file has a `packages:` section.
 * A line reader, not a YAML parser: pnpm writes these files in one fixed layout (two-space indents,
 * one key per line), and anything else (an older format, flow style) is left unread.
 */
function pnpmRootImporter(text: string): { specifiers: Map<string, string>; hasPackages: boolean } | undefined {
  const lines = text.split(/\r?\n/);
  const version = /^lockfileVersion: '?(\d+)/m.exec(text)?.[1];
  if (version !== '6' && version !== '9') return undefined;
  // v9 nests the root importer two levels deeper than v6 puts it at the top.
  const base = version === '9' ? '    ' : '';
  let start = 0;
  if (version === '9') {
    const importers = lines.indexOf('importers:');
    const root = importers < 0 ? -1 : lines.indexOf('  .:', importers);
    if (root < 0) return undefined;
    start = root + 1;
  }
  const unquote = (key: string) => key.replace(/^'(.*)'$|^"(.*)"$/, '$1$2');
  const specifiers = new Map<string, string>();
  let field: string | undefined;
  let name: string | undefined;
  for (const line of lines.slice(start)) {
    if (version === '9' && line !== '' && !line.startsWith('    ')) break; // the next importer or section
    const indent = line.length - line.trimStart().length - base.length;
    const content = line.trim();
    if (content === '' || indent < 0) continue;
    if (indent === 0) {
      field = /^(dependencies|devDependencies|optionalDependencies):$/.exec(content)?.[1];
      name = undefined;
    } else if (field && indent === 2 && content.endsWith(':')) {
      name = unquote(content.slice(0, -1));
    } else if (field && name && indent === 4 && content.startsWith('specifier: ')) {
      specifiers.set(`${field}.${name}`, unquote(content.slice('specifier: '.length).trim()));
    }
  }
  return { specifiers, hasPackages: lines.includes('packages:') };
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
