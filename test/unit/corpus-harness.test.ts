import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { commandMatches, compare, loadExpectations } from '../../scripts/corpus/expectations.mjs';
import { generateOne } from '../../scripts/corpus/generate.mjs';
import { formatRow, summarize } from '../../scripts/corpus/report.mjs';
import { FIXTURES } from '../helpers/fixtures.js';

// `npm run corpus` is run by hand on ../shared/corpus (not in a clone); its logic is tested here
// on the repository's own fixtures, through the built CLI as the harness runs it.

describe('corpus expectations', () => {
  it('matches a command by its words in order, paths by their last segments, with dockgen\'s binding flags between', () => {
    expect(commandMatches(['gunicorn', 'main:app'], ['gunicorn', '--bind', '0.0.0.0:8080', 'main:app'])).toBe(true);
    expect(commandMatches(['node', 'server.js'], ['node', './server.js'])).toBe(true);
    expect(commandMatches(['api'], ['/usr/local/bin/api'])).toBe(true);
    expect(commandMatches(['node', 'server.js'], ['node', 'index.js'])).toBe(false);
    expect(commandMatches(['main:app', 'gunicorn'], ['gunicorn', 'main:app'])).toBe(false);
  });

  it('lists each disagreement: outcome, stack, command, port and lint', () => {
    const written = { outcome: 'written', stack: 'node', cmd: ['node', 'server.js'], port: 3000, lint: 'ok' };
    expect(compare(written, { expect: 'image', stack: 'node', cmd: ['node', 'server.js'], port: 'env', why: '' })).toEqual([]);
    expect(compare(written, { expect: 'image', stack: 'python', port: null, why: '' })).toEqual(['stack node, expected python', 'port 3000, expected none']);
    expect(compare(written, { expect: 'error', why: 'no app' })[0]).toMatch(/^expected an error \(no app\); wrote node/);
    expect(compare({ outcome: 'refused', error: 'nothing to run' }, { expect: 'image', why: 'server.js' })).toEqual(['expected an image (server.js); refused: nothing to run']);
    expect(compare({ ...written, lint: 'R14' }, { expect: 'image', port: 3000, why: '' })).toEqual(['dockgen lint --strict: R14']);
    // A Go binary's name is dockgen's to choose.
    expect(compare({ ...written, stack: 'go', cmd: ['/usr/local/bin/app'] }, { expect: 'image', stack: 'go', cmd: ['hello'], why: '' })).toEqual([]);
  });

  it('the checked-in expectations are one entry per project, each an image or an error with a reason', () => {
    const expectations = loadExpectations();
    expect(Object.keys(expectations).length).toBeGreaterThan(300);
    for (const [name, expectation] of Object.entries(expectations)) {
      expect(['image', 'error'], name).toContain(expectation.expect);
      expect(expectation.why.length, `${name}: why`).toBeGreaterThan(10);
    }
  });
});

describe('corpus runs, on copies of the repository\'s fixtures', () => {
  const work = mkdtempSync(join(tmpdir(), 'dockgen-corpus-test-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('classifies a project it writes for (stack, command, port, lint) and one it refuses (the error)', async () => {
    const source = join(work, 'src');
    cpSync(join(FIXTURES, 'node-express-npm'), join(source, 'express'), { recursive: true });
    cpSync(join(FIXTURES, 'go-library-error'), join(source, 'library'), { recursive: true });
    const written = await generateOne('express', join(source, 'express'), work);
    expect(written).toMatchObject({ outcome: 'written', stack: 'node', cmd: ['node', 'server.js'], lint: 'ok' });
    expect(typeof written.port).toBe('number');
    const refused = await generateOne('library', join(source, 'library'), work);
    expect(refused.outcome).toBe('refused');
    expect(refused.error).toMatch(/main package|library/i);

    const rows = [
      { ...written, expected: 'image', disagreements: [] },
      { ...refused, expected: 'image', disagreements: ['expected an image'] },
    ];
    const summary = summarize(rows);
    expect(summary.numbers).toMatchObject({ projects: 2, written: 1, refused: 1, crashed: 0, imageExpected: 2, imageExpectedWritten: 1, agree: 1 });
    expect(summary.text).toMatch(/image expected 2, written 1 \(50\.0%\)/);
    expect(formatRow(rows[1]!)).toMatch(/^✗ library .*\n {6}✗ expected an image/);
  }, 60_000);
});
