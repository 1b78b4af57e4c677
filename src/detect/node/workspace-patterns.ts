import { fact, type Fact } from '../evidence.js';
import type { ProjectFs } from '../fs.js';
import type { PackageJson } from './package-json.js';
import { GLOB_FLAGS, literal, readClass } from '../../glob.js';

/**
 * The workspace globs a monorepo root declares: package.json `workspaces` (npm, Yarn, Bun: an
 * array, or `{ packages: [...] }` as Yarn 1 also allows) or pnpm-workspace.yaml `packages:`
 * (pnpm ignores package.json `workspaces`). `undefined` when the folder is not a workspace root.
 */
export function readWorkspacePatterns(fs: ProjectFs, pkg: PackageJson): Fact<string[]> | undefined {
  const yaml = fs.tryReadText('pnpm-workspace.yaml');
  if (yaml !== undefined) {
    const patterns = readYamlPackagesList(yaml);
    if (patterns.length > 0) return fact(patterns, 'pnpm-workspace.yaml', 'packages', patterns.join(', '));
  }
  const declared = pkg.workspaces;
  const list = Array.isArray(declared)
    ? declared
    : typeof declared === 'object' && declared !== null && Array.isArray((declared as { packages?: unknown }).packages)
      ? ((declared as { packages: unknown[] }).packages)
      : undefined;
  if (!list) return undefined;
  const patterns = list.filter((p): p is string => typeof p === 'string' && p.trim() !== '').map((p) => p.trim());
  const field = Array.isArray(declared) ? 'workspaces' : 'workspaces.packages';
  return fact(patterns, 'package.json', field, patterns.join(', '));
}

/**
 * The `packages:` list of pnpm-workspace.yaml, in the two forms pnpm documents and writes: a
 * block sequence (`  - "apps/*"`) or a flow sequence (`packages: [apps/*, 'packages/*']`).
 * Other keys (catalog:, onlyBuiltDependencies: …) are skipped. A full YAML parser would be a
 * dependency for one list of strings; anything fancier (anchors, multi-line scalars) is not
 * used for this key in practice, and an unreadable entry is left out rather than guessed.
 */
export function readYamlPackagesList(text: string): string[] {
  const lines = text.split(/\r?\n/);
  const start = lines.findIndex((line) => /^packages\s*:/.test(line));
  if (start < 0) return [];
  const inline = stripComment(lines[start]!.replace(/^packages\s*:/, '')).trim();
  if (inline.startsWith('[')) {
    const body = inline.replace(/^\[/, '').replace(/\]\s*$/, '');
    return body.split(',').map(unquote).filter((p): p is string => p !== undefined && p !== '');
  }
  const patterns: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (/^\S/.test(line) && !line.startsWith('#') && !line.startsWith('-')) break; // the next top-level key
    const item = /^\s*-\s+(.*)$/.exec(stripComment(line));
    if (!item) continue;
    const value = unquote(item[1]!);
    if (value) patterns.push(value);
  }
  return patterns;
}

/** A YAML comment starts at `#` after whitespace, outside quotes. */
function stripComment(line: string): string {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '#' && (i === 0 || /\s/.test(line[i - 1]!))) return line.slice(0, i);
  }
  return line;
}

function unquote(raw: string): string | undefined {
  const value = raw.trim();
  const quoted = /^(["'])(.*)\1$/.exec(value);
  if (quoted) return quoted[2];
  // Unquoted, a leading `*`, `&` or `!` is a YAML alias, anchor or tag, `[`/`{` a collection…
  return /^[*&!|>[{%@`]/.test(value) ? undefined : value;
}

/** Folders never searched for workspace packages: installed or VCS data, however large. */
const NEVER_WALKED = new Set(['node_modules', '.git', '.hg', '.svn']);
/** How deep `**` looks below its literal prefix, and how many folders a walk visits at most:
 *  bounds on a mistaken `**` at the root of a large repository. */
const MAX_GLOBSTAR_DEPTH = 5;
const MAX_VISITED = 5000;

/**
 * The folders that the patterns select and that hold a package.json, sorted. `*` matches within
 * one path segment (not dot-folders), `**` any number of segments; `!pattern` removes matches.
 * Only the part of the tree below each pattern's literal prefix is listed (`apps/*` lists apps/).
 */
export function expandWorkspacePatterns(fs: ProjectFs, patterns: readonly string[]): string[] {
  const found = new Set<string>();
  const include = patterns.filter((p) => !p.startsWith('!'));
  const exclude = patterns.filter((p) => p.startsWith('!')).map((p) => globRegExp(clean(p.slice(1))));
  for (const pattern of include) {
    const glob = clean(pattern);
    if (glob === '' || glob.split('/').includes('..')) continue; // the root itself, or outside the project
    const regex = globRegExp(glob);
    for (const dir of candidates(fs, glob)) {
      if (regex.test(dir) && fs.isFile(`${dir}/package.json`)) found.add(dir);
    }
  }
  return [...found].filter((dir) => !exclude.some((regex) => regex.test(dir))).sort();
}

function clean(pattern: string): string {
  const path = pattern.trim().replace(/^(\.\/)+/, '').replace(/\/+$/, '');
  return path === '.' ? '' : path;
}

/** Folders a glob could match: below its literal prefix, as deep as its segments (or `**`) reach. */
function candidates(fs: ProjectFs, glob: string): string[] {
  const segments = glob.split('/');
  const firstWild = segments.findIndex((s) => /[*?[{]/.test(s));
  if (firstWild < 0) return fs.isDirectory(glob) ? [glob] : [];
  const prefix = segments.slice(0, firstWild).join('/');
  const rest = segments.slice(firstWild);
  const depth = rest.includes('**') ? MAX_GLOBSTAR_DEPTH : rest.length;
  const out: string[] = [];
  let level = [prefix];
  // Real folders already listed: a symlink to `.` or to a parent is not walked again.
  const seen = new Set<string>([fs.identity(prefix)]);
  for (let d = 0; d < depth && level.length > 0 && seen.size < MAX_VISITED; d++) {
    const next: string[] = [];
    for (const dir of level) {
      for (const name of fs.list(dir)) {
        if (NEVER_WALKED.has(name) || name.startsWith('.')) continue;
        const path = dir ? `${dir}/${name}` : name;
        if (!fs.isDirectory(path) || seen.has(fs.identity(path))) continue;
        seen.add(fs.identity(path));
        next.push(path);
        if (seen.size >= MAX_VISITED) break;
      }
    }
    out.push(...next);
    level = next;
  }
  return out;
}

/** A workspace glob as an anchored regular expression over project-relative folder paths. A
 *  malformed class (`[z-a]`) throws a DockgenError naming the pattern. */
export function globRegExp(glob: string): RegExp {
  let source = '';
  const segments = glob.split('/');
  segments.forEach((segment, index) => {
    const last = index === segments.length - 1;
    if (segment === '**') {
      // `a/**` also matches `a`; `a/**/b` matches `a/b`.
      source += last ? (index === 0 ? '.*' : '(?:/.*)?') : index === 0 ? '(?:[^/]+/)*' : '(?:/[^/]+)*/';
      return;
    }
    if (index > 0 && segments[index - 1] !== '**') source += '/';
    source += segmentSource(segment, glob);
  });
  return new RegExp(`^${source}$`, GLOB_FLAGS);
}

function segmentSource(segment: string, glob: string): string {
  const chars = Array.from(segment);
  let source = '';
  for (let i = 0; i < chars.length; i++) {
    const char = chars[i]!;
    if (char === '*') source += '[^/]*';
    else if (char === '?') source += '[^/]';
    else if (char === '\\' && i + 1 < chars.length) source += literal(chars[++i]!);
    else if (char === '[') {
      const cls = readClass(chars, i, glob);
      source += cls ? cls.source : literal(char);
      if (cls) i = cls.end;
    } else source += literal(char);
  }
  return source;
}
