import { fileURLToPath } from 'node:url';
import type { Finding, Severity } from './types.js';
import { printable } from '../printable.js';

/** docs/rules.md, shipped in the package: two folders up from src/lint, dist/lint and dist/bundle. */
export const RULES_DOC = fileURLToPath(new URL('../../docs/rules.md', import.meta.url));

/** The section of docs/rules.md that explains a rule (`R14` → `…/docs/rules.md#r14`). */
export function ruleDocs(rule: string): string {
  return `${RULES_DOC}#${rule.toLowerCase()}`;
}

/** The line after the summary: where the rules behind these findings are explained, by section. */
export function rulesPointer(findings: readonly Finding[]): string | undefined {
  const rules = [...new Set(findings.map((f) => f.rule))].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  if (rules.length === 0) return undefined;
  return `Why: ${RULES_DOC} (${rules.map((rule) => `#${rule.toLowerCase()}`).join(', ')})`;
}

const COLORS: Record<Severity, string> = { error: '31', warning: '33', info: '36' };

/**
 * One line per finding, `FILE:LINE RULE severity: message. why Fix: fix`, the shape editors and CI
 * annotators parse (`file:line`). Colour only where the caller says the stream is a terminal.
 * Findings quote the Dockerfile: its control characters are escaped before the colours go on.
 */
export function formatText(findings: readonly Finding[], color: boolean): string {
  const paint = (code: string, text: string) => (color ? `\u001b[${code}m${text}\u001b[0m` : text);
  return findings
    .map((f) => `${paint('1', `${printable(f.file)}:${f.line}`)} ${f.rule} ${paint(COLORS[f.severity], `${f.severity}:`)} ${printable(f.message)}. ${printable(f.why)} ${paint('2', 'Fix:')} ${printable(f.fix)}`)
    .join('\n');
}

export function summarize(findings: readonly Finding[], files: number): string {
  const count = (severity: Severity) => findings.filter((f) => f.severity === severity).length;
  const parts = [plural(count('error'), 'error'), plural(count('warning'), 'warning'), plural(count('info'), 'note')].filter((p) => !p.startsWith('0 '));
  return `${parts.length > 0 ? parts.join(', ') : 'no problems'} in ${plural(files, 'file')}`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Stable machine-readable output: a version, every finding with its file, and the totals. */
export function formatJson(findings: readonly Finding[], files: readonly string[]): string {
  const count = (severity: Severity) => findings.filter((f) => f.severity === severity).length;
  return JSON.stringify(
    {
      version: 1,
      files,
      findings: findings.map(({ file, line, rule, check, severity, message, why, fix }) => ({ file, line, rule, check, severity, message, why, fix, docs: ruleDocs(rule) })),
      summary: { errors: count('error'), warnings: count('warning'), info: count('info') },
    },
    null,
    2,
  );
}
