import { fact, type Fact } from '../evidence.js';
import type { ProjectFs } from '../fs.js';
import type { PackageReader } from './packages.js';

/**
 * Code without a go.mod (written before modules, or a single main.go). The go command still builds
 * it in one of three ways, and dockgen picks the one that needs no guess about versions:
 * - `init`: standard library only → `go mod init` in the build; nothing to download.
 * - `gopath`: a committed vendor/ (the GOPATH-era layout, no vendor/modules.txt) → GOPATH mode
 *   (GO111MODULE=off) with the project at $GOPATH/src/<import path>: the go command reads vendor/
 *   exactly as the project's authors did. `go mod init` would not: without modules.txt it reports
 *   "inconsistent vendoring".
 * - `tidy`: imports with no vendor/ → `go mod init && go mod tidy` resolves the newest version of
 *   each; nothing pins them, which the CLI says (like an npm install without a lockfile, R9).
 */
export type ModulelessMode = 'init' | 'gopath' | 'tidy';

/** A GOPATH import path dockgen can put in a WORKDIR and a `go mod init` line. */
const IMPORT_PATH = /^[A-Za-z0-9][A-Za-z0-9._-]*(\/[A-Za-z0-9_-][A-Za-z0-9._-]*)*$/;
const DEFAULT_PATH = 'app';

/**
 * The import path of a module-less project: a canonical import comment (`package main // import
 * "github.com/acme/api"`), the import path dep/Godep/glide recorded, or the prefix under which its
 * own code imports one of its folders (`github.com/acme/api/handlers` with a handlers/ folder).
 */
export function modulelessImportPath(fs: ProjectFs, reader: PackageReader, mainDirs: string[]): Fact<string> {
  for (const dir of mainDirs) {
    for (const name of fs.list(dir).filter((n) => n.endsWith('.go') && !n.endsWith('_test.go'))) {
      const path = dir === '' ? name : `${dir}/${name}`;
      const comment = /^package[ \t]+\w+[ \t]*\/\/[ \t]*import[ \t]+"([^"\n]+)"/m.exec(fs.tryReadText(path) ?? '');
      const root = comment && stripSuffix(comment[1]!, dir);
      if (root && IMPORT_PATH.test(root)) return fact(root, path, 'import comment', comment[1]);
    }
  }
  const godeps = /"ImportPath"\s*:\s*"([^"\n]+)"/.exec(fs.tryReadText('Godeps/Godeps.json') ?? '');
  if (godeps && IMPORT_PATH.test(godeps[1]!)) return fact(godeps[1]!, 'Godeps/Godeps.json', 'ImportPath', godeps[1]);
  const glide = /^package:[ \t]*["']?([^\s"'#]+)/m.exec(fs.tryReadText('glide.yaml') ?? '');
  if (glide && IMPORT_PATH.test(glide[1]!)) return fact(glide[1]!, 'glide.yaml', 'package', glide[1]);
  for (const dir of mainDirs) {
    for (const imported of reader.read(dir).imports) {
      const parts = imported.split('/');
      // X/<folder>[/<sub>…] where <folder>… is one of the project's own Go package folders.
      for (let i = 1; i < parts.length; i++) {
        const prefix = parts.slice(0, i).join('/');
        const folder = parts.slice(i).join('/');
        if (!parts[0]!.includes('.') || folder.startsWith('vendor/') || !fs.isDirectory(folder) || reader.packageName(folder) === '') continue;
        if (IMPORT_PATH.test(prefix)) return fact(prefix, dir === '' ? '.' : dir, 'import', imported);
      }
    }
  }
  return fact(DEFAULT_PATH, 'default', undefined, 'no import comment, Godeps.json, glide.yaml or import of its own folders');
}

/** `github.com/acme/api/cmd/api` declared in cmd/api → `github.com/acme/api`. */
function stripSuffix(path: string, dir: string): string | undefined {
  if (dir === '') return path;
  return path.endsWith(`/${dir}`) ? path.slice(0, -dir.length - 1) : undefined;
}
