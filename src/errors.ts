/**
 * The one error type for failures a user can act on. The CLI prints `message` and `hint`
 * (never a stack trace) and exits with `exitCode`.
 */
export const EXIT = {
  ok: 0,
  /** A check failed: a conflict with an existing file, drift, lint findings. */
  checkFailed: 1,
  /** Bad usage or unusable input (flags, project files). */
  usage: 2,
  /** Ctrl-C at a question. */
  interrupted: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export class DockgenError extends Error {
  constructor(
    message: string,
    /** What to do about it: which flag to pass or which file to fix. */
    readonly hint?: string,
    readonly exitCode: ExitCode = EXIT.usage,
  ) {
    super(message);
    this.name = 'DockgenError';
  }
}

/** A value that could not be detected and has no safe default. Interactive runs ask for it;
 *  non-interactive runs report the flag that provides it. */
export class MissingValueError extends DockgenError {
  constructor(
    message: string,
    hint: string,
    /** The flag that provides the value, e.g. `--cmd`. */
    readonly flag: string,
    /** Values to offer when the question is asked (e.g. the main packages found). */
    readonly choices: string[] = [],
  ) {
    super(message, hint, EXIT.usage);
  }
}
