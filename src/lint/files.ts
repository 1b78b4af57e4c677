import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { DockgenError } from '../errors.js';
import { readRegularFile } from '../safe-read.js';
import { compilePattern } from './patterns.js';
import type { LintInput } from './types.js';

const WILDCARD = /[*?[]/;
/** Folders a `**` never descends into: they hold no Dockerfile of the project and can be huge. */
const SKIP = new Set(['node_modules', '.git', '.venv', 'vendor', '__pycache__']);
/** Bounds on a `**` walk: symlinks to `.` or a huge tree must not keep lint busy for minutes. */
const MAX_DEPTH = 32;
const MAX_FOLDERS = 20000;

/**
 * The Dockerfiles named on the command line: paths, folders (their Dockerfile) and glob patterns.
 * Shells expand `services/*\/Dockerfile` themselves; patterns are expanded here too for shells that
 * do not (cmd.exe) and for quoted patterns. A pattern that matches nothing is a usage error.
 */
export function resolveDockerfiles(args: readonly string[]): string[] {
  const files: string[] = [];
  for (const arg of args.length > 0 ? args : ['Dockerfile']) {
    if (!existsSync(arg) && WILDCARD.test(arg)) {
      const matches = expandGlob(arg);
      if (matches.length === 0) throw new DockgenError(`No file matches ${arg}.`, 'Check the pattern, e.g. `dockgen lint "services/*/Dockerfile"`.');
      files.push(...matches);
    } else {
      files.push(isFolder(arg) ? join(arg, 'Dockerfile') : normalize(arg));
    }
  }
  return [...new Set(files)];
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function expandGlob(pattern: string): string[] {
  const absolute = pattern.startsWith('/');
  let current = [absolute ? '/' : '.'];
  for (const segment of pattern.split('/').filter((s) => s !== '' && s !== '.')) {
    const next: string[] = [];
    const regex = WILDCARD.test(segment) && segment !== '**' ? globSegment(segment, pattern) : undefined;
    for (const dir of current) {
      if (segment === '**') next.push(dir, ...descendants(dir));
      else if (!regex) next.push(join(dir, segment));
      else next.push(...entries(dir).filter((name) => regex.test(name)).map((name) => join(dir, name)));
    }
    current = [...new Set(next)];
  }
  return current.filter((path) => existsSync(path) && !isFolder(path)).sort();
}

function globSegment(segment: string, pattern: string): RegExp {
  try {
    return compilePattern(segment);
  } catch (error) {
    if (error instanceof DockgenError) throw new DockgenError(`${pattern}: ${error.message}`, 'Check the pattern, e.g. `dockgen lint "services/*/Dockerfile"`.');
    throw error;
  }
}

function entries(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/** Every folder below `dir`, each real folder once (a symlink to `.` or to a parent is not
 *  entered again), breadth first, within MAX_DEPTH levels and MAX_FOLDERS folders. */
function descendants(dir: string): string[] {
  const seen = new Set<string>([realOrSelf(dir)]);
  const out: string[] = [];
  let level = [dir];
  for (let depth = 0; depth < MAX_DEPTH && level.length > 0; depth++) {
    const next: string[] = [];
    for (const parent of level) {
      for (const name of entries(parent).sort()) {
        const path = join(parent, name);
        if (SKIP.has(name) || !isFolder(path)) continue;
        const real = realOrSelf(path);
        if (seen.has(real)) continue;
        seen.add(real);
        if (seen.size > MAX_FOLDERS) {
          throw new DockgenError(`The pattern's \`**\` below ${dir} reaches more than ${MAX_FOLDERS} folders.`, 'Narrow the pattern, e.g. `services/*/Dockerfile`.');
        }
        next.push(path);
      }
    }
    out.push(...next);
    level = next;
  }
  return out;
}

function realOrSelf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/**
 * Reads a Dockerfile and the .dockerignore the builder would use with it: `<Dockerfile>.dockerignore`
 * beside it (BuildKit's per-Dockerfile ignore file), else `.dockerignore` in the build context.
 * The context is taken to be the Dockerfile's folder, as `docker build -f path/Dockerfile path/`.
 */
export function readLintInput(path: string): LintInput {
  // `-`: a Dockerfile on standard input (`dockgen --stdout | dockgen lint -`); it has no build
  // context, so the .dockerignore checks are skipped.
  if (path === '-') return { dockerfilePath: '<stdin>', dockerfile: readFileSync(0, 'utf8') };
  // Named by the user, so it may be anywhere (even a link); but never a FIFO or a device.
  const dockerfile = readRegularFile(path, { shown: path });
  if (dockerfile === undefined) throw new DockgenError(`${path} does not exist.`, 'Pass the Dockerfile to lint, e.g. `dockgen lint path/to/Dockerfile`.');
  const context = dirname(path);
  // The ignore files belong to the build context: read like project files, so a link out of the
  // context is refused and a FIFO named .dockerignore cannot hang lint.
  let ignore: { path: string; text: string } | null = null;
  for (const candidate of [`${path}.dockerignore`, join(context, '.dockerignore')]) {
    if (isFolder(candidate)) continue;
    const text = readRegularFile(candidate, { shown: candidate, root: context });
    if (text !== undefined) {
      ignore = { path: candidate, text };
      break;
    }
  }
  return {
    dockerfilePath: path,
    dockerfile,
    dockerignore: ignore,
    context: { exists: (relative) => existsSync(join(context, relative)) },
  };
}
