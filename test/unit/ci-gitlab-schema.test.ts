import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generate } from '../../src/core.js';
import { DiskFs } from '../../src/detect/fs.js';
import { generateCi } from '../../src/ci/index.js';
import { parseCiFlags } from '../../src/ci/options.js';
import { tempProjects } from '../helpers/cli.js';

/**
 * GitLab's own CI schema (the one SchemaStore serves as gitlab-ci.json), as gitlab-ci-local
 * bundles and applies it: `--list` parses the file and validates it before listing jobs, and exits
 * 1 on a schema error. No network: includes are the only thing it would fetch, and there are none.
 */
const GITLAB_CI_LOCAL = createRequire(import.meta.url).resolve('gitlab-ci-local/package.json').replace(/package\.json$/, 'dist/index.js');
const POLYFILL = join(import.meta.dirname, '..', 'helpers', 'set-union.mjs');
const { copy } = tempProjects('ci-gitlab');

function validate(dir: string) {
  const result = spawnSync(process.execPath, ['--import', POLYFILL, GITLAB_CI_LOCAL, '--list'], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: result.status, out: `${result.stdout}${result.stderr}` };
}

function project(fixture: string, flags: Record<string, string>): { dir: string; content: string } {
  const dir = copy(fixture);
  spawnSync('git', ['init', '-q', dir]);
  const content = generateCi(generate(new DiskFs(dir), dir, {}).plan, parseCiFlags({ provider: 'gitlab', ...flags })).content;
  return { dir, content };
}

describe('.gitlab-ci.yml against GitLab CI\'s JSON schema', () => {
  it.each([
    ['go-chi-router', {}],
    ['node-native-addon', { registry: 'registry.example.com:5000', image: 'team/api', context: '.' }],
  ])('%s %j validates', (fixture, flags) => {
    const { dir, content } = project(fixture, flags);
    writeFileSync(join(dir, '.gitlab-ci.yml'), content);
    const result = validate(dir);
    expect(result.out).toContain('json schema validated');
    expect(result.code, result.out).toBe(0);
  }, 60_000);

  it('rejects a file the schema does not allow (the check is not vacuous)', () => {
    const { dir, content } = project('go-chi-router', {});
    writeFileSync(join(dir, '.gitlab-ci.yml'), content.replace('  stage: check\n', '  stage: check\n  bogus_key: 1\n'));
    const result = validate(dir);
    expect(result.out).toContain("'bogus_key' property is not expected");
    expect(result.code).toBe(1);
  }, 60_000);
});
