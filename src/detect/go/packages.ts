import { posix } from 'node:path';
import type { ProjectFs } from '../fs.js';
import { portHints, type PortHints } from './port.js';
import { buildsOnLinux, parseGoFile, readPackageClause } from './source.js';

/** One Go package folder, as the go command would compile it for a Linux image. */
export interface GoPackage {
  /** Project-relative folder ('' for the root). */
  dir: string;
  /** The package clause ('' when the folder has no Go files for Linux). */
  name: string;
  imports: string[];
  /** Files that `import "C"` with no `cgo` build tag offering a pure-Go alternative. */
  cgoFiles: string[];
  /** Port hints with the file each was found in. */
  hints: Array<{ file: string; hints: PortHints }>;
}

/** Where local import paths live: module paths (this one and a workspace's others) → folders. */
export interface ImportRoots {
  modules: Array<{ path: string; dir: string }>;
  /** A committed vendor/ folder (with modules.txt), if any. */
  vendorDir?: string;
}

/** Enough for any real service; bounds the work on a huge repository. */
const MAX_PACKAGES = 400;

export class PackageReader {
  private readonly cache = new Map<string, GoPackage>();

  constructor(private readonly fs: ProjectFs) {}

  /** The folder's package name for a Linux build, reading only each file's header: cheap enough
   *  to ask of every folder of a repository. '' when it has no Go files for Linux. */
  packageName(dir: string): string {
    const cached = this.cache.get(dir);
    if (cached) return cached.name;
    for (const name of this.goFiles(dir)) {
      const text = this.fs.tryReadText(joinPath(dir, name));
      if (text === undefined) continue;
      const clause = readPackageClause(text);
      if (clause.packageName && buildsOnLinux(name, clause.constraint)) return clause.packageName;
    }
    return '';
  }

  read(dir: string): GoPackage {
    const cached = this.cache.get(dir);
    if (cached) return cached;
    const pkg: GoPackage = { dir, name: '', imports: [], cgoFiles: [], hints: [] };
    const imports = new Set<string>();
    for (const name of this.goFiles(dir)) {
      const path = joinPath(dir, name);
      const text = this.fs.tryReadText(path);
      if (text === undefined) continue;
      const file = parseGoFile(text);
      if (!file.packageName || !buildsOnLinux(name, file.constraint)) continue;
      // A folder's package is its files' package; documentation-only `package main` files
      // excluded by `//go:build ignore` never get here.
      if (!pkg.name) pkg.name = file.packageName;
      if (file.packageName !== pkg.name) continue;
      for (const imported of file.imports) imports.add(imported);
      if (file.imports.includes('C') && !/\bcgo\b/.test(file.constraint ?? '')) pkg.cgoFiles.push(path);
      pkg.hints.push({ file: path, hints: portHints(file.tokens, file.imports) });
    }
    pkg.imports = [...imports].sort();
    this.cache.set(dir, pkg);
    return pkg;
  }

  /** The .go files the go command compiles (not tests, not files it ignores by name). */
  private goFiles(dir: string): string[] {
    return this.fs.list(dir).filter((name) => name.endsWith('.go') && !name.endsWith('_test.go') && !/^[._]/.test(name) && this.fs.isFile(joinPath(dir, name)));
  }

  /** The main package and every package of the project (or its vendor/ folder) it imports, transitively. */
  walk(mainDir: string, roots: ImportRoots): { packages: GoPackage[]; external: string[] } {
    const seen = new Set<string>([mainDir]);
    const queue = [mainDir];
    const packages: GoPackage[] = [];
    const external = new Set<string>();
    while (queue.length > 0 && packages.length < MAX_PACKAGES) {
      const pkg = this.read(queue.shift()!);
      packages.push(pkg);
      for (const imported of pkg.imports) {
        const dir = localDir(imported, roots, this.fs);
        if (dir === undefined) {
          if (imported.includes('.') && imported !== 'C') external.add(imported);
          continue;
        }
        if (!seen.has(dir)) {
          seen.add(dir);
          queue.push(dir);
        }
      }
    }
    return { packages, external: [...external].sort() };
  }
}

/** The project folder an import path resolves to, or undefined for the standard library and
 *  modules that are downloaded at build time. */
function localDir(importPath: string, roots: ImportRoots, fs: ProjectFs): string | undefined {
  // The longest module path wins: a nested module shadows its parent's folder.
  const owners = roots.modules.filter((m) => importPath === m.path || importPath.startsWith(`${m.path}/`));
  const owner = owners.sort((a, b) => b.path.length - a.path.length)[0];
  if (owner) return posix.join(owner.dir || '.', importPath.slice(owner.path.length + 1)).replace(/^\.$/, '');
  if (roots.vendorDir !== undefined && importPath.includes('.')) {
    const dir = `${roots.vendorDir}/${importPath}`;
    if (fs.isDirectory(dir)) return dir;
  }
  return undefined;
}

function joinPath(dir: string, name: string): string {
  return dir === '' ? name : `${dir}/${name}`;
}
