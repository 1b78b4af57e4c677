import type { Dockerfile } from 'dockerfile-ast';
import { matchesId } from './catalog.js';
import type { Issue } from './types.js';

const MARKER = /^dockgen-ignore\b(.*)$/;

/** The ids after `dockgen-ignore`: `R7`, `R7,R12`, `R7 apt-lists -- reason` (a `--` starts a free-text reason). */
export function parseIgnoreIds(text: string): string[] {
  const match = MARKER.exec(text.trim());
  if (!match) return [];
  return match[1]!.split(/\s+--\s|\s+#/)[0]!.split(/[\s,]+/).filter(Boolean);
}

/**
 * Inline suppressions in a Dockerfile: `# dockgen-ignore R7` in the comment lines directly above an
 * instruction silences those rules (or check names) for that instruction. Findings are anchored to
 * the instruction's first line, so a suppression covers every line of a multi-line RUN.
 */
export function dockerfileSuppressions(dockerfile: Dockerfile): Map<number, string[]> {
  const comments = new Map<number, string>();
  for (const comment of dockerfile.getComments()) comments.set(comment.getRange().start.line, comment.getContent());
  const suppressions = new Map<number, string[]>();
  for (const instruction of dockerfile.getInstructions()) {
    const start = instruction.getRange().start.line;
    const ids: string[] = [];
    for (let line = start - 1; comments.has(line); line--) ids.push(...parseIgnoreIds(comments.get(line)!));
    if (ids.length > 0) suppressions.set(start + 1, ids);
  }
  return suppressions;
}

/** In a .dockerignore (a flat list, no instructions), a `# dockgen-ignore R23` comment applies to the whole file. */
export function dockerignoreSuppressions(text: string): string[] {
  return text
    .split(/\r?\n/)
    .filter((line) => line.trim().startsWith('#'))
    .flatMap((line) => parseIgnoreIds(line.trim().slice(1)));
}

export function isSuppressed(finding: Issue, ids: readonly string[]): boolean {
  return ids.some((id) => matchesId(finding, id));
}
