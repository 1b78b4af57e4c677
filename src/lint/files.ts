import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { DockgenError } from '../errors.js';
import { compilePattern } from './patterns.js';
import type { LintInput } from './types.js';

const WILDCARD = /[*?[]/;
/** Folders a `**` never descends into: they hold no Dockerfile of the project and can be huge. */
const SKIP = new Set(['node_modules', '.git', '.venv', 'vendor', '__pycache__']);

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
    for (const dir of current) {
      if (segment === '**') next.push(dir, ...descendants(dir));
      else if (!WILDCARD.test(segment)) next.push(join(dir, segment));
      else next.push(...entries(dir).filter((name) => compilePattern(segment).test(name)).map((name) => join(dir, name)));
    }
    current = next;
  }
  return current.filter((path) => existsSync(path) && !isFolder(path)).sort();
}

function entries(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

function descendants(dir: string): string[] {
  return entries(dir)
    .filter((name) => !SKIP.has(name) && isFolder(join(dir, name)))
    .flatMap((name) => [join(dir, name), ...descendants(join(dir, name))]);
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
  let dockerfile: string;
  try {
    dockerfile = readFileSync(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : 'cannot be read';
    throw new DockgenError(`${path} ${reason}.`, 'Pass the Dockerfile to lint, e.g. `dockgen lint path/to/Dockerfile`.');
  }
  const context = dirname(path);
  const candidates = [`${path}.dockerignore`, join(context, '.dockerignore')];
  const ignorePath = candidates.find((candidate) => existsSync(candidate) && !isFolder(candidate));
  return {
    dockerfilePath: path,
    dockerfile,
    dockerignore: ignorePath ? { path: ignorePath, text: readFileSync(ignorePath, 'utf8') } : null,
    context: { exists: (relative) => existsSync(join(context, relative)) },
  };
}
