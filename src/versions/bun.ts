import maxSatisfying from 'semver/ranges/max-satisfying.js';
import validRange from 'semver/ranges/valid.js';
import { DockgenError } from '../errors.js';

/**
 * Bun's stable releases, by minor line: the newest patch of each, and patches that were never
 * published. Checked 2026-12-07 on the npm registry (`npm view @oven/bun-linux-x64 versions`),
 * where every Bun release is published; the official image `oven/bun` is tagged `<X.Y.Z>-slim`
 * for each of them (oven-sh/bun dockerhub/publish-images.sh).
 */
const BUN_LINES: ReadonlyArray<{ line: string; newest: number; missing?: number[] }> = [
  { line: '1.0', newest: 36 },
  { line: '1.1', newest: 45, missing: [23] },
  { line: '1.2', newest: 23 },
  { line: '1.3', newest: 14 },
  { line: '1.4', newest: 5 },
];

export const BUN_TABLE_CHECKED = '2026-12-07';

/** Every stable release from 1.0.0 on, oldest first. */
export const BUN_RELEASES: readonly string[] = BUN_LINES.flatMap(({ line, newest, missing = [] }) =>
  Array.from({ length: newest + 1 }, (_, patch) => patch).filter((patch) => !missing.includes(patch)).map((patch) => `${line}.${patch}`),
);

/** The newest stable release: what a project that declares no version gets. */
export const DEFAULT_BUN_VERSION = BUN_RELEASES.at(-1)!;

/**
 * An exact release for a declared version: `1.2.3` as it is (a release newer than this table is
 * trusted, with a note), `1.2` / `^1.1` / `>=1.1.30` the newest release that satisfies it,
 * `latest` the newest. `where` names the declaration for the error.
 */
export function resolveBunVersion(spec: string, where: string): { version: string; note?: string } {
  const clean = spec.trim().replace(/^v(?=\d)/, '').replace(/^bun-v/, '');
  if (clean === 'latest' || clean === '*' || clean === '') return { version: DEFAULT_BUN_VERSION };
  if (/^\d+\.\d+\.\d+$/.test(clean)) {
    if (BUN_RELEASES.includes(clean)) return { version: clean };
    const newer = maxSatisfying([...BUN_RELEASES, clean], '*') === clean;
    if (newer) return { version: clean, note: `Bun ${clean} (${where}) is newer than dockgen's table (checked ${BUN_TABLE_CHECKED}); its image oven/bun:${clean}-slim is used as declared.` };
    throw new DockgenError(`${where} asks for Bun ${clean}, which was never released.`, `Name a released version (the newest is ${DEFAULT_BUN_VERSION}), or pass --bun-version.`);
  }
  // `1.2` and `1` mean that line, as in a version manager's files.
  const range = /^\d+(\.\d+)?$/.test(clean) ? `${clean}.x` : clean;
  const version = validRange(range) ? maxSatisfying([...BUN_RELEASES], range) : null;
  if (!version) {
    throw new DockgenError(
      `${where} asks for Bun "${spec}", which no Bun release satisfies (dockgen knows ${BUN_RELEASES[0]} to ${DEFAULT_BUN_VERSION}).`,
      'Write an exact version (e.g. 1.4.5) or a range such as ^1.2, or pass --bun-version.',
    );
  }
  return { version };
}
