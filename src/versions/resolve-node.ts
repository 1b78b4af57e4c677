// Individual semver modules: the package index loads every function, which costs the CLI's start.
import semverGt from 'semver/functions/gt.js';
import semverMajor from 'semver/functions/major.js';
import semverValid from 'semver/functions/valid.js';
import maxSatisfying from 'semver/ranges/max-satisfying.js';
import validRange from 'semver/ranges/valid.js';
import { DockgenError } from '../errors.js';
import { describeEvidence, type Evidence } from '../detect/evidence.js';
import { NODE_RELEASES, NODE_RELEASES_CHECKED } from './node-releases.js';
import { DEFAULT_NODE_MAJOR, NEWEST_LTS_MAJOR, NODE_LINES, NODE_TABLE_CHECKED, findNodeLine } from './node.js';

export interface ResolvedNodeVersion {
  version: string;
  debian: 'bookworm' | 'trixie';
  warnings: string[];
}

export function defaultNodeVersion(): string {
  return newestInLine(DEFAULT_NODE_MAJOR);
}

/**
 * Turns a version specification (`20`, `v20.10.0`, `^20.10`, `>=18`, `lts/*`, `lts/iron`, `node`)
 * into an exact released version: the newest known release that satisfies it.
 */
export function resolveNodeVersion(spec: string, evidence: Evidence): ResolvedNodeVersion {
  const raw = spec.trim();
  const normal = raw.toLowerCase().replace(/^v(?=\d)/, '');
  const where = describeEvidence(evidence);
  const warnings: string[] = [];
  let version: string | undefined;

  if (['node', 'latest', 'current', 'stable'].includes(normal)) {
    version = NODE_RELEASES.at(-1);
  } else if (normal === 'lts/*' || normal === 'lts' || /^lts\/-\d+$/.test(normal)) {
    const back = normal.startsWith('lts/-') ? Number(normal.slice(5)) : 0;
    const ltsLines = NODE_LINES.filter((l) => l.major <= NEWEST_LTS_MAJOR && l.major % 2 === 0).reverse();
    const line = ltsLines[back];
    if (!line) throw unusable(raw, where, `there is no LTS line ${back} back from the newest`);
    version = newestInLine(line.major);
  } else if (normal.startsWith('lts/')) {
    const line = NODE_LINES.find((l) => l.codename === normal.slice(4));
    if (!line) throw unusable(raw, where, `"${normal.slice(4)}" is not a Node.js LTS codename dockgen knows`);
    version = newestInLine(line.major);
  } else if (semverValid(normal)) {
    version = exactVersion(normal, raw, where, warnings);
  } else if (validRange(normal)) {
    version = maxSatisfying([...NODE_RELEASES], normal) ?? undefined;
    if (!version) throw unusable(raw, where, 'no released Node.js version satisfies it');
  } else {
    throw unusable(raw, where, 'it is not a version, a range or an nvm alias');
  }

  const major = semverMajor(version!);
  const line = findNodeLine(major);
  if (line && line.endOfLife < NODE_TABLE_CHECKED) {
    warnings.push(
      `Node.js ${major} reached end of life on ${line.endOfLife} and gets no security fixes; ` +
        `plan an upgrade (${where}).`,
    );
  }
  return { version: version!, debian: line?.debian ?? 'trixie', warnings };
}

function exactVersion(version: string, raw: string, where: string, warnings: string[]): string {
  if (NODE_RELEASES.includes(version)) return version;
  const newest = NODE_RELEASES.at(-1)!;
  if (semverGt(version, newest)) {
    warnings.push(
      `Node.js ${version} (${where}) is newer than dockgen's release list (checked ${NODE_RELEASES_CHECKED}); ` +
        'using it as written.',
    );
    return version;
  }
  throw unusable(raw, where, `${version} is not a released Node.js version`);
}

function newestInLine(major: number): string {
  const version = maxSatisfying([...NODE_RELEASES], `${major}.x`);
  if (!version) throw new Error(`version table has no releases for Node.js ${major}`);
  return version;
}

function unusable(raw: string, where: string, why: string): DockgenError {
  return new DockgenError(
    `Cannot use the Node.js version "${raw}" from ${where}: ${why}.`,
    'Fix that value (for example "22" or "^22.11"), or pass --node-version <x.y.z>.',
  );
}
