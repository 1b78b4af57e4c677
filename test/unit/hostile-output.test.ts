import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { readOrgConfig } from '../../src/org/config.js';
import { printError, printWarnings, stdout, stdoutJson } from '../../src/cli/output.js';
import { DockgenError } from '../../src/errors.js';
import { formatText } from '../../src/lint/format.js';
import { commentText, envValue } from '../../src/plan/safe.js';
import { printable, printableJson, printableLines } from '../../src/printable.js';

// eslint-disable-next-line no-control-regex
const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

function capture(stream: 'stdout' | 'stderr', action: () => void): string {
  let text = '';
  const spy = vi.spyOn(process[stream], 'write').mockImplementation((chunk: string | Uint8Array) => {
    text += String(chunk);
    return true;
  });
  try {
    action();
  } finally {
    spy.mockRestore();
  }
  return text;
}

afterEach(() => vi.restoreAllMocks());

describe('control characters from the project are shown as visible escapes', () => {
  it('ESC, CR, C1 (CSI U+009B, NEL U+0085), the line separators and bidi overrides', () => {
    expect(printable('a\u001b[2Jb')).toBe('a\\x1b[2Jb');
    expect(printable('a\rb\nc')).toBe('a\\rb\\nc');
    expect(printable('\u009b31m')).toBe('\\x9b31m');
    expect(printable('x\u0085y\u2028z\u2029')).toBe('x\\x85y\\u2028z\\u2029');
    expect(printable('\u202eevil')).toBe('\\u202eevil');
    expect(printable('tab\tstays, ünïcödé too')).toBe('tab\tstays, ünïcödé too');
    expect(printableLines('one\ntwo\u001b')).toBe('one\ntwo\\x1b');
  });

  it('in errors and their hints, not only in warnings', () => {
    const text = capture('stderr', () => printError(new DockgenError('package.json: "name" is "\u001b]0;pwned\u0007"', 'Fix "\u009b2J".')));
    expect(text).not.toMatch(RAW);
    expect(text).toContain('\\x1b]0;pwned\\x07');
    expect(text).toContain('\\x9b2J');
    const warning = capture('stderr', () => printWarnings(['start "x\u0085RUN y"']));
    expect(warning).toBe('warning: start "x\\x85RUN y"\n');
  });

  it('in reports and diffs on standard output, and in JSON (which stays valid JSON)', () => {
    expect(capture('stdout', () => stdout('-RUN echo \u001b[31m\n+RUN echo ok'))).toBe('-RUN echo \\x1b[31m\n+RUN echo ok\n');
    const json = JSON.stringify({ name: 'a\u001b\u0085\u2028b' }, null, 2);
    const printed = capture('stdout', () => stdoutJson(json));
    expect(printed).not.toMatch(RAW);
    expect(JSON.parse(printed)).toEqual({ name: 'a\u001b\u0085\u2028b' });
    expect(printableJson('"\u009b"')).toBe('"\\u009b"');
  });

  it('in lint findings, which quote the Dockerfile (the colours are still dockgen\'s own)', () => {
    const finding = { file: 'Docker\u001bfile', line: 2, rule: 'R1', check: 'x', severity: 'error' as const, message: 'FROM "\u001b[2J"', why: 'w\u0085', fix: 'f' };
    expect(formatText([finding], false)).not.toMatch(RAW);
    expect(formatText([finding], true)).toContain('\u001b[31merror:\u001b[0m');
    expect(formatText([finding], true)).toContain('FROM "\\x1b[2J"');
  });
});

describe('U+0085 is a line break in generated Dockerfiles too', () => {
  it('is removed from comments and refused in values, like U+2028', () => {
    expect(commentText('name\u0085RUN x')).toBe('name RUN x');
    expect(() => envValue('a\u0085b', 'package.json')).toThrow(/control character/);
  });

  it('bidirectional overrides never reach a Dockerfile (comments, values, org labels)', () => {
    expect(commentText('a\u202eb\u2066c')).toBe('a b c');
    expect(() => envValue('x\u202ey', 'package.json')).toThrow(/control character/);
    const dir = mkdtempSync(join(tmpdir(), 'dockgen-org-'));
    writeFileSync(join(dir, 'org.json'), JSON.stringify({ labels: { team: '\u202eevil\u202c' } }));
    expect(() => readOrgConfig(join(dir, 'org.json'))).toThrow(/label "team" contains a control character/);
    rmSync(dir, { recursive: true });
  });
});
