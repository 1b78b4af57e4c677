import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generate } from '../src/core.js';
import { DiskFs } from '../src/detect/fs.js';
import { parseGenerateFlags } from '../src/options.js';
import type { Stack } from '../src/plan/types.js';
import { checkDockerfile, checkDockerignore } from './helpers/dockerfile-checks.js';
import { listFixtures } from './helpers/fixtures.js';

/** What each stack's .dockerignore must exclude besides VCS data, secrets and Docker files (R23). */
const STACK_IGNORES: Record<Stack, string[]> = {
  node: ['**/node_modules'],
  python: ['**/.venv', '**/__pycache__', '**/*.pyc'],
  go: [],
  static: ['**/node_modules'],
};

/**
 * Golden tests: each test/fixtures/<stack>-<case>/ folder is a project plus the files dockgen
 * must write for it (expected.Dockerfile, expected.dockerignore). Update with `vitest -u` and
 * review the diff.
 */
describe.each(listFixtures())('fixture $name', ({ dir, config }) => {
  const options = parseGenerateFlags(config.options ?? {});

  if (config.expectError) {
    it('is refused with a helpful message', () => {
      expect(() => generate(new DiskFs(dir), dir, options)).toThrow(config.expectError);
    });
    return;
  }

  const generation = generate(new DiskFs(dir), dir, options);
  const dockerfile = generation.files.find((f) => f.path === 'Dockerfile')!.content;
  const dockerignore = generation.files.find((f) => f.path === '.dockerignore')!.content;

  it('writes the expected Dockerfile', async () => {
    await expect(dockerfile).toMatchFileSnapshot(join(dir, 'expected.Dockerfile'));
  });

  it('writes the expected .dockerignore', async () => {
    await expect(dockerignore).toMatchFileSnapshot(join(dir, 'expected.dockerignore'));
  });

  // Stacks that write more files (the static stack's nginx server block) have expected.<file> too.
  for (const extra of generation.files.filter((f) => f.path !== 'Dockerfile' && f.path !== '.dockerignore')) {
    it(`writes the expected ${extra.path}`, async () => {
      await expect(extra.content).toMatchFileSnapshot(join(dir, `expected.${extra.path}`));
    });
  }

  it('plans the same as before', () => {
    expect(generation.plan).toMatchSnapshot();
  });

  it('passes the structural checks (pinned FROM, numeric non-root USER, exec form, cache order)', () => {
    expect(checkDockerfile(dockerfile)).toEqual([]);
  });

  it('keeps VCS data, secrets and local dependencies out of the build context', () => {
    const required = ['.git', '**/.env', '**/.env.*', 'Dockerfile', ...STACK_IGNORES[generation.plan.stack]];
    expect(checkDockerignore(dockerignore, required)).toEqual([]);
  });
});
