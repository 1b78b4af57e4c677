import { resolve } from 'node:path';
import type { Generation } from '../core.js';
import { detectProject, type ProjectFacts } from '../detect/index.js';
import { describeEvidence, type Fact } from '../detect/evidence.js';
import { DiskFs } from '../detect/fs.js';
import { EXIT } from '../errors.js';
import { parseGenerateFlags } from '../options.js';
import { readAnswers } from '../config.js';
import { DOCKGEN_VERSION } from '../version.js';
import { assertFolder } from './folder.js';
import { printWarnings, stdout } from './output.js';

/**
 * The JSON documents dockgen prints, for other tools. `schema` changes only when a field is
 * removed or changes meaning; new fields may appear in the same schema version.
 */
export const JSON_SCHEMA = 1;

export interface DetectFlags {
  json?: boolean;
  stack?: string;
  quiet?: boolean;
  config?: string;
}

/** `dockgen detect [dir]`: detection only, each fact with its evidence. */
export async function runDetect(dir: string, flags: DetectFlags): Promise<number> {
  assertFolder(dir);
  // The stack recorded in dockgen.json is what every other command uses: detect shows the same project.
  const recorded = readAnswers(dir, flags.config).raw.stack;
  const stack = flags.stack ?? recorded;
  const options = parseGenerateFlags(stack !== undefined ? { stack } : {});
  const facts = detectProject(new DiskFs(dir), options.stack);
  if (flags.json) {
    stdout(detectJson(dir, facts));
    return EXIT.ok;
  }
  if (!flags.quiet) printWarnings(facts.warnings);
  stdout(formatFacts(dir, facts));
  return EXIT.ok;
}

/** `dockgen detect --json` (schema/output.schema.json without plan and files). */
export function detectJson(dir: string, facts: ProjectFacts): string {
  return JSON.stringify({ schema: JSON_SCHEMA, dockgen: DOCKGEN_VERSION, directory: resolve(dir), stack: facts.stack, facts }, null, 2);
}

/** `dockgen --json`: detection and plan together, nothing written (schema/output.schema.json). */
export function planJson(dir: string, generation: Generation): string {
  const { facts, plan, files } = generation;
  return JSON.stringify(
    { schema: JSON_SCHEMA, dockgen: DOCKGEN_VERSION, directory: resolve(dir), stack: plan.stack, facts, plan, files: files.map((f) => f.path) },
    null,
    2,
  );
}

function isFact(value: unknown): value is Fact<unknown> {
  return typeof value === 'object' && value !== null && 'value' in value && 'evidence' in value;
}

/** Every detected fact that carries evidence, one per line. */
export function formatFacts(dir: string, facts: ProjectFacts, footer = true): string {
  const lines = [`dockgen detected a ${facts.stack} project in ${resolve(dir)}:`, ''];
  const entries = Object.entries(facts).filter((entry): entry is [string, Fact<unknown>] => isFact(entry[1]));
  const width = Math.max(0, ...entries.map(([key]) => key.length));
  for (const [key, fact] of entries) {
    lines.push(`  ${key.padEnd(width)}  ${summarise(fact.value)}`);
    lines.push(`  ${''.padEnd(width)}  ← ${describeEvidence(fact.evidence)}`);
  }
  // Lists of candidates (e.g. Go main packages) have no single piece of evidence: named by path.
  for (const [key, value] of Object.entries(facts)) {
    if (!Array.isArray(value) || value.length === 0 || typeof value[0]?.path !== 'string') continue;
    lines.push(`  ${key.padEnd(width)}  ${list(value.map((item: { path: string }) => item.path))}`);
  }
  if (footer) lines.push('', 'Run `dockgen --explain` for the decisions built on these facts.');
  return lines.join('\n');
}

function summarise(value: unknown): string {
  if (typeof value !== 'object' || value === null) return String(value);
  if (Array.isArray(value)) return list(value.map(summarise));
  const record = value as Record<string, unknown>;
  if (Array.isArray(record['argv'])) return (record['argv'] as string[]).join(' ');
  for (const key of ['dir', 'name', 'id', 'path']) if (typeof record[key] === 'string') return record[key] as string;
  return JSON.stringify(value);
}

/** A list for one line: the first few items, then how many more. */
function list(items: string[], shown = 8): string {
  return items.length <= shown ? items.join(', ') : `${items.slice(0, shown).join(', ')} … and ${items.length - shown} more`;
}
