import { DockgenError } from './errors.js';

/**
 * Pieces for turning user text (workspace globs, .dockerignore patterns, lint's glob arguments,
 * COPY sources) into regular expressions. Text is never passed to RegExp raw: every literal
 * character becomes a `\u{…}` escape, and a `[…]` class is parsed, so `[`, `[z-a]`, `\*` or an
 * emoji range either mean what the glob syntax says or are reported as a bad pattern. The
 * expressions use the `u` flag, so they work on code points, not UTF-16 halves.
 */

export const GLOB_FLAGS = 'u';

/** A character matched as itself. */
export function literal(char: string): string {
  return `\\u{${char.codePointAt(0)!.toString(16)}}`;
}

/**
 * The `[…]` class starting at `chars[start]` (code points), in Go filepath.Match syntax as Docker
 * and minimatch share it: `^` or `!` negates, `a-z` is a range, `\x` is x. Returns its source and
 * the index of its `]`, or `undefined` when it is never closed (then `[` is a literal). Throws a
 * DockgenError for a class no matcher accepts: empty, or a range that runs backwards.
 */
export function readClass(chars: readonly string[], start: number, pattern: string): { source: string; end: number } | undefined {
  let i = start + 1;
  const negated = chars[i] === '^' || chars[i] === '!';
  if (negated) i++;
  let body = '';
  let items = 0;
  const bad = (why: string) => new DockgenError(`"${pattern}" is not a valid pattern: ${why}.`, 'Fix the pattern: a class is written like [abc] or [a-z].');
  const one = (): string | undefined => {
    if (chars[i] === '\\') i++;
    return chars[i++];
  };
  for (;;) {
    if (i >= chars.length) return undefined;
    if (chars[i] === ']' && items > 0) break;
    if (chars[i] === ']') throw bad('an empty character class');
    const lo = one();
    if (lo === undefined) return undefined;
    if (chars[i] === '-' && chars[i + 1] !== undefined && chars[i + 1] !== ']') {
      i++;
      const hi = one();
      if (hi === undefined) return undefined;
      if (hi.codePointAt(0)! < lo.codePointAt(0)!) throw bad(`the range ${lo}-${hi} runs backwards`);
      body += `${literal(lo)}-${literal(hi)}`;
    } else {
      body += literal(lo);
    }
    items++;
  }
  // A class never matches the path separator, as in Go's filepath.Match.
  return { source: negated ? `[^/${body}]` : `(?!/)[${body}]`, end: i };
}
