import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, describe, expect, it } from 'vitest';
import { detectJson, planJson } from '../../src/cli/detect.js';
import { answersJson, readAnswers } from '../../src/config.js';
import { generate } from '../../src/core.js';
import { detectProject } from '../../src/detect/index.js';
import { DiskFs } from '../../src/detect/fs.js';
import { parseGenerateFlags } from '../../src/options.js';
import { FIXTURES, type FixtureConfig } from '../helpers/fixtures.js';

/** The published schemas, checked with a real JSON Schema validator against what dockgen prints. */
const SCHEMAS = join(import.meta.dirname, '..', '..', 'schema');
const ajv = new Ajv2020({ strict: true, allErrors: true });
const validate = (name: string) => ajv.compile(JSON.parse(readFileSync(join(SCHEMAS, name), 'utf8')));
const output = validate('output.schema.json');
const answers = validate('dockgen.schema.json');

const fixtures = readdirSync(FIXTURES).filter((name) => {
  const config = JSON.parse(readFileSync(join(FIXTURES, name, 'fixture.json'), 'utf8')) as FixtureConfig;
  return config.expectError === undefined;
});

function config(name: string): FixtureConfig {
  return JSON.parse(readFileSync(join(FIXTURES, name, 'fixture.json'), 'utf8')) as FixtureConfig;
}

describe('schema/output.schema.json describes --json and detect --json', () => {
  it.each(fixtures)('%s', (name) => {
    const dir = join(FIXTURES, name);
    const options = parseGenerateFlags(config(name).options ?? {});
    const generation = generate(new DiskFs(dir), dir, options);
    const planned = JSON.parse(planJson(dir, generation));
    expect(output(planned), JSON.stringify(output.errors)).toBe(true);
    const detected = JSON.parse(detectJson(dir, detectProject(new DiskFs(dir), options.stack)));
    expect(output(detected), JSON.stringify(output.errors)).toBe(true);
    // The answers dockgen records for this project fit dockgen.json's schema.
    expect(answers(JSON.parse(answersJson(options, generation.plan.stack))), JSON.stringify(answers.errors)).toBe(true);
  });

  it('would notice a document that breaks it', () => {
    const dir = join(FIXTURES, fixtures[0]!);
    const planned = JSON.parse(planJson(dir, generate(new DiskFs(dir), dir, parseGenerateFlags(config(fixtures[0]!).options ?? {}))));
    planned.plan.user = '0:0';
    expect(output(planned)).toBe(false);
    delete planned.plan.decisions[0].evidence.source;
    expect(output({ ...planned, schema: 2 })).toBe(false);
  });
});

describe('dockgen.json records the runtime answers', () => {
  it('--js-runtime and --bun-version are written, fit the schema, and read back as the same options', () => {
    const options = parseGenerateFlags({ jsRuntime: 'bun', bunVersion: '1.3' });
    const recorded = JSON.parse(answersJson(options, 'node'));
    expect(recorded).toEqual({ stack: 'node', jsRuntime: 'bun', bunVersion: '1.3' });
    expect(answers(recorded), JSON.stringify(answers.errors)).toBe(true);
  });
});

describe('schema/dockgen.schema.json agrees with what dockgen accepts', () => {
  it.each([
    [{ stack: 'node', port: 8080, init: 'none' }, true],
    [{ port: '8080' }, false],
    [{ port: 0 }, false],
    [{ stack: 'ruby' }, false],
    [{ colour: 'blue' }, false],
    [{ $schema: 'x', $comment: 'y', runtime: 'scratch' }, true],
  ])('%j valid: %s, for the schema and for dockgen', (document, valid) => {
    expect(answers(document)).toBe(valid);
    const dir = mkdtempSync(join(tmpdir(), 'dockgen-answers-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(join(dir, 'dockgen.json'), JSON.stringify(document));
    if (valid) expect(() => readAnswers(dir)).not.toThrow();
    else expect(() => readAnswers(dir)).toThrow(/dockgen\.json/);
  });
});
