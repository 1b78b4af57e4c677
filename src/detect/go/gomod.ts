import { DockgenError } from '../../errors.js';

/**
 * go.mod and go.work, read with the go command's own line grammar (golang.org/x/mod/modfile):
 * one directive per line, `//` comments, `verb ( … )` blocks, tokens that may be quoted.
 */
export interface GoModFile {
  /** `module` path; absent in go.work. */
  module?: string;
  /** `go 1.22` / `go 1.22.3`, with its line number. */
  go?: { version: string; line: number };
  /** `toolchain go1.23.4` (`default` is dropped: it names no version). */
  toolchain?: { version: string; line: number };
  requires: Array<{ path: string; version: string; indirect: boolean }>;
  /** Replacements by a local folder (`=> ./lib`): the build needs them in the context. */
  localReplaces: Array<{ path: string; dir: string }>;
  /** go.work `use` folders. */
  uses: string[];
}

interface Line {
  tokens: string[];
  comment: string;
  number: number;
}

const GO_MOD_VERBS = new Set(['module', 'go', 'toolchain', 'godebug', 'require', 'exclude', 'replace', 'retract', 'tool', 'ignore']);
const GO_WORK_VERBS = new Set(['go', 'toolchain', 'godebug', 'use', 'replace']);
const GO_VERSION = /^1(\.(0|[1-9]\d*)){1,2}((rc|beta)\d+)?$/;
const TOOLCHAIN = /^go1(\.(0|[1-9]\d*)){1,2}((rc|beta)\d+)?(-[\w.-]+)?$/;

export function parseGoMod(text: string, file: string): GoModFile {
  return parseModFile(text, file, GO_MOD_VERBS);
}

export function parseGoWork(text: string, file: string): GoModFile {
  return parseModFile(text, file, GO_WORK_VERBS);
}

function parseModFile(text: string, file: string, verbs: Set<string>): GoModFile {
  const result: GoModFile = { requires: [], localReplaces: [], uses: [] };
  const fail = (line: number, what: string) =>
    new DockgenError(`${file} line ${line}: ${what}.`, `Fix ${file} (\`go mod tidy\` or \`go work sync\` rewrites it in the standard form).`);
  const lines = tokenize(text, fail);
  let block: { verb: string; line: number } | undefined;
  for (const line of lines) {
    if (line.tokens.length === 0) continue;
    if (block) {
      if (line.tokens.length === 1 && line.tokens[0] === ')') {
        block = undefined;
        continue;
      }
      directive(block.verb, line.tokens, line);
      continue;
    }
    const [verb, ...args] = line.tokens;
    if (!verbs.has(verb!)) throw fail(line.number, `unknown directive "${verb}"`);
    if (args.length === 1 && args[0] === '(') {
      block = { verb: verb!, line: line.number };
      continue;
    }
    directive(verb!, args, line);
  }
  if (block) throw fail(block.line, `the "${block.verb} (" block is never closed`);
  if (verbs === GO_MOD_VERBS && result.module === undefined) throw fail(1, 'there is no module directive');
  return result;

  function directive(verb: string, args: string[], line: Line): void {
    switch (verb) {
      case 'module':
        if (args.length !== 1 || args[0] === '') throw fail(line.number, 'module needs exactly one path');
        result.module = args[0];
        return;
      case 'go':
        if (args.length !== 1 || !GO_VERSION.test(args[0]!)) throw fail(line.number, `"go ${args.join(' ')}" is not a Go version such as 1.22 or 1.22.3`);
        result.go = { version: args[0]!, line: line.number };
        return;
      case 'toolchain':
        if (args.length !== 1 || (args[0] !== 'default' && !TOOLCHAIN.test(args[0]!))) {
          throw fail(line.number, `"toolchain ${args.join(' ')}" is not a toolchain name such as go1.22.3`);
        }
        if (args[0] !== 'default') result.toolchain = { version: args[0]!, line: line.number };
        return;
      case 'require':
        if (args.length !== 2) throw fail(line.number, 'require needs a module path and a version');
        result.requires.push({ path: args[0]!, version: args[1]!, indirect: /^\s*indirect\b/.test(line.comment) });
        return;
      case 'replace': {
        const arrow = args.indexOf('=>');
        if (arrow < 1 || arrow > 2 || args.length - arrow - 1 < 1 || args.length - arrow - 1 > 2) {
          throw fail(line.number, 'replace needs "old [version] => new [version]"');
        }
        const target = args[arrow + 1]!;
        if (/^(\.{1,2}(\/|$)|\/)/.test(target)) result.localReplaces.push({ path: args[0]!, dir: target });
        return;
      }
      case 'use':
        if (args.length !== 1) throw fail(line.number, 'use needs exactly one folder');
        result.uses.push(args[0]!);
        return;
      default:
        // godebug, exclude, retract, tool, ignore: valid, and nothing the image depends on.
        return;
    }
  }
}

/**
 * Whitespace between tokens, as golang.org/x/mod/modfile reads it: space, tab and carriage
 * return (lines end at `\n`, so `\r\n` works and a lone `\r` is a space). One definition, used
 * both to skip blanks and to end a bare token: two different ones once let a character that the
 * first did not skip and the second would not take (a lone CR) loop forever.
 */
function isBlank(c: string): boolean {
  return c === ' ' || c === '\t' || c === '\r';
}

/** Splits into lines of tokens; `(` and `)` and `=>` are tokens of their own. */
function tokenize(text: string, fail: (line: number, what: string) => DockgenError): Line[] {
  const lines: Line[] = [];
  for (const [index, raw] of text.replace(/^\uFEFF/, '').split('\n').entries()) {
    const line: Line = { tokens: [], comment: '', number: index + 1 };
    let i = 0;
    while (i < raw.length) {
      const c = raw[i]!;
      if (isBlank(c)) {
        i++;
      } else if (raw.startsWith('//', i)) {
        line.comment = raw.slice(i + 2);
        break;
      } else if (c === '(' || c === ')') {
        line.tokens.push(c);
        i++;
      } else if (raw.startsWith('=>', i)) {
        line.tokens.push('=>');
        i += 2;
      } else if (c === '"' || c === '`') {
        const end = findQuoteEnd(raw, i);
        if (end < 0) throw fail(index + 1, 'a quoted string is not closed');
        line.tokens.push(c === '"' ? unquote(raw.slice(i, end + 1), () => fail(index + 1, 'a quoted string is malformed')) : raw.slice(i + 1, end));
        i = end + 1;
      } else {
        // Not blank and not a token of its own, so this takes at least one character.
        let j = i + 1;
        while (j < raw.length && !isBlank(raw[j]!) && !'()"`'.includes(raw[j]!) && !raw.startsWith('//', j) && !raw.startsWith('=>', j)) j++;
        line.tokens.push(raw.slice(i, j));
        i = j;
      }
    }
    lines.push(line);
  }
  return lines;
}

function findQuoteEnd(raw: string, start: number): number {
  const quote = raw[start];
  for (let i = start + 1; i < raw.length; i++) {
    if (quote === '"' && raw[i] === '\\') i++;
    else if (raw[i] === quote) return i;
  }
  return -1;
}

function unquote(quoted: string, fail: () => DockgenError): string {
  try {
    return JSON.parse(quoted) as string;
  } catch {
    throw fail();
  }
}

/** The last path element that names the module: `github.com/acme/api/v2` → `api`. */
export function moduleBaseName(modulePath: string): string {
  const parts = modulePath.split('/').filter(Boolean);
  let last = parts.at(-1) ?? modulePath;
  if (/^v\d+$/.test(last) && parts.length > 1) last = parts.at(-2)!;
  // gopkg.in/yaml.v3 style: the version is a suffix of the element.
  return last.replace(/\.v\d+$/, '');
}
