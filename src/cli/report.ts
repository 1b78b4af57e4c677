import { resolve } from 'node:path';
import type { Generation } from '../core.js';
import type { ProjectFs } from '../detect/fs.js';
import { STACK_WORDS, quoteEvidence } from './detect.js';
import type { FileChange } from '../write.js';
import { painter, type Paint } from './color.js';
import { printable, printableLines } from '../printable.js';

/** `--explain`: every decision and the evidence it rests on. */
export function formatExplain(dir: string, generation: Generation, fs?: ProjectFs): string {
  const { plan } = generation;
  const width = Math.max('ENTRYPOINT'.length, ...plan.decisions.map((d) => d.topic.length));
  const lines = [`dockgen decisions for ${resolve(dir)} (${STACK_WORDS[plan.stack]}):`, ''];
  for (const decision of plan.decisions) {
    lines.push(`  ${decision.topic.padEnd(width)}  ${decision.value}`);
    lines.push(`  ${''.padEnd(width)}  ← ${quoteEvidence(decision.evidence, fs)}`);
    if (decision.why) lines.push(`  ${''.padEnd(width)}    ${decision.why}`);
  }
  // PID 1 is a decision above; here the instructions that carry it out.
  lines.push('', `  ${'user'.padEnd(width)}  ${plan.user} (non-root)`, `  ${'ENTRYPOINT'.padEnd(width)}  ${plan.entrypoint}`);
  if (plan.cmd) lines.push(`  ${'CMD'.padEnd(width)}  ${plan.cmd}`);
  lines.push('', 'Nothing was written (--explain).');
  return lines.join('\n');
}

/** Dry-run verbs: what would happen to each file ("identical" needs no "would"). */
const WOULD: Record<FileChange['status'], string> = {
  create: 'would create',
  identical: 'identical',
  conflict: 'would conflict',
  overwrite: 'would overwrite',
  skip: 'would keep',
};

const DONE: Record<FileChange['status'], string> = { create: 'created', identical: 'identical', conflict: 'conflict', overwrite: 'overwrote', skip: 'kept' };

/** The per-file summary after a write, or with diffs for --dry-run (coloured where stdout takes colour). */
export async function formatChanges(changes: FileChange[], dryRun: boolean): Promise<string> {
  const out: string[] = [];
  for (const change of changes) {
    out.push(`${(dryRun ? WOULD : DONE)[change.status]}  ${printable(change.path)}`);
    if (!dryRun) continue;
    if (change.status === 'create') out.push(indent(change.content));
    if (change.status === 'conflict' || change.status === 'overwrite') out.push(await formatDiff(change));
  }
  if (dryRun) {
    out.push('', 'Nothing was written (--dry-run).');
    if (changes.some((c) => c.status === 'conflict')) out.push('Files marked "would conflict" are overwritten only with --force.');
  }
  return out.join('\n');
}

function indent(text: string): string {
  return printableLines(text).trimEnd().split('\n').map((line) => `    ${line}`).join('\n');
}

/** A unified diff of what is on disk against what dockgen would write (loaded only for diffs). */
export async function formatDiff(change: FileChange, paint: Paint = painter(process.stdout)): Promise<string> {
  const { createTwoFilesPatch } = await import('diff');
  const patch = createTwoFilesPatch(`${change.path} (on disk)`, `${change.path} (dockgen)`, change.existing ?? '', change.content, '', '', { context: 3 }).trimEnd();
  return colorDiff(patch, paint);
}

/** Removed lines red, added green, hunk headers cyan, file headers bold. Each line is made
 *  printable first (a file on disk may hold anything), so the only escape codes left are ours. */
export function colorDiff(patch: string, paint: Paint): string {
  return patch
    .split('\n')
    .map(printable)
    .map((line) => {
      if (line.startsWith('---') || line.startsWith('+++') || line.startsWith('====')) return paint('1', line);
      if (line.startsWith('@@')) return paint('36', line);
      if (line.startsWith('+')) return paint('32', line);
      if (line.startsWith('-')) return paint('31', line);
      return line;
    })
    .join('\n');
}

/** `--check`: which generated files are missing or differ from what dockgen would write, with a
 *  unified diff per differing file (the CI log then shows exactly what drifted). */
export async function formatCheck(changes: FileChange[]): Promise<string> {
  const out: string[] = [];
  for (const change of changes) {
    if (change.status === 'identical') out.push(`up to date  ${printable(change.path)}`);
    else if (change.status === 'create') out.push(`missing     ${printable(change.path)}`);
    else {
      out.push(`differs     ${printable(change.path)}`);
      out.push(await formatDiff(change));
    }
  }
  return out.join('\n');
}
