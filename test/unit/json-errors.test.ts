import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readAnswers } from '../../src/config.js';
import { locateJsonError } from '../../src/json-file.js';

/** A broken dockgen.json or org config is reported where an editor would show it: line and column. */
describe('JSON syntax errors', () => {
  it.each([
    ['{\n  "port": 3000,\n}', 'line 3, column 1: a property name in double quotes was expected (a trailing comma?)'],
    ['{\n  "port" 3000\n}', 'line 2, column 10: ":" was expected after the property name'],
    ['{"port":', 'line 1, column 9: a value was expected (a trailing comma, or nothing?)'],
    ['{\n  // answers\n  "port": 1\n}', 'line 2, column 3: comments are not allowed in JSON'],
    ['{"port": 1}}', 'line 1, column 12: the document should end here'],
    ['', 'line 1, column 1: a value was expected (a trailing comma, or nothing?)'],
  ])('%j → %s', (text, expected) => {
    expect(() => JSON.parse(text)).toThrow();
    expect(locateJsonError(text)).toBe(expected);
  });

  const dir = mkdtempSync(join(tmpdir(), 'dockgen-json-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('dockgen.json names the file, line and column, not a character position', () => {
    writeFileSync(join(dir, 'dockgen.json'), '{\n  "stack": "node",\n}\n');
    expect(() => readAnswers(dir)).toThrow(`${join(dir, 'dockgen.json')} is not valid JSON: line 3, column 1: a property name in double quotes was expected (a trailing comma?).`);
  });
});
