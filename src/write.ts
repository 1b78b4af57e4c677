import { randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, openSync, realpathSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { DockgenError, EXIT } from './errors.js';
import type { GeneratedFile } from './core.js';
import { describeKind, isInside, lstatOrUndefined, readRegularFile } from './safe-read.js';

/** `skip`: a conflict the user chose to keep as it is (interactive runs). */
export type FileStatus = 'create' | 'identical' | 'conflict' | 'overwrite' | 'skip';

export interface FileChange extends GeneratedFile {
  status: FileStatus;
  /** What is on disk now, when the file exists. */
  existing?: string;
}

/** Compares each generated file with the one on disk. An existing, different file is a
 *  conflict unless `force` is set. */
export function compareWithDisk(dir: string, files: GeneratedFile[], force: boolean): FileChange[] {
  return files.map((file) => {
    const target = join(dir, file.path);
    assertWritableTarget(dir, target, file.path);
    const existing = readRegularFile(target, { shown: file.path, root: dir });
    if (existing === undefined) return { ...file, status: 'create' };
    if (existing === file.content) return { ...file, status: 'identical', existing };
    return { ...file, status: force ? 'overwrite' : 'conflict', existing };
  });
}

/**
 * An output path holds nothing or a regular file. A symlink there (even a dangling one) is never
 * followed or replaced: a cloned project could point `Dockerfile` at a file outside it, and a
 * dangling link is not "no file" either. A folder, FIFO or device is reported, never opened.
 * --force does not change this: it overwrites files, not things that are not files.
 */
function assertWritableTarget(dir: string, target: string, shown: string): void {
  // An output in a subfolder (a project's own nginx.conf): the folder must not be a link out.
  const folder = realOrUndefined(dirname(target));
  if (folder !== undefined && !isInside(folder, realpathSync(dir))) {
    throw new DockgenError(`The folder of ${shown} leads out of the project (a symbolic link); dockgen does not write there.`, 'Replace the link with a folder inside the project.');
  }
  const st = lstatOrUndefined(target);
  if (st === undefined || st.isFile()) return;
  if (st.isSymbolicLink()) {
    throw new DockgenError(`${shown} is a symbolic link; dockgen never writes through a link or replaces one.`, `Remove the link (or replace it with a regular file), then run dockgen again.`);
  }
  throw new DockgenError(`${shown} is ${describeKind(st)}, where dockgen writes a file.`, `Move it out of the way, then run dockgen again.`);
}

/**
 * Writes the created and overwritten files, all or nothing: conflicts are refused before any
 * write, and each file is written to a temporary name and renamed, so a crash or Ctrl-C never
 * leaves half a Dockerfile behind. The temporary name is unpredictable and created exclusively
 * (`wx`), so nothing planted in the project (a symlink under the expected name) can redirect it.
 */
export function writeChanges(dir: string, changes: FileChange[]): void {
  const conflicts = changes.filter((c) => c.status === 'conflict');
  if (conflicts.length > 0) {
    throw new DockgenError(
      `${conflicts.map((c) => c.path).join(' and ')} already exist${conflicts.length === 1 ? 's' : ''} and differ${conflicts.length === 1 ? 's' : ''} from what dockgen would write; nothing was written.`,
      'See the difference with --dry-run, then overwrite with --force.',
      EXIT.checkFailed,
    );
  }
  for (const change of changes) {
    if (change.status !== 'create' && change.status !== 'overwrite') continue;
    const target = join(dir, change.path);
    const temp = join(dirname(target), `.${basename(target)}.dockgen-${randomBytes(8).toString('hex')}.tmp`);
    let created = false;
    try {
      // A file in a folder that does not exist yet (.github/dependabot.yml): the folder was checked
      // to lead nowhere outside the project (assertWritableTarget), and is created inside it.
      if (change.path.includes('/')) mkdirSync(dirname(target), { recursive: true });
      const fd = openSync(temp, 'wx', 0o644);
      created = true;
      try {
        writeSync(fd, change.content);
      } finally {
        closeSync(fd);
      }
      // Checked again just before the rename: something may have appeared since the comparison.
      // A file that appeared is not ours to replace unless --force said so.
      assertWritableTarget(dir, target, change.path);
      if (change.status === 'create' && lstatOrUndefined(target) !== undefined) {
        throw new DockgenError(`${change.path} appeared while dockgen was writing; it was left as it is.`, 'Run dockgen again.', EXIT.checkFailed);
      }
      renameSync(temp, target);
    } catch (error) {
      if (created) rmSync(temp, { force: true });
      if (error instanceof DockgenError) throw error;
      throw new DockgenError(`Cannot write ${target}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`, 'Check that the folder is writable.');
    }
  }
}

function realOrUndefined(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
}
