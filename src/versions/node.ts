/**
 * The Node.js version table: release lines dockgen knows, their LTS codenames and support
 * status, and which Debian variant of the official `node` image to use. Exact versions come
 * from NODE_RELEASES (generated from the npm registry); this file holds the judgement calls.
 *
 * Checked 2026-11-23 against the Node.js Release working group's schedule.json
 * (v26: LTS from 2026-10-28; v24: maintenance from 2026-10-20; v20: end of life 2026-04-30)
 * and the docker-node images (Node ≥ 25 images ship neither yarn nor corepack; Node 26
 * images are built on Debian 13 "trixie" only).
 */
export type DebianCodename = 'jessie' | 'stretch' | 'buster' | 'bullseye' | 'bookworm' | 'trixie';

export interface NodeLine {
  /** The line as Node.js names it: `26`, `16`, and for the 0.x era `0.12`. */
  line: string;
  /** LTS codename, lower-case, as used by `.nvmrc` aliases (`lts/iron`). */
  codename?: string;
  /** ISO date after which the line gets no fixes at all. */
  endOfLife: string;
  /**
   * Debian release of the `-slim` image variant dockgen names. Lines 18–24 use bookworm because
   * bookworm images exist for every patch release of those lines, trixie ones only for releases
   * since August 2025; 25 and later are built on trixie (current Debian stable). Ended lines use
   * the variant that the official image published for the line's LAST release (see OLD_LINES).
   */
  debian: DebianCodename;
  /**
   * Where `debian` only has images from some release on (the variant was added late in the line's
   * life): the first release that has it, and the variant that every earlier release has.
   */
  debianSince?: string;
  olderDebian?: DebianCodename;
}

/**
 * Lines that ended before 18, each with the Debian variant the official `node` image has for
 * its last release (the newest patch, which is what a range or a major resolves to). Checked
 * 2026-12-04 in nodejs/docker-node (the `<line>/<variant>/Dockerfile` folders and their
 * NODE_VERSION, e.g. 16/bookworm-slim at 16.20.2) and in Dockerfiles that build FROM these tags
 * (node:17.9.1-bullseye-slim, node:14.21.3-bullseye-slim, node:12.22.12-bullseye-slim,
 * node:10.24.1-buster-slim, node:8.17.0-buster-slim, node:11.15.0-stretch-slim, node:9.11.2-slim …).
 * Before stretch, the slim images were tagged plain `-slim` and built on jessie
 * (buildpack-deps:jessie-curl; 0.8/slim on debian:jessie). 0.11 was an unstable line, published
 * only briefly in 2014: it is left out, so a range resolves to a neighbouring stable line.
 *
 * An exact pin of an earlier patch gets `olderDebian` where the last release's variant came late:
 * bookworm images began in June 2023, bullseye ones in August 2021, buster ones in July 2019
 * (`debianSince` is a release made after that date); the older variant was built all along.
 */
const OLD_LINES: readonly NodeLine[] = [
  { line: '0.8', endOfLife: '2014-07-31', debian: 'jessie' },
  { line: '0.10', endOfLife: '2016-10-31', debian: 'jessie' },
  { line: '0.12', endOfLife: '2016-12-31', debian: 'jessie' },
  { line: '4', codename: 'argon', endOfLife: '2018-04-30', debian: 'jessie' },
  { line: '5', endOfLife: '2016-06-30', debian: 'jessie' },
  { line: '6', codename: 'boron', endOfLife: '2019-04-30', debian: 'stretch', debianSince: '6.17.1', olderDebian: 'jessie' },
  { line: '7', endOfLife: '2017-06-30', debian: 'jessie' },
  { line: '8', codename: 'carbon', endOfLife: '2019-12-31', debian: 'buster', debianSince: '8.16.1', olderDebian: 'jessie' },
  { line: '9', endOfLife: '2018-06-30', debian: 'jessie' },
  { line: '10', codename: 'dubnium', endOfLife: '2021-04-30', debian: 'buster', debianSince: '10.16.1', olderDebian: 'stretch' },
  { line: '11', endOfLife: '2019-06-01', debian: 'stretch' },
  { line: '12', codename: 'erbium', endOfLife: '2022-04-30', debian: 'bullseye', debianSince: '12.22.6', olderDebian: 'stretch' },
  { line: '13', endOfLife: '2020-06-01', debian: 'buster' },
  { line: '14', codename: 'fermium', endOfLife: '2023-04-30', debian: 'bullseye', debianSince: '14.17.6', olderDebian: 'buster' },
  { line: '15', endOfLife: '2021-06-01', debian: 'buster' },
  { line: '16', codename: 'gallium', endOfLife: '2023-09-11', debian: 'bookworm', debianSince: '16.20.2', olderDebian: 'buster' },
  { line: '17', endOfLife: '2022-06-01', debian: 'bullseye' },
];

export const NODE_LINES: readonly NodeLine[] = [
  ...OLD_LINES,
  { line: '18', codename: 'hydrogen', endOfLife: '2025-04-30', debian: 'bookworm' },
  { line: '19', endOfLife: '2023-06-01', debian: 'bookworm' },
  { line: '20', codename: 'iron', endOfLife: '2026-04-30', debian: 'bookworm' },
  { line: '21', endOfLife: '2024-06-01', debian: 'bookworm' },
  { line: '22', codename: 'jod', endOfLife: '2027-04-30', debian: 'bookworm' },
  { line: '23', endOfLife: '2025-06-01', debian: 'bookworm' },
  { line: '24', codename: 'krypton', endOfLife: '2028-04-30', debian: 'bookworm' },
  { line: '25', endOfLife: '2026-06-01', debian: 'trixie' },
  // v26 became LTS on 2026-10-28; its codename was not yet published in schedule.json when
  // this table was checked, so `lts/<name>` for it resolves only through `lts/*`.
  { line: '26', endOfLife: '2029-04-30', debian: 'trixie' },
];

/** The default line: the current Active LTS. */
export const DEFAULT_NODE_MAJOR = 26;
/** Newest line that is an LTS line today: what `lts/*` means. */
export const NEWEST_LTS_MAJOR = 26;
/** The date this table was last checked; end-of-life warnings compare against it. */
export const NODE_TABLE_CHECKED = '2026-11-23';

/**
 * Debian releases whose packages have left deb.debian.org for archive.debian.org (checked
 * 2026-12-04: buster, stretch and jessie answer 404 there): `apt-get update` fails in images built
 * on them, so nothing may be installed with apt in such an image.
 */
const APT_ARCHIVED: ReadonlySet<DebianCodename> = new Set(['jessie', 'stretch', 'buster']);

export function aptWorks(debian: DebianCodename): boolean {
  return !APT_ARCHIVED.has(debian);
}

/** The release line of an exact version: `16.20.2` → `16`, `0.10.48` → `0.10`. */
export function lineName(version: string): string {
  const [major, minor] = version.split('.');
  return major === '0' ? `0.${minor}` : major!;
}

export function findNodeLine(line: number | string): NodeLine | undefined {
  return NODE_LINES.find((entry) => entry.line === String(line));
}

/** The line an exact version belongs to, if dockgen knows an image for it. */
export function nodeLineOf(version: string): NodeLine | undefined {
  return findNodeLine(lineName(version));
}

/** Whether a line is an LTS line (even majors from 4 on; 0.x lines predate the LTS scheme). */
export function isLtsLine(line: NodeLine): boolean {
  const major = Number(line.line);
  return Number.isInteger(major) && major >= 4 && major % 2 === 0;
}

/** The Debian release of the official slim image of one exact version. */
export function debianFor(line: NodeLine, version: string): DebianCodename {
  if (!line.debianSince || !line.olderDebian) return line.debian;
  return compareVersions(version, line.debianSince) >= 0 ? line.debian : line.olderDebian;
}

/**
 * The tag suffix of a slim image: `bookworm-slim`; jessie-era images were tagged plain `slim`
 * (`node:4.9.1-slim`), before the Debian codename became part of every tag.
 */
export function nodeImageVariant(debian: DebianCodename): string {
  return debian === 'jessie' ? 'slim' : `${debian}-slim`;
}

function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
}
