/**
 * Whether a stream gets ANSI colour: FORCE_COLOR wins (CI logs that render colour), then NO_COLOR
 * (https://no-color.org), then a terminal that is not `dumb`. Every coloured line dockgen prints
 * (warnings, errors, diffs, lint findings, flag-parser errors) asks here.
 */
export function useColor(stream: { isTTY?: boolean }): boolean {
  const force = process.env['FORCE_COLOR'];
  if (force !== undefined) return force !== '0' && force.toLowerCase() !== 'false';
  const noColor = process.env['NO_COLOR'];
  if (noColor !== undefined && noColor !== '') return false;
  return stream.isTTY === true && process.env['TERM'] !== 'dumb';
}

export type Paint = (code: string, text: string) => string;

/** A painter for one stream: `paint('31', 'error:')`, or the text as it is without colour. */
export function painter(stream: { isTTY?: boolean }): Paint {
  const on = useColor(stream);
  return (code, text) => (on ? `\u001b[${code}m${text}\u001b[0m` : text);
}
