import { statSync } from 'node:fs';
import { DockgenError } from '../errors.js';

/** The project argument must be an existing folder: said plainly, before anything reads it. */
export function assertFolder(dir: string): void {
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    throw new DockgenError(`${dir} does not exist.`, 'Pass the project folder as the argument, e.g. `dockgen path/to/app`.');
  }
  if (!isDir) throw new DockgenError(`${dir} is not a folder.`, 'Pass the project folder, not a file.');
}
