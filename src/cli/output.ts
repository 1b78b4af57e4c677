import { DockgenError } from '../errors.js';

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

/** Values quoted from a project (package names, paths) may hold control characters: a warning
 *  stays one line and cannot drive the terminal. */
function printable(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000a-\u001f\u007f\u009b]/g, '?');
}

/** Expected failures: message and hint, no stack trace. Anything else is a bug worth a trace. */
export function printError(error: unknown): number {
  if (error instanceof DockgenError) {
    process.stderr.write(`${paint(process.stderr, '31', 'error:')} ${error.message}\n`);
    if (error.hint) process.stderr.write(`  ${paint(process.stderr, '2', 'hint:')} ${error.hint}\n`);
    return error.exitCode;
  }
  process.stderr.write(`dockgen: unexpected error, please report it:\n${(error as Error)?.stack ?? String(error)}\n`);
  return 70;
}

export function stdout(text: string): void {
  process.stdout.write(text.endsWith('\n') ? text : text + '\n');
}
