import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { failed, lint } from '../src/lint/engine.js';
import { listFixtures } from './helpers/fixtures.js';

/**
 * The quality gate of `dockgen lint`: every Dockerfile dockgen writes (each golden fixture's
 * expected files) lints clean with --strict. Fixtures are listed at run time, so a stack added
 * later is covered without editing this file. Info-level notes are allowed by --strict but would
 * still be noise on dockgen's own output, so they must be absent too.
 */
const fixtures = listFixtures().filter(({ dir }) => existsSync(join(dir, 'expected.Dockerfile')));

describe.each(fixtures)('lint $name', ({ dir }) => {
  it('finds nothing in the generated Dockerfile and .dockerignore (--strict)', () => {
    const findings = lint({
      dockerfilePath: 'expected.Dockerfile',
      dockerfile: readFileSync(join(dir, 'expected.Dockerfile'), 'utf8'),
      dockerignore: existsSync(join(dir, 'expected.dockerignore'))
        ? { path: 'expected.dockerignore', text: readFileSync(join(dir, 'expected.dockerignore'), 'utf8') }
        : null,
      // The fixture folder is the project the Dockerfile was generated for: its build context.
      context: { exists: (path) => existsSync(join(dir, path)) },
    });
    expect(findings.map((f) => `${f.file}:${f.line} ${f.rule} ${f.check}: ${f.message}`)).toEqual([]);
    expect(failed(findings, true)).toBe(false);
  });
});

it('covers at least the Node.js fixtures', () => {
  expect(fixtures.length).toBeGreaterThanOrEqual(10);
});
