import { parse, type ParseEntry } from 'shell-quote';

/** One simple command of a RUN line, with the context the rules need. */
export interface ShellCommand {
  /** Words after leading `VAR=value` assignments and wrappers such as `sudo` or `env`. */
  argv: string[];
  /** Inside `( … )`: a `cd` there does not leak into later commands. */
  inSubshell: boolean;
}

export interface ShellScript {
  commands: ShellCommand[];
  hasPipe: boolean;
  /** `set -o pipefail` (or `set -euo pipefail`) runs before the first pipe. */
  setsPipefail: boolean;
}

/** Words that start a compound command; the command proper follows them. */
const KEYWORDS = new Set(['if', 'then', 'else', 'elif', 'fi', 'do', 'done', 'while', 'until', '!', '{', '}']);
/** Wrappers that run the rest of the line as the command. */
const WRAPPERS = new Set(['sudo', 'env', 'exec', 'command', 'nohup', 'time', 'nice']);
const SEPARATORS = new Set([';', '&&', '||', '&', '|', '|&', ';;', '(', ')']);
const REDIRECTS = new Set(['>', '>>', '<', '>&', '<&', '<(', '>|']);

/**
 * Splits a shell-form RUN into simple commands with a real tokenizer (quotes, escapes, operators),
 * never a regex over the text: `echo "a | b"` has no pipe, `(cd web && npm ci)` is a subshell.
 * Variables stay as written (`$HOME`), since their values are only known at build time.
 */
export function parseShell(script: string): ShellScript {
  const tokens = parse(script.replace(/\\\n/g, ' '), (name) => `$${name}`);
  const commands: ShellCommand[] = [];
  let current: string[] = [];
  let depth = 0;
  let hasPipe = false;
  let setsPipefail = false;

  const flush = (): void => {
    const argv = stripPrefix(current);
    if (argv.length > 0) {
      commands.push({ argv, inSubshell: depth > 0 });
      if (!hasPipe && isSetPipefail(argv)) setsPipefail = true;
    }
    current = [];
  };

  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as ParseEntry;
    if (typeof token === 'string') {
      current.push(token);
      continue;
    }
    if ('comment' in token) break;
    if ('pattern' in token && token.op === 'glob') {
      current.push(token.pattern);
      continue;
    }
    const op = 'op' in token ? String(token.op) : '';
    if (REDIRECTS.has(op)) {
      // `2>&1`: the fd number before the operator and the target after it are not arguments.
      if (/^\d$/.test(current.at(-1) ?? '')) current.pop();
      i++;
      continue;
    }
    if (!SEPARATORS.has(op)) continue;
    if (op === '|' || op === '|&') hasPipe = true;
    flush();
    if (op === '(') depth++;
    if (op === ')') depth = Math.max(0, depth - 1);
  }
  flush();
  return { commands, hasPipe, setsPipefail };
}

function stripPrefix(words: string[]): string[] {
  let start = 0;
  while (start < words.length) {
    const word = words[start]!;
    if (KEYWORDS.has(word) || WRAPPERS.has(word) || /^[A-Za-z_][A-Za-z0-9_]*=/.test(word)) start++;
    else break;
  }
  return words.slice(start);
}

function isSetPipefail(argv: string[]): boolean {
  if (argv[0] !== 'set') return false;
  return argv.some((word, i) => word === 'pipefail' && /^-\w*o$/.test(argv[i - 1] ?? ''));
}

/** The program name without its folder: `/usr/bin/tini` → `tini`. */
export function programName(word: string | undefined): string {
  return (word ?? '').split('/').at(-1) ?? '';
}

/** Words that are not options (do not start with `-`), after the first `skip` words. */
export function operands(argv: string[], skip: number): string[] {
  return argv.slice(skip).filter((word) => !word.startsWith('-'));
}

export function hasOption(argv: string[], ...names: string[]): boolean {
  return argv.some((word) => names.some((name) => word === name || word.startsWith(`${name}=`)));
}

/** True for a short-option cluster containing `letter` (`-qy` has `y`) or the long form. */
export function hasFlag(argv: string[], letter: string, long: string): boolean {
  return argv.some((word) => word === long || (/^-[A-Za-z]+$/.test(word) && word.includes(letter)));
}
