import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, realpathSync, statSync, type Stats } from 'node:fs';
import { resolve, sep } from 'node:path';
import { DockgenError } from './errors.js';

/**
 * The one way dockgen reads a file it did not write: dockgen.json, the org config, a Dockerfile
 * given to `lint` and the .dockerignore beside it, existing outputs, every project file.
 *
 * dockgen runs on repositories its users did not write (a clone, a stranger's pull request), so a
 * file may be a FIFO (reading it blocks forever), a device (/dev/zero never ends), a socket, a
 * symlink to /etc/passwd or a gigabyte of nothing. This reader refuses all of those with a message
 * that names the file as the user knows it (`shown`) and never quotes what is in it.
 */

/** Files larger than this are not project metadata; reading them would only waste time. */
export const MAX_TEXT_BYTES = 2 * 1024 * 1024;

export interface SafeReadOptions {
  /** How messages name the file (project-relative, or as the user typed it). */
  shown: string;
  /** When set, the file must resolve (after every symlink) to a path inside this folder. An
   *  explicit path the user chose (`dockgen lint ../other/Dockerfile`, `--config`) has none. */
  root?: string;
  maxBytes?: number;
}

/** Reads a regular UTF-8 text file; `undefined` when nothing is there (or a link leads nowhere).
 *  Throws a DockgenError for anything else that is not a readable regular file within the limits. */
export function readRegularFile(path: string, options: SafeReadOptions): string | undefined {
  const { shown } = options;
  const real = resolveReal(path, shown);
  if (real === undefined) return undefined;
  if (options.root !== undefined && !isInside(real, realRoot(options.root))) {
    throw new DockgenError(`${shown} is a symbolic link to a file outside the project; dockgen does not follow it.`, `Replace the link with a regular file inside the project.`);
  }
  assertRegular(statOrFail(real, shown), shown);
  return readCapped(real, shown, options.maxBytes ?? MAX_TEXT_BYTES);
}

/** Real path of `path`, or undefined when it (or a link's target) does not exist. */
function resolveReal(path: string, shown: string): string | undefined {
  try {
    return realpathSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    if (code === 'ELOOP') throw new DockgenError(`${shown} is a symbolic link loop.`, 'Remove the link.');
    throw cannotRead(shown, error);
  }
}

function realRoot(root: string): string {
  try {
    return realpathSync(resolve(root));
  } catch {
    return resolve(root);
  }
}

export function isInside(real: string, rootReal: string): boolean {
  return real === rootReal || real.startsWith(rootReal.endsWith(sep) ? rootReal : rootReal + sep);
}

function statOrFail(path: string, shown: string): Stats {
  try {
    return statSync(path);
  } catch (error) {
    throw cannotRead(shown, error);
  }
}

/** What a non-regular file is, in words a user recognises. */
export function describeKind(st: Stats): string {
  if (st.isDirectory()) return 'a folder';
  if (st.isFIFO()) return 'a named pipe (FIFO)';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  if (st.isSocket()) return 'a socket';
  if (st.isSymbolicLink()) return 'a symbolic link';
  return 'not a regular file';
}

function assertRegular(st: Stats, shown: string): void {
  if (st.isFile()) return;
  throw new DockgenError(`${shown} is ${describeKind(st)}, but a regular file was expected there; dockgen does not read it.`, 'Replace it with a regular file, or remove it.');
}

/**
 * Opens without blocking (a FIFO swapped in after the check still cannot hang the open), checks
 * again on the open descriptor, and reads at most `max + 1` bytes: a file that grows while it is
 * read is still refused, never read to the end.
 */
function readCapped(real: string, shown: string, max: number): string {
  let fd: number;
  try {
    fd = openSync(real, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOFOLLOW ?? 0));
  } catch (error) {
    throw cannotRead(shown, error);
  }
  try {
    const st = fstatSync(fd);
    assertRegular(st, shown);
    if (st.size > max) throw tooLarge(shown, st.size);
    let buffer = Buffer.alloc(Math.min(st.size, max) + 1);
    let length = 0;
    for (;;) {
      if (length === buffer.length) {
        if (length > max) throw tooLarge(shown, length);
        // It grew since fstat (or reports no size, as /proc files do): make room, up to the cap.
        const bigger = Buffer.alloc(Math.min(buffer.length * 2, max + 1));
        buffer.copy(bigger);
        buffer = bigger;
      }
      const n = readOnce(fd, buffer, length, shown);
      if (n === 0) return buffer.toString('utf8', 0, length);
      length += n;
    }
  } finally {
    closeSync(fd);
  }
}

function readOnce(fd: number, buffer: Buffer, offset: number, shown: string): number {
  try {
    return readSync(fd, buffer, offset, buffer.length - offset, null);
  } catch (error) {
    throw cannotRead(shown, error);
  }
}

function cannotRead(shown: string, error: unknown): DockgenError {
  return new DockgenError(`Cannot read ${shown} (${(error as NodeJS.ErrnoException).code ?? 'unknown error'}).`, 'Check the file permissions.');
}

function tooLarge(shown: string, size: number): DockgenError {
  const amount = size >= 1024 * 1024 ? `${(size / 1024 / 1024).toFixed(1)} MiB` : `${Math.ceil(size / 1024)} KiB`;
  return new DockgenError(
    `${shown} is ${amount}, too large to be a file dockgen reads.`,
    'Check that the file is what it should be, or pass the value it would provide as a flag.',
  );
}

/** lstat without throwing: `undefined` when nothing is at the path. */
export function lstatOrUndefined(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw error;
  }
}
