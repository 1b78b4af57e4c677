import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DockgenError, EXIT } from './errors.js';
import type { GeneratedFile } from './core.js';

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
    if (!existsSync(target)) return { ...file, status: 'create' };
    const existing = readFileSync(target, 'utf8');
    if (existing === file.content) return { ...file, status: 'identical', existing };
    return { ...file, status: force ? 'overwrite' : 'conflict', existing };
  });
}

/**
 * Writes the created and overwritten files, all or nothing: conflicts are refused before any
 * write, and each file is written to a temporary name and renamed, so a crash or Ctrl-C never
 * leaves half a Dockerfile behind.
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
    const temp = `${target}.dockgen-${process.pid}.tmp`;
    try {
      writeFileSync(temp, change.content, { mode: 0o644 });
      renameSync(temp, target);
    } catch (error) {
      rmSync(temp, { force: true });
      throw new DockgenError(`Cannot write ${target}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`, 'Check that the folder is writable.');
    }
  }
}
