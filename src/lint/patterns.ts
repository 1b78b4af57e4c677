import { DockgenError } from '../errors.js';
import { GLOB_FLAGS, literal, readClass } from '../glob.js';

/**
 * Docker's path patterns, as the builder applies them to .dockerignore and COPY sources:
 * Go filepath.Match syntax (`*`, `?`, `[…]`) plus `**` for any number of folders, matched against
 * the whole relative path; a pattern that matches a folder also covers everything inside it.
 */
export function compilePattern(pattern: string): RegExp {
  const clean = pattern.trim().replace(/^\.\/+/, '').replace(/^\/+/, '').replace(/\/+$/, '');
  const chars = Array.from(clean);
  let source = '';
  for (let i = 0; i < chars.length; i++) {
    const char = chars[i]!;
    if (char === '*' && chars[i + 1] === '*') {
      const slash = chars[i + 2] === '/';
      source += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (char === '*') {
      source += '[^/]*';
    } else if (char === '?') {
      source += '[^/]';
    } else if (char === '[') {
      const cls = readClass(chars, i, pattern);
      if (cls) {
        source += cls.source;
        i = cls.end;
      } else {
        source += literal(char);
      }
    } else if (char === '\\' && i + 1 < chars.length) {
      source += literal(chars[++i]!);
    } else {
      source += literal(char);
    }
  }
  return new RegExp(`^${source}$`, GLOB_FLAGS);
}

/** A pattern that no path can match: what a pattern the builder rejects stands for here. */
const NEVER = /(?!)/;

interface IgnoreRule {
  regex: RegExp;
  negated: boolean;
  line: number;
}

/** A parsed .dockerignore. */
export class IgnoreFile {
  readonly rules: IgnoreRule[];

  constructor(text: string) {
    this.rules = [];
    text.split(/\r?\n/).forEach((raw, index) => {
      const line = raw.trim();
      if (!line || line.startsWith('#')) return;
      const negated = line.startsWith('!');
      const pattern = negated ? line.slice(1).trim() : line;
      if (pattern) this.rules.push({ regex: compileOrNever(pattern), negated, line: index + 1 });
    });
  }

  /** The line of the pattern that excludes `path`, or null when the path reaches the builder. */
  excludedBy(path: string): number | null {
    const candidates = prefixes(path.replace(/^\.\/+/, '').replace(/\/+$/, ''));
    let result: number | null = null;
    for (const rule of this.rules) {
      if (candidates.some((candidate) => rule.regex.test(candidate))) result = rule.negated ? null : rule.line;
    }
    return result;
  }
}

/** `a/b/c` → `a`, `a/b`, `a/b/c`: a pattern that matches a folder excludes its contents. */
function prefixes(path: string): string[] {
  const parts = path.split('/');
  return parts.map((_, i) => parts.slice(0, i + 1).join('/'));
}

/** True when a COPY source (a path or a pattern, relative to the context) covers `file`. */
export function sourceCovers(source: string, file: string): boolean {
  const clean = source.replace(/^\.\/+/, '').replace(/\/+$/, '');
  if (clean === '' || clean === '.') return true;
  const regex = compileOrNever(clean);
  return prefixes(file).some((candidate) => regex.test(candidate));
}

/** A project's patterns are data: a malformed one (`[z-a]`) matches nothing instead of failing. */
function compileOrNever(pattern: string): RegExp {
  try {
    return compilePattern(pattern);
  } catch (error) {
    if (error instanceof DockgenError) return NEVER;
    throw error;
  }
}
