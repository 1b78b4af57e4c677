import { existsSync, lstatSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, join, normalize, resolve } from 'node:path';
import { DockgenError } from '../errors.js';
import { isInside, readRegularFile } from '../safe-read.js';
import { compilePattern } from './patterns.js';
import type { LintInput } from './types.js';

const WILDCARD = /[*?[]/;
/** Folders a `**` never descends into: they hold no Dockerfile of the project and can be huge. */
const SKIP = new Set(['node_modules', '.git', '.venv', 'vendor', '__pycache__']);
/** Bounds on a `**` walk: symlinks to `.` or a huge tree must not keep lint busy for minutes. */
const MAX_DEPTH = 32;
const MAX_FOLDERS = 20000;

/** A Dockerfile to lint; `root`, when set, is the folder it must not lead out of (by a link). */
export interface LintTarget {
  path: string;
  root?: string;
}

/**
 * The Dockerfiles named on the command line: paths, folders (their Dockerfile) and glob patterns.
 * Shells expand `services/*\/Dockerfile` themselves; patterns are expanded here too for shells that
 * do not (cmd.exe) and for quoted patterns. A pattern that matches nothing is a usage error.
 * A file named on the command line may be anywhere the user chose; a folder's Dockerfile and a
 * pattern's matches must stay inside the folder they were found from.
 */
export function resolveDockerfiles(args: readonly string[]): LintTarget[] {
  const targets: LintTarget[] = [];
  for (const arg of args.length > 0 ? args : ['Dockerfile']) {
    if (arg === '-') targets.push({ path: arg });
    else if (!existsSync(arg) && WILDCARD.test(arg)) {
      const matches = expandGlob(arg);
      if (matches.length === 0) throw new DockgenError(`No file matches ${arg}.`, 'Check the pattern, e.g. `dockgen lint "services/*/Dockerfile"`.');
      targets.push(...matches);
    } else if (isFolder(arg)) {
      targets.push({ path: join(arg, 'Dockerfile'), root: arg });
    } else {
      targets.push({ path: normalize(arg) });
    }
  }
  const seen = new Set<string>();
  return targets.filter((target) => !seen.has(target.path) && seen.add(target.path));
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function expandGlob(pattern: string): LintTarget[] {
  const absolute = pattern.startsWith('/');
  const segments = pattern.split('/').filter((s) => s !== '' && s !== '.');
  // The folder before the first wildcard: matches (through links too) must stay inside it.
  const firstWild = segments.findIndex((s) => WILDCARD.test(s));
  const base = join(absolute ? '/' : '.', ...segments.slice(0, Math.max(firstWild, 0)));
  const baseReal = realOrSelf(base);
  let current = [absolute ? '/' : '.'];
  for (const segment of segments) {
    const next: string[] = [];
    const regex = WILDCARD.test(segment) && segment !== '**' ? globSegment(segment, pattern) : undefined;
    for (const dir of current) {
      if (segment === '**') next.push(dir, ...descendants(dir));
      else if (!regex) next.push(join(dir, segment));
      else next.push(...entries(dir).filter((name) => regex.test(name)).map((name) => join(dir, name)));
    }
    current = [...new Set(next)];
  }
  return current
    .filter((path) => existsSync(path) && !isFolder(path) && isInside(realOrSelf(path), baseReal))
    .sort()
    .map((path) => ({ path, root: base }));
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
        // Like a shell's globstar, `**` does not descend through symlinked folders.
        if (SKIP.has(name) || !isRealFolder(path)) continue;
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

function isRealFolder(path: string): boolean {
  try {
    return lstatSync(path).isDirectory();
  } catch {
    return false;
  }
}

function realOrSelf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/**
 * The build context of a Dockerfile: its folder, as `docker build -f path/Dockerfile path/`; but a
 * service's Dockerfile whose header gives its build from the repository root
 * (`docker build -f apps/api/Dockerfile … .`, as dockgen writes them) is linted against that root.
 */
function buildContext(path: string, dockerfile: string): string {
  const folder = dirname(path);
  const named = /^# Build \(from the repository root\): docker build -f (\S+) /m.exec(dockerfile.slice(0, 2000))?.[1];
  if (!named || named.split('/').includes('..')) return folder;
  const full = resolve(path);
  if (!full.endsWith(`/${named}`)) return folder;
  return full.slice(0, full.length - named.length - 1) || '/';
}

/**
 * Reads a Dockerfile and the .dockerignore the builder would use with it: `<Dockerfile>.dockerignore`
 * beside it (BuildKit's per-Dockerfile ignore file), else `.dockerignore` in the build context
 * (see buildContext).
 */
export function readLintInput(target: LintTarget | string): LintInput {
  const { path, root } = typeof target === 'string' ? { path: target, root: undefined } : target;
  // `-`: a Dockerfile on standard input (`dockgen --stdout | dockgen lint -`); it has no build
  // context, so the .dockerignore checks are skipped.
  if (path === '-') return { dockerfilePath: '<stdin>', dockerfile: readFileSync(0, 'utf8') };
  // Named by the user, so it may be anywhere (even a link); but never a FIFO or a device.
  const dockerfile = readRegularFile(path, root === undefined ? { shown: path } : { shown: path, root });
  if (dockerfile === undefined) throw new DockgenError(`${path} does not exist.`, 'Pass the Dockerfile to lint, e.g. `dockgen lint path/to/Dockerfile`.');
  const context = buildContext(path, dockerfile);
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
