import { printParseErrorCode, visit, type ParseErrorCode } from 'jsonc-parser';
import { DockgenError } from './errors.js';
import { readRegularFile } from './safe-read.js';

/**
 * Reads a JSON settings file that must hold an object; `shown` is how the messages name it.
 * `root`: the project folder when the file is the project's own (dockgen.json), so that a link
 * out of the project is refused; none for a file the user named (--config, --org-config).
 */
export function readJsonObject(file: string, shown: string, hint: string, root?: string): Record<string, unknown> {
  const text = readRegularFile(file, root === undefined ? { shown } : { shown, root });
  if (text === undefined) throw new DockgenError(`${shown} does not exist.`, hint);
  const data = parseJson(text, shown, hint);
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new DockgenError(`${shown} must hold a JSON object ({ … }).`, hint);
  }
  return data as Record<string, unknown>;
}

/**
 * JSON.parse, with an error that says where (line and column) and what, but never quotes the
 * text: V8's message shows the start of the input ("root:x:0:0"... is not valid JSON), and the
 * file may be anything a link or a stranger's repository put there.
 */
export function parseJson(text: string, shown: string, hint: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new DockgenError(`${shown} is not valid JSON: ${locateJsonError(text)}.`, hint);
  }
}

/** Where a strict JSON parser first stops, in words: `line 3, column 7: a comma is missing`. */
export function locateJsonError(text: string): string {
  let found: { code: ParseErrorCode; offset: number } | undefined;
  visit(
    text,
    {
      onError: (code, offset) => {
        found ??= { code, offset };
      },
    },
    { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false },
  );
  // jsonc-parser accepts a few things JSON.parse does not (a lone surrogate escape, control
  // characters inside strings); then the position is unknown, but the file is still not JSON.
  if (!found) return 'a character JSON does not allow in a string, or a bad escape';
  const before = text.slice(0, found.offset);
  const line = before.split('\n').length;
  const column = found.offset - before.lastIndexOf('\n');
  const name = printParseErrorCode(found.code);
  return `line ${line}, column ${column}: ${WHAT[name] ?? name}`;
}

/** jsonc-parser's error names (printParseErrorCode), in words. */
const WHAT: Record<string, string> = {
  InvalidSymbol: 'unexpected character',
  InvalidNumberFormat: 'a malformed number',
  PropertyNameExpected: 'a property name in double quotes was expected (a trailing comma?)',
  ValueExpected: 'a value was expected (a trailing comma, or nothing?)',
  ColonExpected: '":" was expected after the property name',
  CommaExpected: 'a comma was expected',
  CloseBraceExpected: 'a closing brace was expected',
  CloseBracketExpected: 'a closing bracket was expected',
  EndOfFileExpected: 'the document should end here',
  InvalidCommentToken: 'comments are not allowed in JSON',
  UnexpectedEndOfComment: 'a comment is not closed',
  UnexpectedEndOfString: 'a string is not closed',
  UnexpectedEndOfNumber: 'a number ends early',
  InvalidUnicode: 'a bad \\u escape',
  InvalidEscapeCharacter: 'a bad escape',
  InvalidCharacter: 'a character JSON does not allow in a string',
};
