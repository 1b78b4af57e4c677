import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lint } from '../../src/lint/engine.js';
import { readLintInput } from '../../src/lint/files.js';

/**
 * Hand-written Dockerfiles in the styles found in the wild (framework quick-starts, legacy apt
 * images, careful multi-stage files). Each test/lint/cases/<name>/ folder is a build context:
 * Dockerfile, optional .dockerignore and project files, and expected.json with exactly the
 * findings lint must report ("FILE:LINE RULE check severity"): true problems found, good files
 * clean. Cases are listed at run time; add a folder to add a case.
 */
const CASES = join(import.meta.dirname, '..', 'lint', 'cases');
const cases = readdirSync(CASES).filter((name) => existsSync(join(CASES, name, 'Dockerfile'))).sort();

describe.each(cases)('lint case %s', (name) => {
  it('reports exactly the expected findings', () => {
    const dir = join(CASES, name);
    const findings = lint(readLintInput(join(dir, 'Dockerfile')));
    const actual = findings.map((f) => `${relative(dir, f.file)}:${f.line} ${f.rule} ${f.check} ${f.severity}`);
    const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as { findings: string[] };
    expect(actual).toEqual(expected.findings);
  });
});

it('has good files that stay clean and bad ones that are caught', () => {
  const counts = cases.map((name) => (JSON.parse(readFileSync(join(CASES, name, 'expected.json'), 'utf8')) as { findings: string[] }).findings.length);
  expect(cases.length).toBeGreaterThanOrEqual(12);
  expect(counts.filter((n) => n === 0).length).toBeGreaterThanOrEqual(4);
  expect(counts.filter((n) => n >= 3).length).toBeGreaterThanOrEqual(5);
});
