import { DockgenError, EXIT } from '../errors.js';
import { OPT_IN_CHECKS, isKnownId } from '../lint/catalog.js';
import { failed, lint } from '../lint/engine.js';
import { readLintInput, resolveDockerfiles } from '../lint/files.js';
import { formatJson, formatText, rulesPointer, summarize } from '../lint/format.js';
import type { Finding } from '../lint/types.js';
import { stderrLine, stdoutJson } from './output.js';
import { useColor } from './color.js';

export interface LintFlags {
  format?: 'text' | 'json';
  strict?: boolean;
  ignore?: string;
  enable?: string;
}

/** `--enable from-digest,eol-runtime`: opt-in checks by name; anything else is a usage error. */
export function parseEnableFlag(value: string | undefined): string[] {
  const ids = (value ?? '').split(',').map((id) => id.trim()).filter(Boolean);
  const unknown = ids.filter((id) => !(OPT_IN_CHECKS as readonly string[]).includes(id));
  if (unknown.length > 0) {
    throw new DockgenError(`--enable: ${unknown.join(', ')} ${unknown.length === 1 ? 'is not an' : 'are not'} opt-in check${unknown.length === 1 ? '' : 's'}.`, `Opt-in checks: ${OPT_IN_CHECKS.join(', ')} (every other check always runs).`);
  }
  return ids;
}

/** `--ignore R7,R12,apt-lists`: rule ids or check names; an unknown one is a usage error (a typo
 *  would otherwise silently suppress nothing). */
export function parseIgnoreFlag(value: string | undefined): string[] {
  const ids = (value ?? '').split(',').map((id) => id.trim()).filter(Boolean);
  const unknown = ids.filter((id) => !isKnownId(id));
  if (unknown.length > 0) {
    throw new DockgenError(`--ignore: unknown rule ${unknown.join(', ')}.`, 'Use rule ids such as R6 or D2, or check names such as apt-lists (see `dockgen lint --help`).');
  }
  return ids;
}

/** Lints each Dockerfile; exit 0 when clean, 1 on an error finding (any warning with --strict), 2 on bad usage. */
export async function runLint(args: string[], flags: LintFlags): Promise<number> {
  const ignore = parseIgnoreFlag(flags.ignore);
  const enable = parseEnableFlag(flags.enable);
  const files = resolveDockerfiles(args);
  // Read everything first: an unreadable file is a usage error, reported before any findings.
  const inputs = files.map(readLintInput);
  const findings: Finding[] = inputs.flatMap((input) => lint(input, { ignore, enable }));

  if (flags.format === 'json') {
    stdoutJson(formatJson(findings, files.map((f) => f.path)));
  } else {
    if (findings.length > 0) process.stdout.write(`${formatText(findings, useColor(process.stdout))}\n`);
    stderrLine(summarize(findings, files.length));
    const pointer = rulesPointer(findings);
    if (pointer) stderrLine(pointer);
  }
  return failed(findings, flags.strict === true) ? EXIT.checkFailed : EXIT.ok;
}
