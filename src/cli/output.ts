import { DockgenError } from '../errors.js';
import { printable, printableJson, printableLines } from '../printable.js';
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

/** Expected failures: message and hint, no stack trace. Anything else is a bug worth a trace.
 *  Both may quote the project (a field, a path), so they are escaped like warnings. */
export function printError(error: unknown): number {
  if (error instanceof DockgenError) {
    printMessage(error.message, error.hint, error.exitCode);
    return error.exitCode;
  }
  if (jsonErrors) stdoutJson(errorJson(`unexpected error: ${(error as Error)?.message ?? String(error)}`, 'Please report it.', 70));
  process.stderr.write(`dockgen: unexpected error, please report it:\n${printableLines((error as Error)?.stack ?? String(error))}\n`);
  return 70;
}

/** An error as a person reads it (stderr, `error:` and `hint:`), and as JSON on stdout for --json.
 *  Messages quote project values: control characters are shown escaped (printable). */
export function printMessage(message: string, hint: string | undefined, exitCode: number): void {
  if (jsonErrors) stdoutJson(errorJson(message, hint, exitCode));
  process.stderr.write(`${paint(process.stderr, '31', 'error:')} ${printable(message)}\n`);
  if (hint) process.stderr.write(`  ${paint(process.stderr, '2', 'hint:')} ${printable(hint)}\n`);
}

/** `{"schema": 1, "error": {…}}`: the shape of every JSON error (schema/error.schema.json). */
function errorJson(message: string, hint: string | undefined, exitCode: number): string {
  return JSON.stringify({ schema: 1, error: { message, ...(hint ? { hint } : {}), exitCode } }, null, 2);
}

export function stdout(text: string): void {
  const safe = printableLines(text);
  process.stdout.write(safe.endsWith('\n') ? safe : safe + '\n');
}

/** Reports from report.ts: their formatter made every quoted line printable and may have added
 *  dockgen's own colour codes, which escaping again would print as text. Written as they are. */
export function stdoutFormatted(text: string): void {
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}

/** JSON documents: escaped the JSON way, so they stay valid JSON. */
export function stdoutJson(json: string): void {
  process.stdout.write(`${printableJson(json)}\n`);
}

/** Lines written to standard error outside errors and warnings (notes, drift summaries). */
export function stderrLine(text: string): void {
  process.stderr.write(`${printable(text)}\n`);
}
