import { resolve } from 'node:path';
import type { Generation } from '../core.js';
import { describeEvidence } from '../detect/evidence.js';
import type { FileChange } from '../write.js';

/** `--explain`: every decision and the evidence it rests on. */
export function formatExplain(dir: string, generation: Generation): string {
  const { plan } = generation;
  const width = Math.max(...plan.decisions.map((d) => d.topic.length));
  const lines = [`dockgen decisions for ${resolve(dir)} (${plan.stack}):`, ''];
  for (const decision of plan.decisions) {
    lines.push(`  ${decision.topic.padEnd(width)}  ${decision.value}`);
    lines.push(`  ${''.padEnd(width)}  ← ${describeEvidence(decision.evidence)}`);
    if (decision.why) lines.push(`  ${''.padEnd(width)}    ${decision.why}`);
  }
  lines.push('', `  ${'user'.padEnd(width)}  ${plan.user} (non-root)`, `  ${'PID 1'.padEnd(width)}  ${plan.entrypoint}`);
  lines.push('', 'Nothing was written (--explain).');
  return lines.join('\n');
}

const VERB: Record<FileChange['status'], string> = {
  create: 'create',
  identical: 'identical',
  conflict: 'conflict',
  overwrite: 'overwrite',
  skip: 'skip',
};

/** The per-file summary after a write, or with diffs for --dry-run. */
export async function formatChanges(changes: FileChange[], dryRun: boolean): Promise<string> {
  // Loaded only for diffs, which only --dry-run prints.
  const { createTwoFilesPatch } = dryRun ? await import('diff') : { createTwoFilesPatch: undefined };
  const out: string[] = [];
  for (const change of changes) {
    out.push(`${(dryRun ? 'would ' : '') + (dryRun ? VERB[change.status] : pastTense(change.status))}  ${change.path}`);
    if (!dryRun) continue;
    if (change.status === 'create') out.push(indent(change.content));
    if (change.status === 'conflict' || change.status === 'overwrite') {
      out.push(createTwoFilesPatch!(`${change.path} (on disk)`, `${change.path} (dockgen)`, change.existing ?? '', change.content, '', '', { context: 3 }).trimEnd());
    }
  }
  if (dryRun) {
    out.push('', 'Nothing was written (--dry-run).');
    if (changes.some((c) => c.status === 'conflict')) out.push('Files marked "conflict" are overwritten only with --force.');
  }
  return out.join('\n');
}

function pastTense(status: FileChange['status']): string {
  return { create: 'created', identical: 'identical', conflict: 'conflict', overwrite: 'overwrote', skip: 'kept' }[status];
}

function indent(text: string): string {
  return text.trimEnd().split('\n').map((line) => `    ${line}`).join('\n');
}

/** A unified diff of what is on disk against what dockgen would write. */
export async function formatDiff(change: FileChange): Promise<string> {
  const { createTwoFilesPatch } = await import('diff');
  return createTwoFilesPatch(`${change.path} (on disk)`, `${change.path} (dockgen)`, change.existing ?? '', change.content, '', '', { context: 3 }).trimEnd();
}

/** `--check`: which generated files are missing or differ from what dockgen would write, with a
 *  unified diff per differing file (the CI log then shows exactly what drifted). */
export async function formatCheck(changes: FileChange[]): Promise<string> {
  const { createTwoFilesPatch } = await import('diff');
  const out: string[] = [];
  for (const change of changes) {
    if (change.status === 'identical') out.push(`up to date  ${change.path}`);
    else if (change.status === 'create') out.push(`missing     ${change.path}`);
    else {
      out.push(`differs     ${change.path}`);
      out.push(createTwoFilesPatch(`${change.path} (on disk)`, `${change.path} (dockgen)`, change.existing ?? '', change.content, '', '', { context: 3 }).trimEnd());
    }
  }
  return out.join('\n');
}
