import { resolve } from 'node:path';
import type { Generation } from '../core.js';
import { detectProject, type ProjectFacts } from '../detect/index.js';
import { describeEvidence, type Evidence, type Fact } from '../detect/evidence.js';
import { DiskFs, type ProjectFs } from '../detect/fs.js';
import { EXIT } from '../errors.js';
import { parseGenerateFlags } from '../options.js';
import { readAnswers } from '../config.js';
import { DOCKGEN_VERSION } from '../version.js';
import { assertFolder } from './folder.js';
import { printWarnings, stdout, stdoutJson } from './output.js';

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
  const fs = new DiskFs(dir);
  const facts = detectProject(fs, options.stack);
  if (flags.json) {
    stdoutJson(detectJson(dir, facts));
    return EXIT.ok;
  }
  if (!flags.quiet) printWarnings(facts.warnings);
  stdout(formatFacts(dir, facts, true, fs));
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

/** What each fact is called for people (the JSON keeps the field names). */
const LABELS: Record<string, string> = {
  framework: 'framework',
  start: 'start command',
  packageManager: 'package manager',
  manager: 'dependency manager',
  entryPort: 'port (start command)',
  codePort: 'port (source code)',
  tool: 'site built with',
  siteDir: 'files served',
  routing: 'routing',
  mains: 'main packages',
  modules: 'Go modules',
  goVersionSpec: 'Go version',
  pythonVersionSpec: 'Python version',
  nodeVersionSpec: 'Node.js version',
  build: 'build command',
  dependencyEngines: 'engines of dependencies',
  workspacePatterns: 'workspace patterns',
  workspacePackages: 'workspace packages',
  workspace: 'Go workspace',
  toolPin: 'manager version',
  moduleless: 'build without go.mod',
  importPath: 'import path',
  frameworkBuild: 'framework build',
  basePath: 'base path',
  worker: 'worker',
  vendor: 'vendored modules',
  cgoModules: 'cgo modules',
};

/** `entryPort` → "entry port" for a field no label names yet. */
export function factLabel(key: string): string {
  return LABELS[key] ?? key.replace(/([a-z])([A-Z])/g, (_, a: string, b: string) => `${a} ${b.toLowerCase()}`);
}

/** Every detected fact that carries evidence, one per line, in words; evidence that points at a
 *  line quotes it from `fs` when given. */
export function formatFacts(dir: string, facts: ProjectFacts, footer = true, fs?: ProjectFs): string {
  const lines = [`dockgen detected a ${STACK_WORDS[facts.stack]} project in ${resolve(dir)}:`, ''];
  const entries = Object.entries(facts).filter((entry): entry is [string, Fact<unknown>] => isFact(entry[1]));
  const lists = Object.entries(facts).filter(([, value]) => Array.isArray(value) && value.length > 0 && typeof value[0]?.path === 'string');
  const width = Math.max(0, ...[...entries, ...lists].map(([key]) => factLabel(key).length));
  for (const [key, fact] of entries) {
    lines.push(`  ${factLabel(key).padEnd(width)}  ${summarise(fact.value)}`);
    lines.push(`  ${''.padEnd(width)}  ← ${quoteEvidence(fact.evidence, fs)}`);
  }
  // Lists of candidates (e.g. Go main packages) have no single piece of evidence: named by path.
  for (const [key, value] of lists) {
    lines.push(`  ${factLabel(key).padEnd(width)}  ${list((value as Array<{ path: string }>).map((item) => item.path))}`);
  }
  if (footer) lines.push('', 'Run `dockgen --explain` for the decisions built on these facts.');
  return lines.join('\n');
}

export const STACK_WORDS = { node: 'Node.js', python: 'Python', go: 'Go', static: 'static site' } as const;

/**
 * Evidence that points at a line of a project file quotes that line (`app.py line 5: app =
 * Flask(__name__)`), which is what a person checks; other evidence reads as describeEvidence has it.
 */
export function quoteEvidence(evidence: Evidence, fs?: ProjectFs): string {
  const line = /(?:^|\()line (\d+)\)?$/.exec(evidence.field ?? '')?.[1];
  const text = line && fs ? fs.tryReadText(evidence.source)?.split(/\r?\n/)[Number(line) - 1]?.trim() : undefined;
  if (!text) return describeEvidence(evidence);
  // eslint-disable-next-line no-control-regex
  const shown = text.replace(/[\u0000-\u001f\u007f\u009b]/g, '?');
  return `${evidence.source} line ${line}: ${shown.length > 100 ? `${shown.slice(0, 99)}…` : shown}`;
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
