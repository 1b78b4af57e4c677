import { generate, type Generation } from '../core.js';
import { detectProject, matchingStacks } from '../detect/index.js';
import type { ProjectFs } from '../detect/fs.js';
import { DockgenError, MissingValueError } from '../errors.js';
import { parseCommand, type GenerateOptions } from '../options.js';
import type { OrgConfig } from '../org/config.js';
import type { Stack } from '../plan/types.js';
import type { FileChange } from '../write.js';
import { STACK_WORDS, formatFacts } from './detect.js';
import { rejection, tuningQuestions, type Trial } from './questions.js';
import { formatDiff } from './report.js';

export interface Choice<T extends string = string> {
  value: T;
  name: string;
}

/** The questions dockgen can ask; the CLI passes the @inquirer ones (src/cli/prompts.ts), tests
 *  pass scripted answers. Every message names the flag that gives the same answer. */
export interface Prompter {
  /** What was detected (with evidence), shown before the first question. */
  show(text: string): void;
  choose<T extends string>(message: string, choices: Array<Choice<T>>, preselected?: T): Promise<T>;
  /** A typed answer, prefilled when dockgen has a value; `validate` returns true or what is wrong. */
  text(message: string, prefilled: string | undefined, validate: (answer: string) => string | true): Promise<string>;
  /** An existing file differs: keep it, overwrite it, or overwrite it and every later one.
   *  `diff` gives the unified diff to show on request. */
  askConflict(path: string, diff: () => Promise<string>): Promise<ConflictAnswer>;
}

/** `backup`: overwrite, keeping the file as it was under a new name (`Dockerfile.orig`). */
export type ConflictAnswer = 'overwrite' | 'backup' | 'skip' | 'all';

/** Interactive runs settle each conflict with a question instead of refusing the whole write.
 *  `taken` says whether a file name is already used in the project (for backup names). */
export async function resolveConflicts(changes: FileChange[], prompter: Prompter, taken: (path: string) => boolean = () => false): Promise<FileChange[]> {
  let all = false;
  const resolved: FileChange[] = [];
  for (const change of changes) {
    if (change.status !== 'conflict') {
      resolved.push(change);
      continue;
    }
    const answer: ConflictAnswer = all ? 'all' : await prompter.askConflict(change.path, () => formatDiff(change));
    all ||= answer === 'all';
    resolved.push({ ...change, status: answer === 'skip' ? 'skip' : 'overwrite' });
    if (answer === 'backup') resolved.push({ path: backupName(change.path, (path) => taken(path) || resolved.some((c) => c.path === path)), content: change.existing ?? '', status: 'create' });
  }
  return resolved;
}

/** `Dockerfile.orig`, or `Dockerfile.orig.2` … when that name is taken. */
function backupName(path: string, taken: (path: string) => boolean): string {
  for (let n = 1; ; n++) {
    const name = n === 1 ? `${path}.orig` : `${path}.orig.${n}`;
    if (!taken(name)) return name;
  }
}

/**
 * The interactive run: shows what was detected, asks what detection could not settle (stack when
 * ambiguous, the app to build, a start command it could not find), then offers the values that
 * matter with dockgen's choice prefilled. Values given as flags are never asked; values recorded
 * in dockgen.json are the prefilled answers. An answer is stored in `options` only when it differs
 * from what dockgen would do anyway, and the files are regenerated after each such answer (so the
 * next question offers what that answer implies): accepting every default writes exactly what
 * `--yes` writes, and any answer writes what the same flag writes. The caller records `options`.
 */
export async function generateAsking(
  fs: ProjectFs,
  dir: string,
  options: GenerateOptions,
  prompter: Prompter,
  org?: OrgConfig,
  /** Options given on the command line: never asked. Other values in `options` (recorded in
   *  dockgen.json) are offered as the prefilled answer, so a person can change them. */
  given: ReadonlySet<keyof GenerateOptions> = new Set(Object.keys(options) as Array<keyof GenerateOptions>),
): Promise<Generation> {
  await askStack(fs, options, prompter, given);
  prompter.show(formatFacts(dir, detectProject(fs, options.stack), false, fs));
  // Said before any question, so nobody is surprised by a diff at the end.
  const existing = ['Dockerfile', '.dockerignore'].filter((file) => fs.isFile(file));
  if (existing.length > 0) {
    prompter.show(`${existing.join(' and ')} already ${existing.length === 1 ? 'exists' : 'exist'} here: after the questions dockgen compares ${existing.length === 1 ? 'it' : 'them'} with what it would write, and asks before replacing anything (with a backup if you like).`);
  }
  const asked = new Set<keyof GenerateOptions>(given);
  // Where a prefilled value came from, for the question: dockgen.json, or an answer given just now.
  const recorded = new Set((Object.keys(options) as Array<keyof GenerateOptions>).filter((key) => !given.has(key)));
  const answered = new Set<keyof GenerateOptions>();
  let generation = await generateFillingGaps(fs, dir, options, prompter, asked, org);
  const trial: Trial = (changed) => {
    try {
      generate(fs, dir, { ...options, ...changed }, org);
      return true;
    } catch (error) {
      if (error instanceof DockgenError) return error.message;
      throw error;
    }
  };
  if (await confirmPick(generation, options, prompter, asked)) generation = generate(fs, dir, options, org);
  const questions = tuningQuestions((file) => fs.isFile(file));
  // Each step remembers the answers before it, so `<` (or "← back") returns to the previous question as it was.
  const history: Array<{ index: number; options: GenerateOptions; answered: Set<keyof GenerateOptions>; generation: Generation }> = [];
  let hinted = false;
  for (let index = 0; index < questions.length; ) {
    const question = questions[index]!;
    if (asked.has(question.option) || !question.applies(generation)) {
      index++;
      continue;
    }
    if (history.length > 0 && !hinted) {
      prompter.show('To change an earlier answer, type < at a question or choose "← back to the previous question".');
      hinted = true;
    }
    const before = { options: { ...options }, answered: new Set(answered), generation };
    let changed: boolean;
    try {
      changed = await question.ask(generation, options, history.length > 0 ? withBack(prompter) : prompter, trial, { recorded, answered });
    } catch (error) {
      if (!(error instanceof GoBack)) throw error;
      const previous = history.pop()!;
      for (const key of Object.keys(options) as Array<keyof GenerateOptions>) delete options[key];
      Object.assign(options, previous.options);
      answered.clear();
      for (const key of previous.answered) answered.add(key);
      generation = previous.generation;
      index = previous.index;
      continue;
    }
    history.push({ index, ...before });
    // Each answer can change what the next question offers (a --cmd with its own port): regenerate.
    if (changed) {
      answered.add(question.option);
      generation = generate(fs, dir, options, org);
    }
    index++;
  }
  return generation;
}

/** Thrown by a question answered with "back". */
class GoBack extends Error {}

const BACK = '\u0000back';

/** The same questions, each with a way back: `<` typed, or a last choice in a list. */
function withBack(prompter: Prompter): Prompter {
  return {
    ...prompter,
    async choose(message, choices, preselected) {
      const answer = await prompter.choose(message, [...choices, { value: BACK as (typeof choices)[number]['value'], name: '← back to the previous question' }], preselected);
      if (answer === BACK) throw new GoBack();
      return answer;
    },
    async text(message, prefilled, validate) {
      const answer = await prompter.text(message, prefilled, (value) => (value.trim() === '<' ? true : validate(value)));
      if (answer.trim() === '<') throw new GoBack();
      return answer;
    },
  };
}

/** Several stacks match (e.g. a Python app with a package.json for its assets): which one. */
async function askStack(fs: ProjectFs, options: GenerateOptions, prompter: Prompter, given: ReadonlySet<keyof GenerateOptions>): Promise<void> {
  if (given.has('stack')) return;
  const matches = matchingStacks(fs);
  if (matches.length < 2) return;
  const current = options.stack ?? matches[0]!.stack;
  const choices = matches.map(({ stack, markers }): Choice<Stack> => ({ value: stack, name: `${STACK_WORDS[stack]} (${foundMarkers(fs, markers)})` }));
  const answer = await prompter.choose('This folder fits several stacks. Which one is it? (--stack)', choices, current);
  if (answer !== current) options.stack = answer;
}

/** The files of a stack's marker list that this folder has (`requirements.txt`, not the whole
 *  list of what would have matched); the list itself when none is a plain file name. */
export function foundMarkers(fs: ProjectFs, markers: string): string {
  const names = markers.split(/,\s*|\s+or\s+/).map((part) => part.trim().split(/\s/)[0]!).filter((name) => /^[\w.-]+\.\w+$/.test(name) || /^[\w.-]+$/.test(name));
  const found = names.filter((name) => fs.isFile(name) || fs.isFile(`public/${name}`));
  return found.length > 0 ? `${found.join(', ')} found` : markers;
}

/** Values detection could not settle and that have no safe default: each is asked once. */
const GAPS: Record<string, { option: keyof GenerateOptions; set(options: GenerateOptions, answer: string): void; message: string; example: string }> = {
  '--cmd': { option: 'cmd', set: (o, a) => void (o.cmd = parseCommand(a)), message: 'Start command, run without a shell (--cmd)', example: 'node dist/server.js' },
  '--main': { option: 'main', set: (o, a) => void (o.main = a), message: 'Main package to build (--main)', example: './cmd/api' },
  '--workspace': { option: 'workspace', set: (o, a) => void (o.workspace = a), message: 'Workspace package to build (--workspace)', example: 'apps/api' },
};

/** Generates, asking for each missing value once; `asked` collects the options answered. */
async function generateFillingGaps(fs: ProjectFs, dir: string, options: GenerateOptions, prompter: Prompter, asked: Set<keyof GenerateOptions>, org?: OrgConfig): Promise<Generation> {
  for (;;) {
    try {
      return generate(fs, dir, options, org);
    } catch (error) {
      const gap = error instanceof MissingValueError ? GAPS[error.flag] : undefined;
      if (!gap || asked.has(gap.option)) throw error;
      const { choices, message } = error as MissingValueError;
      asked.add(gap.option);
      prompter.show(message);
      // An answer must make the files, or leave only another question: else it is asked again.
      const answers = (value: string) =>
        rejection(() => {
          const changed = { ...options };
          gap.set(changed, value);
          return changed;
        }, (changed) => generatesOrAsksOn(fs, dir, changed, org, gap.option));
      const answer = choices.length > 0
        ? await prompter.choose(`${gap.message}:`, choices.map((value) => ({ value, name: value })))
        : await prompter.text(`${gap.message}, e.g. ${gap.example}:`, undefined, answers);
      gap.set(options, answer);
    }
  }
}

/** Several Go programs: the documented rule picked one; a person gets to confirm or change it. */
async function confirmPick(generation: Generation, options: GenerateOptions, prompter: Prompter, given: ReadonlySet<keyof GenerateOptions>): Promise<boolean> {
  const { facts, plan } = generation;
  if (facts.stack !== 'go' || plan.stack !== 'go' || facts.mains.length < 2 || given.has('main')) return false;
  const decision = plan.decisions.find((d) => d.topic === 'main package');
  const picked = decision?.value.split(' ')[0];
  const why = decision?.why ?? decision?.evidence.value;
  prompter.show(`Found ${facts.mains.length} main packages; ${picked} is preselected${why ? `: ${why}` : ''}.`);
  const answer = await prompter.choose(`${GAPS['--main']!.message}:`, facts.mains.map((m) => ({ value: m.path, name: m.path })), picked);
  if (answer === picked) return false;
  options.main = answer;
  return true;
}

/** True when `changed` generates, or fails only for lack of another value (asked next); else the error. */
function generatesOrAsksOn(fs: ProjectFs, dir: string, changed: GenerateOptions, org: OrgConfig | undefined, answered: keyof GenerateOptions): string | true {
  try {
    generate(fs, dir, changed, org);
    return true;
  } catch (error) {
    const gap = error instanceof MissingValueError ? GAPS[error.flag] : undefined;
    if (gap && gap.option !== answered) return true;
    if (error instanceof DockgenError) return error.message;
    throw error;
  }
}
