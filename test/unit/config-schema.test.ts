import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CI_KEYS } from '../../src/ci/options.js';
import { PROVIDERS } from '../../src/ci/tags.js';
import { ANSWER_TYPES, readAnswers } from '../../src/config.js';
import { PACKAGE_MANAGERS } from '../../src/detect/node/package-manager.js';
import { GO_RUNTIMES, INIT_CHOICES, JS_RUNTIMES } from '../../src/options.js';
import { STACKS } from '../../src/plan/types.js';

/** The published JSON Schema (for editors and other tools) says what dockgen itself accepts. */
const schema = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'schema', 'dockgen.schema.json'), 'utf8'));
const properties = schema.properties as Record<string, { type?: string; enum?: string[] }>;
const dir = mkdtempSync(join(tmpdir(), 'dockgen-schema-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function read(answers: Record<string, unknown>) {
  const file = join(dir, 'dockgen.json');
  writeFileSync(file, JSON.stringify(answers));
  return () => readAnswers(dir, file);
}

describe('schema/dockgen.schema.json', () => {
  it('lists exactly the keys dockgen reads, and no others', () => {
    expect(schema.additionalProperties).toBe(false);
    const keys = Object.keys(properties).filter((key) => !key.startsWith('$') && !['generated', 'ci', 'digests', 'updateBots'].includes(key));
    expect(keys.sort()).toEqual(Object.keys(ANSWER_TYPES).sort());
    // dockgen's own record of what it wrote, next to the answers.
    expect(properties['generated']!.type).toBe('object');
    expect(read({ stack: 'go', generated: { Dockerfile: 'a'.repeat(64) } })().generated).toEqual({ Dockerfile: 'a'.repeat(64) });
    expect(read({ generated: { Dockerfile: 'not a hash' } })).toThrow(/"generated" must map file names to SHA-256 hashes/);
    // --pin-digests and the update bots: recorded, checked, and refused when malformed.
    const digest = `sha256:${'b'.repeat(64)}`;
    expect(read({ digests: { 'node:22.11.0-bookworm-slim': digest }, updateBots: ['renovate'] })()).toMatchObject({ digests: { 'node:22.11.0-bookworm-slim': digest }, updateBots: ['renovate'] });
    expect(read({ digests: { 'node:22 AS x\nRUN id': digest } })).toThrow(/"digests" must map base images/);
    expect(read({ digests: { 'node:22': 'sha256:short' } })).toThrow(/"digests" must map base images/);
    expect(read({ updateBots: ['jenkins'] })).toThrow(/"updateBots" must be a list of renovate, dependabot/);
    expect(properties['updateBots']).toMatchObject({ type: 'array', items: { enum: ['renovate', 'dependabot'] } });
    for (const [key, type] of Object.entries(ANSWER_TYPES)) {
      if (type === 'port') expect(properties[key]).toMatchObject({ type: 'integer', minimum: 1, maximum: 65535 });
      else if (type === 'boolean') expect(properties[key]!.type).toBe('boolean');
      else expect(properties[key]!.type ?? typeof properties[key]!.enum?.[0]).toBe('string');
    }
  });

  it('describes dockgen ci\'s answers ("ci") as dockgen reads them', () => {
    const ci = properties['ci'] as unknown as { additionalProperties: boolean; properties: Record<string, { enum?: string[] }> };
    expect(ci.additionalProperties).toBe(false);
    expect(Object.keys(ci.properties).sort()).toEqual([...CI_KEYS].sort());
    expect(ci.properties['provider']!.enum).toEqual([...PROVIDERS]);
    expect(read({ stack: 'go', ci: { provider: 'gitlab', image: 'acme/api' } })().kept['ci']).toEqual({ provider: 'gitlab', image: 'acme/api' });
    expect(read({ ci: { bogus: 'x' } })).toThrow(/"ci" must map provider, registry, image, branch, context, dockerfile to strings/);
    expect(read({ ci: { image: 3 } })).toThrow(/"ci" must map/);
    expect(read({ ci: 'github' })).toThrow(/"ci" must map/);
  });

  it('has the same choices as the flags', () => {
    expect(properties['stack']!.enum).toEqual([...STACKS]);
    expect(properties['packageManager']!.enum).toEqual([...PACKAGE_MANAGERS]);
    expect(properties['runtime']!.enum).toEqual([...GO_RUNTIMES]);
    expect(properties['init']!.enum).toEqual([...INIT_CHOICES]);
    expect(properties['jsRuntime']!.enum).toEqual([...JS_RUNTIMES]);
  });

  it('a file using every key, and $schema, is accepted', () => {
    const answers = {
      $schema: './node_modules/dockgen/schema/dockgen.schema.json', stack: 'go', port: 8080, cmd: 'api --serve', nodeVersion: '22',
      packageManager: 'pnpm', pythonVersion: '3.13', goVersion: '1.24', main: './cmd/api', workspace: 'apps/api', runtime: 'scratch', init: 'tini',
      jsRuntime: 'bun', bunVersion: '1.4', healthcheck: '/healthz', compose: true, k8s: true, readme: true, image: 'registry.example.com/api:1.4.0',
    };
    expect(read(answers)().raw).toMatchObject({ stack: 'go', port: '8080', runtime: 'scratch', healthcheck: '/healthz', compose: true, k8s: true, image: 'registry.example.com/api:1.4.0' });
  });

  it('healthcheck, compose, k8s, readme and image are checked as the flags are', () => {
    expect(read({ healthcheck: 'healthz' })).toThrow(/dockgen\.json: --healthcheck path must start with \//);
    expect(read({ compose: 'yes' })).toThrow(/dockgen\.json: "compose" must be true or false/);
    expect(read({ compose: false })().raw).toMatchObject({ compose: false });
    expect(read({ k8s: 'yes' })).toThrow(/"k8s" must be true or false/);
    expect(read({ image: 'api:latest' })).toThrow(/dockgen\.json: --image "api:latest" uses the tag "latest"/);
  });

  it.each(Object.entries(properties).filter(([, p]) => p.enum))('a %s outside the enum is refused, as the schema says', (key) => {
    expect(read({ [key]: 'something-else' })).toThrow(/dockgen\.json: --[a-z-]+ must be one of/);
  });
});
