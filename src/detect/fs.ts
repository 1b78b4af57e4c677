import { readdirSync, realpathSync, statSync } from 'node:fs';
import { posix, resolve } from 'node:path';
import { DockgenError } from '../errors.js';
import { MAX_TEXT_BYTES, isInside, readRegularFile } from '../safe-read.js';

export { MAX_TEXT_BYTES };

/**
 * Read-only view of a project for detectors. Paths are POSIX-style and relative to the project
 * root. Detectors only ever ask for specific files or list one folder: nothing walks the tree,
 * so node_modules, .git or a virtualenv cost nothing however large they are.
 */
export interface ProjectFs {
  /** Reads a UTF-8 text file; `undefined` when it does not exist. Throws a DockgenError when it
   *  exists but cannot be used (unreadable, a directory, a symlink loop, larger than the limit). */
  readText(path: string): string | undefined;
  /** Like readText, but any problem is reported as `undefined`: for files read only as hints. */
  tryReadText(path: string): string | undefined;
  isFile(path: string): boolean;
  isDirectory(path: string): boolean;
  /** Names of the entries directly inside a folder, sorted; `[]` when it is not a folder. */
  list(dir: string): string[];
  /** The same key for every path that reaches the same folder or file (its real path on disk):
   *  walks keep a set of them, so symlinks to `.` or to each other are visited once. */
  identity(path: string): string;
}

/** What both implementations share: optional reads are reads that swallow their error. */
abstract class BaseFs implements ProjectFs {
  abstract readText(path: string): string | undefined;
  abstract isFile(path: string): boolean;
  abstract isDirectory(path: string): boolean;
  abstract list(dir: string): string[];
  abstract identity(path: string): string;

  tryReadText(path: string): string | undefined {
    try {
      return this.readText(path);
    } catch {
      return undefined;
    }
  }
}

/** Normalises a project-relative path and refuses anything that would leave the project. */
export function projectPath(path: string): string {
  const normal = posix.normalize(path.replaceAll('\\', '/')).replace(/^\.\/+/, '');
  if (normal === '..' || normal.startsWith('../') || posix.isAbsolute(normal) || normal.includes('\0')) {
    throw new DockgenError(`The path "${path}" points outside the project.`);
  }
  return normal === '.' ? '' : normal.replace(/\/+$/, '');
}

/** A ProjectFs over a folder on disk, caching every read. */
export class DiskFs extends BaseFs {
  private readonly rootReal: string;
  private readonly texts = new Map<string, string | undefined>();
  private readonly stats = new Map<string, 'file' | 'dir' | 'none'>();
  private readonly reals = new Map<string, string>();

  constructor(readonly root: string) {
    super();
    this.rootReal = realpathSync(resolve(root));
  }

  readText(path: string): string | undefined {
    const rel = projectPath(path);
    if (this.texts.has(rel)) return this.texts.get(rel);
    const kind = this.kind(rel);
    let text: string | undefined;
    if (kind === 'dir') throw new DockgenError(`${rel} is a folder, but a file was expected there.`);
    if (kind === 'file') text = this.readFile(rel);
    this.texts.set(rel, text);
    return text;
  }

  isFile(path: string): boolean {
    return this.kind(projectPath(path)) === 'file';
  }

  isDirectory(path: string): boolean {
    return this.kind(projectPath(path)) === 'dir';
  }

  list(dir: string): string[] {
    const rel = projectPath(dir);
    if (this.kind(rel) !== 'dir') return [];
    try {
      return readdirSync(this.abs(rel)).sort();
    } catch {
      return [];
    }
  }

  identity(path: string): string {
    const rel = projectPath(path);
    this.kind(rel);
    return this.reals.get(rel) ?? `missing:${rel}`;
  }

  private abs(rel: string): string {
    return rel === '' ? this.rootReal : resolve(this.rootReal, rel);
  }

  /** File, folder or nothing, following symlinks only while they stay inside the project. */
  private kind(rel: string): 'file' | 'dir' | 'none' {
    const cached = this.stats.get(rel);
    if (cached) return cached;
    let kind: 'file' | 'dir' | 'none' = 'none';
    try {
      const real = realpathSync(this.abs(rel));
      if (isInside(real, this.rootReal)) {
        this.reals.set(rel, real);
        const st = statSync(real);
        kind = st.isDirectory() ? 'dir' : st.isFile() ? 'file' : 'none';
      }
    } catch {
      // Missing, a dangling link, a symlink loop (ELOOP) or no permission: not usable.
      kind = 'none';
    }
    this.stats.set(rel, kind);
    return kind;
  }

  /** Through the one safe reader: regular files only, inside the project, size-capped. */
  private readFile(rel: string): string | undefined {
    return readRegularFile(this.abs(rel), { shown: rel, root: this.rootReal, maxBytes: MAX_TEXT_BYTES });
  }
}

/** An in-memory ProjectFs for unit tests: file paths to contents; folders are implied. */
export class MemoryFs extends BaseFs {
  private readonly files: Map<string, string>;

  constructor(files: Record<string, string>) {
    super();
    this.files = new Map(Object.entries(files).map(([path, text]) => [projectPath(path), text]));
  }

  readText(path: string): string | undefined {
    const rel = projectPath(path);
    if (this.isDirectory(rel)) throw new DockgenError(`${rel} is a folder, but a file was expected there.`);
    const text = this.files.get(rel);
    if (text !== undefined && text.length > MAX_TEXT_BYTES) {
      throw new DockgenError(`${rel} is too large to be a project file dockgen reads.`);
    }
    return text;
  }

  isFile(path: string): boolean {
    return this.files.has(projectPath(path));
  }

  isDirectory(path: string): boolean {
    const rel = projectPath(path);
    if (rel === '') return true;
    for (const file of this.files.keys()) if (file.startsWith(rel + '/')) return true;
    return false;
  }

  list(dir: string): string[] {
    const rel = projectPath(dir);
    const prefix = rel === '' ? '' : rel + '/';
    const names = new Set<string>();
    for (const file of this.files.keys()) {
      if (file.startsWith(prefix)) names.add(file.slice(prefix.length).split('/')[0]!);
    }
    return [...names].sort();
  }

  identity(path: string): string {
    return projectPath(path);
  }
}

/**
 * A ProjectFs rooted at a folder of another one (a workspace package of a monorepo): detectors
 * written for a project root read `package.json`, `server.js`… of that folder unchanged. Paths
 * that would leave the folder are refused like paths that leave the project.
 */
export class SubFs extends BaseFs {
  readonly dir: string;

  constructor(
    private readonly parent: ProjectFs,
    dir: string,
  ) {
    super();
    this.dir = projectPath(dir);
  }

  readText(path: string): string | undefined {
    return this.parent.readText(this.inner(path));
  }

  isFile(path: string): boolean {
    return this.parent.isFile(this.inner(path));
  }

  isDirectory(path: string): boolean {
    return this.parent.isDirectory(this.inner(path));
  }

  list(dir: string): string[] {
    return this.parent.list(this.inner(dir));
  }

  identity(path: string): string {
    return this.parent.identity(this.inner(path));
  }

  private inner(path: string): string {
    const rel = projectPath(path);
    if (this.dir === '') return rel;
    return rel === '' ? this.dir : `${this.dir}/${rel}`;
  }
}

/** The first of `files` that exists, with its text: for a tool's config files in order of precedence. */
export function readFirst(fs: ProjectFs, files: string[]): { file: string; text: string } | undefined {
  for (const file of files) {
    const text = fs.tryReadText(file);
    if (text !== undefined) return { file, text };
  }
  return undefined;
}
