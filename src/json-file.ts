import type * as JsoncParser from 'jsonc-parser';
import { readFileSync } from 'node:fs';
import { DockgenError } from './errors.js';
import { lazyRequire } from './lazy-require.js';

/** Reads a JSON settings file that must hold an object; `shown` is how the messages name it. */
export function readJsonObject(file: string, shown: string, hint: string): Record<string, unknown> {
  let data: unknown;
  const text = readFileSync(file, 'utf8');
  try {
    data = JSON.parse(text);
  } catch {
    throw new DockgenError(`${shown} is not valid JSON: ${syntaxError(text)}.`, hint);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new DockgenError(`${shown} must hold a JSON object ({ … }).`, hint);
  }
  return data as Record<string, unknown>;
}

/**
 * Where and what the first syntax error is, as an editor shows it: `line 3, column 1: a property
 * name was expected`. Only run after JSON.parse failed (its messages give a character offset, or
 * none). jsonc-parser is told to accept nothing JSON does not, so it fails where JSON.parse did.
 */
export function syntaxError(text: string): string {
  const { parse, printParseErrorCode } = lazyRequire('jsonc-parser') as typeof JsoncParser;
  const errors: JsoncParser.ParseError[] = [];
  parse(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const first = errors[0];
  if (!first) return 'not a JSON document';
  const before = text.slice(0, first.offset).split('\n');
  const line = before.length;
  const column = before.at(-1)!.length + 1;
  return `line ${line}, column ${column}: ${WORDS[printParseErrorCode(first.error)] ?? printParseErrorCode(first.error)}`;
}

const WORDS: Record<string, string> = {
  InvalidSymbol: 'unexpected character',
  InvalidNumberFormat: 'invalid number',
  PropertyNameExpected: 'a property name in double quotes was expected (a trailing comma?)',
  ValueExpected: 'a value was expected (a trailing comma, or nothing?)',
  ColonExpected: '":" was expected after the property name',
  CommaExpected: '"," was expected',
  CloseBraceExpected: '"}" was expected',
  CloseBracketExpected: '"]" was expected',
  EndOfFileExpected: 'the document should end here',
  InvalidCommentToken: 'comments are not allowed in JSON',
  UnexpectedEndOfComment: 'unterminated comment',
  UnexpectedEndOfString: 'unterminated string',
  UnexpectedEndOfNumber: 'unterminated number',
  InvalidUnicode: 'invalid \\u escape',
  InvalidEscapeCharacter: 'invalid escape character',
  InvalidCharacter: 'invalid character in a string',
};
