// Individual semver modules: the package index loads every function, which costs the CLI's start.
import semverGt from 'semver/functions/gt.js';
import semverValid from 'semver/functions/valid.js';
import maxSatisfying from 'semver/ranges/max-satisfying.js';
import validRange from 'semver/ranges/valid.js';
import { DockgenError } from '../errors.js';
import { describeEvidence, type Evidence } from '../detect/evidence.js';
import { NODE_LEGACY_RELEASES } from './node-releases-legacy.js';
import { NODE_RELEASES, NODE_RELEASES_CHECKED } from './node-releases.js';
import { DEFAULT_NODE_MAJOR, NEWEST_LTS_MAJOR, NODE_LINES, NODE_TABLE_CHECKED, debianFor, isLtsLine, lineName, nodeLineOf, type DebianCodename, type NodeLine } from './node.js';

export interface ResolvedNodeVersion {
  version: string;
  line: NodeLine;
  /** The Debian release of the official slim image of this exact version. */
  debian: DebianCodename;
  warnings: string[];
}

/** Every release of a line dockgen knows an official image for, oldest first. */
const RELEASES_WITH_IMAGES: readonly string[] = [...NODE_LEGACY_RELEASES, ...NODE_RELEASES].filter((v) => nodeLineOf(v) !== undefined);

export function defaultNodeVersion(): string {
  return newestInLine(String(DEFAULT_NODE_MAJOR));
}

/** The newest release that satisfies a semver range, among the lines with an official image. */
export function newestSatisfying(range: string): string | undefined {
  return maxSatisfying([...RELEASES_WITH_IMAGES], range) ?? undefined;
}

/** The newest release that satisfies every range (dependencies' engines), if there is one. */
export function newestAcceptedByAll(ranges: ReadonlyArray<{ test(version: string): boolean }>): string | undefined {
  for (let i = RELEASES_WITH_IMAGES.length - 1; i >= 0; i--) {
    const version = RELEASES_WITH_IMAGES[i]!;
    if (ranges.every((range) => range.test(version))) return version;
  }
  return undefined;
}

/**
 * Turns a version specification (`20`, `v20.10.0`, `^20.10`, `>=18`, `0.10.x`, `lts/*`,
 * `lts/iron`, `node`) into an exact released version: the newest known release that satisfies it
 * on a line that has official images.
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
    const ltsLines = NODE_LINES.filter((l) => Number(l.line) <= NEWEST_LTS_MAJOR && isLtsLine(l)).reverse();
    const line = ltsLines[back];
    if (!line) throw unusable(raw, where, `there is no LTS line ${back} back from the newest`);
    version = newestInLine(line.line);
  } else if (normal.startsWith('lts/')) {
    const line = NODE_LINES.find((l) => l.codename === normal.slice(4));
    if (!line) throw unusable(raw, where, `"${normal.slice(4)}" is not a Node.js LTS codename dockgen knows`);
    version = newestInLine(line.line);
  } else if (semverValid(normal)) {
    version = exactVersion(normal, raw, where, warnings);
  } else if (validRange(normal)) {
    version = newestSatisfying(normal);
    if (!version) throw unusable(raw, where, noReleaseReason());
  } else {
    throw unusable(raw, where, 'it is not a version, a range or an nvm alias');
  }

  // A version newer than the release list (exactVersion warned) is taken to be on the newest line.
  const line = nodeLineOf(version!) ?? NODE_LINES.at(-1)!;
  if (line.endOfLife < NODE_TABLE_CHECKED) {
    warnings.push(
      `Node.js ${line.line} reached end of life on ${line.endOfLife} and gets no security fixes; ` +
        `plan an upgrade (${where}).`,
    );
  }
  return { version: version!, line, debian: debianFor(line, version!), warnings };
}

function exactVersion(version: string, raw: string, where: string, warnings: string[]): string {
  if (RELEASES_WITH_IMAGES.includes(version)) return version;
  if (NODE_LEGACY_RELEASES.includes(version)) {
    throw unusable(raw, where, `the Node.js ${lineName(version)} line was never published as an official \`node\` image that dockgen knows`);
  }
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

/** Why a valid range matched nothing, with the span dockgen knows so that the user can see why. */
function noReleaseReason(): string {
  return `no released Node.js version satisfies it among those with an official image (dockgen knows ${RELEASES_WITH_IMAGES[0]} to ` +
    `${NODE_RELEASES.at(-1)}, list checked ${NODE_RELEASES_CHECKED})`;
}

function newestInLine(line: string): string {
  const version = maxSatisfying([...RELEASES_WITH_IMAGES], `${line}.x`);
  if (!version) throw new Error(`version table has no releases for Node.js ${line}`);
  return version;
}

function unusable(raw: string, where: string, why: string): DockgenError {
  const field = where.startsWith('package.json engines.node') ? 'engines.node in package.json' : 'that value';
  return new DockgenError(
    `Cannot use the Node.js version "${raw}" from ${where}: ${why}.`,
    `Fix ${field} (for example "22" or "^22.11"), or pass --node-version <x.y.z>.`,
  );
}
