import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
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
    const keys = Object.keys(properties).filter((key) => !key.startsWith('$') && !['generated', 'digests', 'updateBots'].includes(key));
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
      else expect(properties[key]!.type ?? typeof properties[key]!.enum?.[0]).toBe('string');
    }
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
      jsRuntime: 'bun', bunVersion: '1.4',
    };
    expect(read(answers)().raw).toMatchObject({ stack: 'go', port: '8080', runtime: 'scratch' });
  });

  it.each(Object.entries(properties).filter(([, p]) => p.enum))('a %s outside the enum is refused, as the schema says', (key) => {
    expect(read({ [key]: 'something-else' })).toThrow(/dockgen\.json: --[a-z-]+ must be one of/);
  });
});
