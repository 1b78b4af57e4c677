/**
 * Questions for a person at a terminal. This module (and @inquirer/prompts with it) is only
 * imported when dockgen is interactive, so non-interactive runs never pay for loading it.
 */
import { input, select } from '@inquirer/prompts';
import { DockgenError, EXIT } from '../errors.js';

/** Ctrl-C at a question: exit 130 like any interrupted command; nothing has been written yet. */
async function ask<T>(question: () => Promise<T>): Promise<T> {
  try {
    return await question();
  } catch (error) {
    if ((error as Error)?.name === 'ExitPromptError') throw new DockgenError('Cancelled; nothing was written.', undefined, EXIT.interrupted);
    throw error;
  }
}

export async function askStartCommand(why: string): Promise<string> {
  process.stderr.write(`${why}\n`);
  return ask(() =>
    input({
      message: 'Start command (run without a shell, e.g. node dist/server.js):',
      validate: (value) => (value.trim() === '' ? 'Please enter a command.' : true),
    }),
  );
}

/** Several Go main packages: which one the image builds. `choices` are `go build` paths. */
export async function askMainPackage(why: string, choices: string[], preselected?: string): Promise<string> {
  process.stderr.write(`${why}\n`);
  if (choices.length === 0) {
    return ask(() => input({ message: 'Main package to build (e.g. ./cmd/api):', validate: (v) => (v.trim() === '' ? 'Please enter a path.' : true) }));
  }
  const options = { message: 'Main package to build:', choices: choices.map((value) => ({ value, name: value })) };
  return ask(() => select(preselected ? { ...options, default: preselected } : options));
}

/** A conflicting file: overwrite, keep, overwrite all; showing the diff asks again. */
export async function askConflict(path: string, diff: () => Promise<string>): Promise<'overwrite' | 'skip' | 'all'> {
  for (;;) {
    const answer = await ask(() =>
      select<'overwrite' | 'skip' | 'all' | 'diff'>({
        message: `${path} exists and differs from what dockgen would write:`,
        choices: [
          { value: 'diff', name: 'show the diff' },
          { value: 'overwrite', name: 'overwrite it' },
          { value: 'skip', name: 'keep it as it is' },
          { value: 'all', name: 'overwrite it and every other differing file' },
        ],
      }),
    );
    if (answer !== 'diff') return answer;
    process.stdout.write(`${await diff()}\n`);
  }
}
