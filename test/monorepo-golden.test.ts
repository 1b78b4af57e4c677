import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateQuietly } from '../src/cli/init.js';
import { findServices } from '../src/monorepo/services.js';
import { composeService } from '../src/cli/all.js';
import { composeForServices } from '../src/monorepo/compose-all.js';
import { checkDockerfile } from './helpers/dockerfile-checks.js';

/**
 * Golden tests for repositories with several services: each test/fixtures-monorepo/<name>/ is a
 * repository; <name>.expected/ holds the service list `dockgen --all` shows (services.json) and the
 * files it writes in each service's folder. Update with `vitest -u` and review the diff.
 */
const ROOT = join(import.meta.dirname, 'fixtures-monorepo');
const repositories = readdirSync(ROOT).filter((name) => !name.endsWith('.expected')).sort();

describe.each(repositories)('monorepo %s', (name) => {
  const dir = join(ROOT, name);
  const expected = join(ROOT, `${name}.expected`);
  const services = findServices(dir);

  it('lists its services, each built or skipped with the reason', async () => {
    await expect(`${JSON.stringify(services, null, 2)}\n`).toMatchFileSnapshot(join(expected, 'services.json'));
    expect(services.filter((s) => s.included).length).toBeGreaterThan(0);
  });

  it('writes the expected compose.yaml at the root, for every service', async () => {
    const composed = services.filter((s) => s.included).map((s) => composeService(s.dir, join(dir, s.dir), {}));
    await expect(composeForServices(composed).content).toMatchFileSnapshot(join(expected, 'compose.yaml'));
  });

  for (const service of services.filter((s) => s.included)) {
    const { generation } = generateQuietly(join(dir, service.dir), {});
    for (const file of generation.files) {
      it(`writes the expected ${service.dir}/${file.path}`, async () => {
        await expect(file.content).toMatchFileSnapshot(join(expected, service.dir, file.path));
      });
    }
    it(`${service.dir}: passes the structural checks`, () => {
      expect(checkDockerfile(generation.files.find((f) => f.path === 'Dockerfile')!.content)).toEqual([]);
    });
  }
});
