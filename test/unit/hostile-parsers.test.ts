import { describe, expect, it } from 'vitest';
import { parseGoMod, parseGoWork } from '../../src/detect/go/gomod.js';
import { MemoryFs } from '../../src/detect/fs.js';
import { expandWorkspacePatterns, globRegExp } from '../../src/detect/node/workspace-patterns.js';
import { readConfigValue } from '../../src/detect/static/js-config.js';
import { compilePattern, IgnoreFile, sourceCovers } from '../../src/lint/patterns.js';
import { readRequirements } from '../../src/detect/python/requirements.js';
import { thrown } from '../helpers/errors.js';

describe('go.mod / go.work tokenizer: one definition of whitespace', () => {
  it('a lone CR is whitespace, as for the go command, and never a loop', () => {
    expect(thrown(() => parseGoMod('module example.com/app\rgo 1.22\n', 'go.mod')).message).toMatch(/module needs exactly one path/);
    expect(parseGoMod('module example.com/app\r\n\rgo 1.22\r\n', 'go.mod')).toMatchObject({ module: 'example.com/app', go: { version: '1.22' } });
    expect(thrown(() => parseGoWork('go 1.22\ruse .\n', 'go.work')).message).toMatch(/is not a Go version/);
  });

  it('other blanks the two scanners once disagreed on (VT, FF, NEL, NBSP, U+2028) end in a message', () => {
    for (const blank of ['\u000b', '\f', '\u0085', '\u00a0', '\u2028']) {
      const started = Date.now();
      let outcome: unknown;
      try {
        outcome = parseGoMod(`module x${blank}\ngo 1.22${blank}\n`, 'go.mod');
      } catch (error) {
        outcome = error;
      }
      expect(outcome).toBeDefined();
      expect(Date.now() - started).toBeLessThan(500);
    }
  });
});

describe('user text turned into regular expressions', () => {
  it('.dockerignore patterns: `[`, `[z-a]`, `\\*`, `[]` and emoji ranges never crash', () => {
    expect(compilePattern('[').test('[')).toBe(true);
    expect(compilePattern('\\*').test('*')).toBe(true);
    expect(compilePattern('\\*').test('a')).toBe(false);
    expect(compilePattern('*.[ch]').test('x.c')).toBe(true);
    expect(compilePattern('[^a]').test('b')).toBe(true);
    expect(compilePattern('[😀-😃]x').test('😁x')).toBe(true);
    expect(thrown(() => compilePattern('[z-a]')).message).toMatch(/runs backwards/);
    expect(thrown(() => compilePattern('a[]b')).message).toMatch(/empty character class/);
    // In a .dockerignore (and a COPY source) a malformed pattern is data: it matches nothing.
    const ignore = new IgnoreFile('[z-a]\n[\n\\*\nnode_modules\n');
    expect(ignore.excludedBy('node_modules/x')).toBe(4);
    expect(ignore.excludedBy('z')).toBeNull();
    expect(sourceCovers('[z-a]', 'a')).toBe(false);
  });

  it('regex syntax in a pattern is literal', () => {
    expect(compilePattern('a+(b)|c$').test('a+(b)|c$')).toBe(true);
    expect(compilePattern('a.b').test('axb')).toBe(false);
  });

  it('workspace globs: `[`, `\\*` and a bad class are handled, not passed to RegExp raw', () => {
    expect(globRegExp('apps/[').test('apps/[')).toBe(true);
    expect(globRegExp('apps/\\*').test('apps/*')).toBe(true);
    expect(globRegExp('apps/[ab]').test('apps/a')).toBe(true);
    const error = thrown(() => globRegExp('apps/[z-a]'));
    expect(error.exitCode).toBe(2);
    const fs = new MemoryFs({ 'apps/web/package.json': '{}', 'apps/[/package.json': '{}' });
    expect(expandWorkspacePatterns(fs, ['apps/[', 'apps/\\*'])).toEqual(['apps/[']);
  });
});

describe('the JS config reader', () => {
  it('deeply nested template literals do not overflow the stack', () => {
    const depth = 30_000; // about 180 KB; the recursive reader overflowed at 60 KB
    const text = `export default { base: ${'`${'.repeat(depth)}${'}`'.repeat(depth)}, outDir: 'dist' };`;
    expect(readConfigValue(text, ['outDir'])).toEqual({ kind: 'literal', value: 'dist' });
  });

  it('is linear in nesting depth: four times as deep costs about four times as long, not sixteen', () => {
    const text = (depth: number) => `export default { ${'a: {'.repeat(depth)}${'}'.repeat(depth)}, base: '/x/' };`;
    const time = (depth: number) => {
      const input = text(depth);
      let best = Infinity;
      for (let run = 0; run < 3; run++) {
        const started = performance.now();
        expect(readConfigValue(input, ['base'])).toEqual({ kind: 'literal', value: '/x/' });
        best = Math.min(best, performance.now() - started);
      }
      return best;
    };
    time(5_000); // warm up
    const small = time(20_000);
    const large = time(80_000);
    expect(large).toBeLessThan(8 * small + 100);
  });

  it('a file over the size cap is not read: its options count as computed, never guessed', () => {
    const text = `export default { base: '/x/' };\n//${'x'.repeat(600 * 1024)}`;
    expect(readConfigValue(text, ['base'])).toMatchObject({ kind: 'computed' });
  });
});

describe('requirements.txt lines end where pip ends them', () => {
  it('a lone CR, U+0085 or U+2028 separates requirements (Python str.splitlines)', () => {
    for (const br of ['\r', '\u0085', '\u2028', '\u000c']) {
      const fs = new MemoryFs({ 'requirements.txt': `flask==3.0.3${br}gunicorn==22.0.0\n` });
      expect(readRequirements(fs, 'requirements.txt').requirements.map((r) => r.name)).toEqual(['flask', 'gunicorn']);
    }
  });
});
