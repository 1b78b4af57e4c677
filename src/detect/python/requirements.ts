import { DockgenError } from '../../errors.js';
import type { ProjectFs } from '../fs.js';
import { projectPath } from '../fs.js';
import { parseRequirement, type Requirement } from './requirement.js';

/** What a pip requirements file (with its `-r`/`-c` includes) says. */
export interface RequirementsFile {
  requirements: Requirement[];
  /** Every file read, the top one first: all are copied before the install (R5). */
  files: string[];
  /** Local paths installed from (`.`, `-e ./lib`): they need the source before the install. */
  localPaths: string[];
  /** `--hash` options: pip then checks every download (R9). */
  hashes: boolean;
  /** Lines whose index URL carries credentials (`https://user:token@…`), e.g. `requirements.txt line 2`. */
  credentials: string[];
}

/** Options pip accepts in a requirements file; any other `-` line is an error pip would give too. */
const OPTIONS_WITH_VALUE = new Set(['-i', '--index-url', '--extra-index-url', '-f', '--find-links', '--no-binary', '--only-binary', '--trusted-host', '--use-feature', '--config-settings', '--global-option']);
const FLAG_OPTIONS = new Set(['--pre', '--no-index', '--prefer-binary', '--require-hashes']);
const INCLUDES = new Set(['-r', '--requirement', '-c', '--constraint']);

export function readRequirements(fs: ProjectFs, file: string): RequirementsFile {
  const result: RequirementsFile = { requirements: [], files: [], localPaths: [], hashes: false, credentials: [] };
  readInto(fs, file, result, 0);
  return result;
}

function readInto(fs: ProjectFs, file: string, result: RequirementsFile, depth: number, constraints = false): void {
  if (result.files.includes(file)) return;
  if (depth > 10) throw new DockgenError(`${file}: requirements files include each other more than 10 deep.`, 'Check the -r lines.');
  const text = fs.readText(file);
  if (text === undefined) {
    const from = result.files.at(-1);
    throw new DockgenError(`${from ?? 'A requirements file'} includes ${file}, which does not exist.`, `Fix the -r/-c line in ${from ?? file}.`);
  }
  if (text.includes('\0')) throw new DockgenError(`${file} is not a text file.`, `Replace ${file} with a pip requirements file.`);
  result.files.push(file);
  const dir = file.includes('/') ? file.slice(0, file.lastIndexOf('/') + 1) : '';
  for (const { line, number } of logicalLines(text)) {
    const where = `${file} line ${number}`;
    const [first = '', ...rest] = line.split(/\s+/);
    const [option, inlineValue] = first.startsWith('-') ? splitOption(first) : [first, undefined];
    const value = inlineValue ?? rest[0];
    if (INCLUDES.has(option)) {
      if (!value) throw new DockgenError(`${where}: ${option} needs a file name.`, `Fix ${file}.`);
      // A constraints file limits versions without adding dependencies; it is still copied.
      readInto(fs, projectPath(dir + value), result, depth + 1, constraints || option === '-c' || option === '--constraint');
      continue;
    }
    if (option === '-e' || option === '--editable') {
      if (!value) throw new DockgenError(`${where}: ${option} needs a path or URL.`, `Fix ${file}.`);
      if (!/^[a-z+]+:/.test(value)) result.localPaths.push(projectPath(dir + value.replace(/\[.*\]$/, '')));
      continue;
    }
    if (OPTIONS_WITH_VALUE.has(option) || FLAG_OPTIONS.has(option)) {
      if (value && /^[a-z+]+:\/\/[^/@\s]+@/i.test(value)) result.credentials.push(where);
      continue;
    }
    if (first.startsWith('-')) {
      throw new DockgenError(`${where}: "${first}" is not an option pip accepts in a requirements file.`, `Fix ${file}.`);
    }
    if (rest.some((part) => part.startsWith('--hash'))) result.hashes = true;
    const spec = line.replace(/\s--hash[= ]\S+/g, '').trim();
    if (/^(\.{1,2}(\/|$)|\/)/.test(spec)) {
      result.localPaths.push(projectPath(dir + spec.replace(/\[.*\]$/, '')));
      continue;
    }
    if (/^[a-z+]+:\/\//i.test(spec)) continue; // a URL or VCS reference: installed as given
    const requirement = parseRequirement(spec);
    if (!requirement) {
      throw new DockgenError(`${where}: "${shortened(spec)}" is not a requirement pip understands.`, `Fix ${file}, or pass --stack if this is not a Python project.`);
    }
    if (!constraints) result.requirements.push(requirement);
  }
}

/** Where pip's lines end: it reads requirement files with Python's str.splitlines(), which also
 *  breaks at a lone CR, VT, FF, the separators 0x1C–0x1E, U+0085, U+2028 and U+2029. */
// eslint-disable-next-line no-control-regex
const PYTHON_LINE_BREAK = /\r\n|[\n\r\u000b\u000c\u001c-\u001e\u0085\u2028\u2029]/;

/** Lines with comments removed and `\` continuations joined, numbered as in the file. */
function logicalLines(text: string): Array<{ line: string; number: number }> {
  const lines: Array<{ line: string; number: number }> = [];
  let pending = '';
  let start = 0;
  for (const [index, raw] of text.split(PYTHON_LINE_BREAK).entries()) {
    if (pending === '') start = index + 1;
    const withoutComment = raw.replace(/(^|\s)#.*$/, '');
    if (withoutComment.endsWith('\\')) {
      pending += withoutComment.slice(0, -1) + ' ';
      continue;
    }
    const line = (pending + withoutComment).trim();
    pending = '';
    if (line) lines.push({ line, number: start });
  }
  if (pending.trim()) lines.push({ line: pending.trim(), number: start });
  return lines;
}

function splitOption(token: string): [string, string | undefined] {
  const eq = token.indexOf('=');
  return eq > 0 ? [token.slice(0, eq), token.slice(eq + 1)] : [token, undefined];
}

/** A requirement as quoted in the message: short (the printer escapes what is unprintable). */
function shortened(text: string): string {
  return text.slice(0, 80);
}
