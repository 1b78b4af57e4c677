import { describeEvidence, type Evidence } from '../detect/evidence.js';
import { DockgenError } from '../errors.js';

/**
 * Go lines dockgen knows, with the newest patch release of each. Checked 2026-11-23 against
 * go.dev's release history as mirrored by pkg.go.dev's version lists, endoflife.date and
 * projects' upgrade commits: 1.27.3 and 1.26.10 (released 2026-10, the newest found); 1.25 ended
 * with 1.25.14 when 1.27.0 came out (2026-08). Go supports the two newest lines; older ones are
 * kept so that a go.mod that names them still gets its own line (with an end-of-life warning).
 * An exact version that is not in the table (`--go-version 1.27.4`) is used as given.
 */
export const GO_TABLE_CHECKED = '2026-11-23';

export interface GoLine {
  /** `1.27` */
  minor: string;
  latest: string;
  /** End of support: the release of the line two newer (YYYY-MM); undefined while supported. */
  eol?: string;
}

/** Newest first. */
export const GO_LINES: readonly GoLine[] = [
  { minor: '1.27', latest: '1.27.3' },
  { minor: '1.26', latest: '1.26.10' },
  { minor: '1.25', latest: '1.25.14', eol: '2026-08' },
  { minor: '1.24', latest: '1.24.13', eol: '2026-02' },
  { minor: '1.23', latest: '1.23.12', eol: '2025-08' },
  { minor: '1.22', latest: '1.22.12', eol: '2025-02' },
  { minor: '1.21', latest: '1.21.13', eol: '2024-08' },
  { minor: '1.20', latest: '1.20.14', eol: '2024-02' },
];

/** The newest stable line: what a project without a declared version gets. */
export const DEFAULT_GO_MINOR = '1.27';

/**
 * The Debian release of the official `golang:<version>-<codename>` image and the matching
 * distroless `-debian<N>` images. Trixie (Debian 13, 2025-08-09) tags exist from the releases
 * current then: 1.25.0 and 1.24.6; older releases have bookworm (Debian 12) images.
 */
export function goDebian(version: string): { codename: 'trixie' | 'bookworm'; number: 12 | 13 } {
  const [, minor = 0, patch = 0] = version.split('.').map((part) => Number.parseInt(part, 10));
  const trixie = minor >= 25 || (minor === 24 && patch >= 6);
  return trixie ? { codename: 'trixie', number: 13 } : { codename: 'bookworm', number: 12 };
}

export interface ResolvedGoVersion {
  /** Exact release, e.g. `1.27.3`. */
  version: string;
  /** How the declaration became that release, for the Dockerfile comment and --explain. */
  how: 'exact' | 'newest patch' | 'language level';
  warnings: string[];
}

export function findGoLine(minor: string): GoLine | undefined {
  return GO_LINES.find((line) => line.minor === minor);
}

export function defaultGoVersion(): string {
  return findGoLine(DEFAULT_GO_MINOR)!.latest;
}

/**
 * A declared version → an exact release. `go1.22.3` / `1.22.3`: exactly that (a toolchain line
 * or a patch-level go line asks for it). `1.22`: the newest known 1.22.x (a go line names the
 * minimum; the newest patch carries the security fixes). Lines older than the table are only a
 * language level (before Go 1.21 the go line was no toolchain requirement): the default line.
 */
export function resolveGoVersion(spec: string, evidence: Evidence): ResolvedGoVersion {
  const where = describeEvidence(evidence);
  const raw = spec.trim().replace(/^go(?=\d)/, '').replace(/^v/, '');
  const match = /^(\d+)\.(\d+)(?:\.(\d+))?(?:\.x)?$/.exec(raw);
  if (!match) {
    const hint = evidence.source.startsWith('--') ? 'Pass a version such as --go-version 1.27 or 1.27.3.' : `Fix ${evidence.source}, or override it with --go-version 1.27.`;
    const pre = /^\d+\.\d+(\.\d+)?(rc|beta)\d+$/.test(raw);
    throw new DockgenError(
      pre ? `${where} names a pre-release of Go; dockgen writes images for stable releases.` : `${where} is not a Go version such as 1.27 or 1.27.3.`,
      hint,
    );
  }
  const minor = `${match[1]}.${match[2]}`;
  const line = findGoLine(minor);
  const warnings: string[] = [];
  // As for Node.js and Python: a line dockgen does not know is refused, not guessed at (1.62, 2.0).
  const newest = GO_LINES[0]!;
  if (!line && (Number(match[1]) !== 1 || Number(match[2]) > Number(newest.minor.split('.')[1]))) {
    throw new DockgenError(
      `${where} asks for Go ${minor}, which dockgen does not know (known lines: ${GO_LINES.map((l) => l.minor).join(', ')}; table checked ${GO_TABLE_CHECKED}).`,
      evidence.source.startsWith('--') ? `Pass a version such as --go-version ${newest.minor} or ${newest.latest}.` : `Fix ${evidence.source}, or override it with --go-version ${newest.minor}.`,
    );
  }
  if (match[3] !== undefined) {
    const version = `${minor}.${match[3]}`;
    if (!line) warnings.push(`Go ${version} (${where}) is not in dockgen's version table (checked ${GO_TABLE_CHECKED}); make sure the image golang:${version}-${goDebian(version).codename} exists.`);
    else if (Number(match[3]) > Number(line.latest.split('.')[2])) warnings.push(`Go ${version} (${where}) is newer than dockgen's version table knows (${line.latest}, checked ${GO_TABLE_CHECKED}); make sure the image golang:${version}-${goDebian(version).codename} exists.`);
    else eolWarning(line, where, warnings);
    return { version, how: 'exact', warnings };
  }
  if (line) {
    eolWarning(line, where, warnings);
    return { version: line.latest, how: 'newest patch', warnings };
  }
  // Older than the table (the check above let only those through): before Go 1.21 the go line was a language level, no toolchain requirement.
  warnings.push(`${where} is a language level from before Go 1.21; the image builds with Go ${defaultGoVersion()}, the newest release (modules stay compatible).`);
  return { version: defaultGoVersion(), how: 'language level', warnings };
}

function eolWarning(line: GoLine, where: string, warnings: string[]): void {
  if (line.eol) warnings.push(`Go ${line.minor} (${where}) is no longer supported since ${line.eol}: it gets no security fixes. Move to Go ${DEFAULT_GO_MINOR}.`);
}
