import { DockgenError } from '../errors.js';
import { painter } from './color.js';

function paint(stream: NodeJS.WriteStream, code: string, text: string): string {
  return painter(stream)(code, text);
}

/** Set when the run asked for JSON (`--json`, `lint --format json`): errors then also go to
 *  standard output as a JSON document, so a caller always has something to parse. */
let jsonErrors = false;
export function reportErrorsAsJson(on: boolean): void {
  jsonErrors = on;
}

export function printWarnings(warnings: readonly string[]): void {
  for (const warning of warnings) process.stderr.write(`${paint(process.stderr, '33', 'warning:')} ${printable(warning)}\n`);
}

/** Values quoted from a project (package names, paths) may hold control characters: a warning
 *  stays one line and cannot drive the terminal. */
function printable(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000a-\u001f\u007f\u009b]/g, '?');
}

/** Expected failures: message and hint, no stack trace. Anything else is a bug worth a trace. */
export function printError(error: unknown): number {
  if (error instanceof DockgenError) {
    printMessage(error.message, error.hint, error.exitCode);
    return error.exitCode;
  }
  if (jsonErrors) stdout(errorJson(`unexpected error: ${(error as Error)?.message ?? String(error)}`, 'Please report it.', 70));
  process.stderr.write(`dockgen: unexpected error, please report it:\n${(error as Error)?.stack ?? String(error)}\n`);
  return 70;
}

/** An error as a person reads it (stderr, `error:` and `hint:`), and as JSON on stdout for --json. */
export function printMessage(message: string, hint: string | undefined, exitCode: number): void {
  if (jsonErrors) stdout(errorJson(message, hint, exitCode));
  process.stderr.write(`${paint(process.stderr, '31', 'error:')} ${message}\n`);
  if (hint) process.stderr.write(`  ${paint(process.stderr, '2', 'hint:')} ${hint}\n`);
}

/** `{"schema": 1, "error": {…}}`: the shape of every JSON error (schema/error.schema.json). */
function errorJson(message: string, hint: string | undefined, exitCode: number): string {
  return JSON.stringify({ schema: 1, error: { message, ...(hint ? { hint } : {}), exitCode } }, null, 2);
}

export function stdout(text: string): void {
  process.stdout.write(text.endsWith('\n') ? text : text + '\n');
}
