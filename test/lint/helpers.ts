import { lint } from '../../src/lint/engine.js';
import type { Finding } from '../../src/lint/types.js';

export interface LintCase {
  dockerignore?: string | null;
  /** Files present in the build context. */
  files?: string[];
  ignore?: string[];
}

/** Lints an in-memory Dockerfile; the .dockerignore checks run only when `dockerignore` is given. */
export function lintText(dockerfile: string, options: LintCase = {}): Finding[] {
  const files = new Set(options.files ?? []);
  return lint(
    {
      dockerfilePath: 'Dockerfile',
      dockerfile,
      ...(options.dockerignore !== undefined ? { dockerignore: options.dockerignore === null ? null : { path: '.dockerignore', text: options.dockerignore } } : {}),
      context: { exists: (path) => files.has(path) || [...files].some((f) => f.startsWith(`${path}/`)) },
    },
    { ignore: options.ignore ?? [] },
  );
}

/** The lines where one check fired: `[]` means it stayed quiet. */
export function linesOf(check: string, dockerfile: string, options: LintCase = {}): number[] {
  return lintText(dockerfile, options)
    .filter((f) => f.check === check)
    .map((f) => f.line);
}

/** Builds a Dockerfile from lines (keeps the tests readable and line numbers obvious). */
export const df = (...lines: string[]): string => `${lines.join('\n')}\n`;
