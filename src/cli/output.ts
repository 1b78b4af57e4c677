import { DockgenError } from '../errors.js';
import { printable, printableJson, printableLines } from '../printable.js';

/** Colour only for a terminal that wants it (NO_COLOR, https://no-color.org). */
function useColor(stream: NodeJS.WriteStream): boolean {
  return stream.isTTY === true && !('NO_COLOR' in process.env) && process.env['TERM'] !== 'dumb';
}

function paint(stream: NodeJS.WriteStream, code: string, text: string): string {
  return useColor(stream) ? `\u001b[${code}m${text}\u001b[0m` : text;
}

export function printWarnings(warnings: readonly string[]): void {
  for (const warning of warnings) process.stderr.write(`${paint(process.stderr, '33', 'warning:')} ${printable(warning)}\n`);
}

/** Expected failures: message and hint, no stack trace. Anything else is a bug worth a trace.
 *  Both may quote the project (a field, a path), so they are escaped like warnings. */
export function printError(error: unknown): number {
  if (error instanceof DockgenError) {
    process.stderr.write(`${paint(process.stderr, '31', 'error:')} ${printable(error.message)}\n`);
    if (error.hint) process.stderr.write(`  ${paint(process.stderr, '2', 'hint:')} ${printable(error.hint)}\n`);
    return error.exitCode;
  }
  process.stderr.write(`dockgen: unexpected error, please report it:\n${printableLines((error as Error)?.stack ?? String(error))}\n`);
  return 70;
}

/** Reports, diffs and Dockerfiles: they quote project files line by line, so every control
 *  character but the newline is shown escaped (a generated Dockerfile has none to escape). */
export function stdout(text: string): void {
  const safe = printableLines(text);
  process.stdout.write(safe.endsWith('\n') ? safe : safe + '\n');
}

/** JSON documents: escaped the JSON way, so they stay valid JSON. */
export function stdoutJson(json: string): void {
  process.stdout.write(`${printableJson(json)}\n`);
}

/** Lines written to standard error outside errors and warnings (notes, drift summaries). */
export function stderrLine(text: string): void {
  process.stderr.write(`${printable(text)}\n`);
}
