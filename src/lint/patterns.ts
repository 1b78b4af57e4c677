/**
 * Docker's path patterns, as the builder applies them to .dockerignore and COPY sources:
 * Go filepath.Match syntax (`*`, `?`, `[…]`) plus `**` for any number of folders, matched against
 * the whole relative path; a pattern that matches a folder also covers everything inside it.
 */
export function compilePattern(pattern: string): RegExp {
  const clean = pattern.trim().replace(/^\.\/+/, '').replace(/^\/+/, '').replace(/\/+$/, '');
  let source = '';
  for (let i = 0; i < clean.length; i++) {
    const char = clean[i]!;
    if (char === '*' && clean[i + 1] === '*') {
      const slash = clean[i + 2] === '/';
      source += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (char === '*') {
      source += '[^/]*';
    } else if (char === '?') {
      source += '[^/]';
    } else if (char === '[') {
      const end = clean.indexOf(']', i + 1);
      if (end < 0) {
        source += '\\[';
      } else {
        source += `[${clean.slice(i + 1, end).replace(/^!/, '^').replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else if (char === '\\' && i + 1 < clean.length) {
      source += escape(clean[++i]!);
    } else {
      source += escape(char);
    }
  }
  return new RegExp(`^${source}$`);
}

function escape(char: string): string {
  return /[.+^${}()|[\]\\/]/.test(char) ? `\\${char}` : char;
}

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
      if (pattern) this.rules.push({ regex: compilePattern(pattern), negated, line: index + 1 });
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
  return prefixes(file).some((candidate) => compilePattern(clean).test(candidate));
}
