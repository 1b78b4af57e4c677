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
export interface NodeLine {
  major: number;
  /** LTS codename, lower-case, as used by `.nvmrc` aliases (`lts/iron`). */
  codename?: string;
  /** ISO date after which the line gets no fixes at all. */
  endOfLife: string;
  /**
   * Debian codename of the `-slim` image variant. Lines older than 25 use bookworm because
   * bookworm images exist for every patch release of those lines, trixie ones only for
   * releases since August 2025; 25 and later are built on trixie (current Debian stable).
   */
  debian: 'bookworm' | 'trixie';
}

export const NODE_LINES: readonly NodeLine[] = [
  { major: 18, codename: 'hydrogen', endOfLife: '2025-04-30', debian: 'bookworm' },
  { major: 19, endOfLife: '2023-06-01', debian: 'bookworm' },
  { major: 20, codename: 'iron', endOfLife: '2026-04-30', debian: 'bookworm' },
  { major: 21, endOfLife: '2024-06-01', debian: 'bookworm' },
  { major: 22, codename: 'jod', endOfLife: '2027-04-30', debian: 'bookworm' },
  { major: 23, endOfLife: '2025-06-01', debian: 'bookworm' },
  { major: 24, codename: 'krypton', endOfLife: '2028-04-30', debian: 'bookworm' },
  { major: 25, endOfLife: '2026-06-01', debian: 'trixie' },
  // v26 became LTS on 2026-10-28; its codename was not yet published in schedule.json when
  // this table was checked, so `lts/<name>` for it resolves only through `lts/*`.
  { major: 26, endOfLife: '2029-04-30', debian: 'trixie' },
];

/** The default line: the current Active LTS. */
export const DEFAULT_NODE_MAJOR = 26;
/** Newest line that is an LTS line today: what `lts/*` means. */
export const NEWEST_LTS_MAJOR = 26;
/** The date this table was last checked; end-of-life warnings compare against it. */
export const NODE_TABLE_CHECKED = '2026-11-23';

export function findNodeLine(major: number): NodeLine | undefined {
  return NODE_LINES.find((line) => line.major === major);
}
