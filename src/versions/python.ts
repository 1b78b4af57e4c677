/**
 * Python lines dockgen knows, with the newest patch release of each that has an official
 * `python:<X.Y.Z>-slim-trixie` image. Checked 2026-11-23 against the python.org release
 * pages and image tags in use in public Dockerfiles (3.14.8 and 3.13.16 published Oct 2026).
 * Update the patch numbers when a line gets a new release; `dockgen --python-version 3.14.9`
 * works before that (an exact version is used as given).
 *
 * Every supported line here has a `-slim-trixie` tag (Debian 13, current stable), which the images
 * use; the end-of-life lines 3.8 and 3.7 name the Debian release of their last images.
 */
export const PYTHON_TABLE_CHECKED = '2026-11-23';

export interface PythonLine {
  /** `3.14` */
  minor: string;
  /** Newest patch release, e.g. `3.14.8`. */
  latest: string;
  /** End of upstream support (YYYY-MM). */
  eol: string;
  /** The Debian release of the line's last official images, when it is not PYTHON_DEBIAN. */
  debian?: string;
}

/** Newest first. */
export const PYTHON_LINES: readonly PythonLine[] = [
  { minor: '3.15', latest: '3.15.0', eol: '2031-10' },
  { minor: '3.14', latest: '3.14.8', eol: '2030-10' },
  { minor: '3.13', latest: '3.13.16', eol: '2029-10' },
  { minor: '3.12', latest: '3.12.14', eol: '2028-10' },
  { minor: '3.11', latest: '3.11.16', eol: '2027-10' },
  { minor: '3.10', latest: '3.10.21', eol: '2026-10' },
  { minor: '3.9', latest: '3.9.25', eol: '2025-10' },
  // End-of-life lines whose last official images are still published, on Debian 12: the final
  // releases were tagged 3.8.20-slim-bookworm / 3.7.17-slim-bookworm (docker-library/official-images
  // PR 14854 added bookworm to 3.7 in June 2023; trixie came after both lines ended).
  { minor: '3.8', latest: '3.8.20', eol: '2024-10', debian: 'bookworm' },
  { minor: '3.7', latest: '3.7.17', eol: '2023-06', debian: 'bookworm' },
];

/**
 * The default line, and the newest one a version *range* resolves to. A new feature release is
 * out (3.15.0, Oct 2026), but many packages publish wheels for it only in the months after, and a
 * missing wheel means a compiler in the build: ranges such as `>=3.10` get 3.14 until the table
 * says otherwise. An explicit `3.15` is honoured.
 */
export const DEFAULT_PYTHON_MINOR = '3.14';

export const PYTHON_DEBIAN = 'trixie';

/** The Debian release of a version's image: the line's own for end-of-life lines, else PYTHON_DEBIAN. */
export function pythonDebian(version: string): string {
  return findPythonLine(version.split('.').slice(0, 2).join('.'))?.debian ?? PYTHON_DEBIAN;
}

export function findPythonLine(minor: string): PythonLine | undefined {
  return PYTHON_LINES.find((line) => line.minor === minor);
}

/** Whether a line is past its end of life on the given date (YYYY-MM-DD). */
export function isPythonEol(line: PythonLine, today: string): boolean {
  return line.eol < today.slice(0, 7);
}
