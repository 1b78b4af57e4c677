/**
 * Text quoted from a project (a package name, a path, a line of a Dockerfile) reaches the user's
 * terminal in messages, warnings, diffs and reports. Raw, an ESC sequence there can rewrite the
 * terminal, a CR can overwrite the line that says what went wrong, and a line separator can forge
 * a second message. Every such character is shown as a visible escape instead.
 *
 * Covered: C0 controls except tab, DEL, C1 controls (U+0080–U+009F: U+009B is an 8-bit CSI, and
 * U+0085 NEL ends a line for some tools, like U+2028 and U+2029), the line and paragraph
 * separators, and the bidirectional overrides that make text display in another order than it is.
 */
// eslint-disable-next-line no-control-regex
const UNPRINTABLE = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
// eslint-disable-next-line no-control-regex
const UNPRINTABLE_BUT_NEWLINE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

function escapeChar(c: string): string {
  if (c === '\n') return '\\n';
  if (c === '\r') return '\\r';
  const code = c.charCodeAt(0);
  return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** One line of text: every control character (newlines too) as a visible escape. */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, escapeChar);
}

/** Text of several lines (a diff, a report): newlines stay, everything else is escaped. */
export function printableLines(text: string): string {
  return text.replace(UNPRINTABLE_BUT_NEWLINE, escapeChar);
}

/** Outside C0, which JSON.stringify already escapes inside strings. */
const JSON_UNSAFE = /[\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** JSON output: JSON.stringify escapes C0 controls but leaves C1 controls, U+2028/U+2029 and the
 *  bidi overrides raw; they only occur inside strings, where a `\uXXXX` escape means the same. */
export function printableJson(json: string): string {
  return json.replace(JSON_UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
