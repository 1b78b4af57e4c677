/**
 * Questions for a person at a terminal. This module (and @inquirer/prompts with it) is only
 * imported when dockgen is interactive, so non-interactive runs never pay for loading it.
 */
import { checkbox, input, select } from '@inquirer/prompts';
import { DockgenError, EXIT } from '../errors.js';
import type { Choice, ConflictAnswer } from './ask.js';
import { printableLines } from '../printable.js';

/** Ctrl-C at a question: exit 130 like any interrupted command; nothing has been written yet. */
async function ask<T>(question: () => Promise<T>): Promise<T> {
  try {
    return await question();
  } catch (error) {
    if ((error as Error)?.name === 'ExitPromptError') throw new DockgenError('Cancelled; nothing was written.', undefined, EXIT.interrupted);
    throw error;
  }
}

export function show(text: string): void {
  process.stdout.write(`${printableLines(text)}\n\n`);
}

export async function choose<T extends string>(message: string, choices: Array<Choice<T>>, preselected?: T): Promise<T> {
  const config = { message, choices };
  return ask(() => select<T>(preselected === undefined ? config : { ...config, default: preselected }));
}

export async function text(message: string, prefilled: string | undefined, validate: (answer: string) => string | true): Promise<string> {
  const config = { message, validate };
  return ask(() => input(prefilled === undefined ? config : { ...config, default: prefilled }));
}

/** A conflicting file: overwrite (with or without a backup), keep, overwrite all; showing the diff asks again. */
export async function askConflict(path: string, diff: () => Promise<string>): Promise<ConflictAnswer> {
  for (;;) {
    const answer = await choose<ConflictAnswer | 'diff'>(`${path} exists and differs from what dockgen would write:`, [
      { value: 'diff', name: 'show the diff' },
      { value: 'backup', name: `overwrite it, keeping the current one as ${path}.orig` },
      { value: 'overwrite', name: 'overwrite it' },
      { value: 'skip', name: 'keep it as it is' },
      { value: 'all', name: 'overwrite it and every other differing file' },
    ]);
    if (answer !== 'diff') return answer;
    // formatDiff made each line printable before colouring it (report.ts).
    process.stdout.write(`${await diff()}\n`);
  }
}

/** `dockgen --all`: the services to write, all ticked; the person unticks what to leave out. */
export async function pickServices(choices: Array<{ value: string; name: string }>): Promise<string[]> {
  return ask(() => checkbox<string>({ message: 'Services to write (space toggles, enter confirms):', choices: choices.map((c) => ({ ...c, checked: true })) }));
}
