import { DockgenError } from '../errors.js';

/**
 * Every value read from a user's project passes through one of these before it reaches a
 * Dockerfile, so that no package.json, script or file name can add an instruction.
 */

// C0, DEL and C1 (U+0085 NEL is a line break for some tools, as U+2028 and U+2029 are), and the
// bidirectional controls, which make a line display in another order than the builder reads it.
// eslint-disable-next-line no-control-regex
export const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

/** An exec-form JSON array (CMD/ENTRYPOINT). JSON quoting handles quotes and backslashes;
 *  control characters are refused outright, since no real command needs a newline. */
export function execForm(argv: readonly string[], where: string): string {
  if (argv.length === 0) throw new DockgenError(`The start command from ${where} is empty.`, 'Pass --cmd "<command>".');
  for (const arg of argv) {
    if (CONTROL.test(arg)) {
      throw new DockgenError(
        `The start command from ${where} contains a control character (such as a newline).`,
        'Fix the command there, or pass --cmd "<command>".',
      );
    }
  }
  return `[${argv.map((arg) => JSON.stringify(arg)).join(', ')}]`;
}

/** A path in the build context or image (COPY sources, output folders). A deliberately small
 *  character set: a path outside it is reported rather than quoted. */
export function safePath(path: string, where: string): string {
  const clean = path.replace(/^\.\//, '').replace(/\/+$/, '');
  const ok = /^[A-Za-z0-9._@+-][A-Za-z0-9._@+/-]*$/.test(clean) && !clean.split('/').includes('..') && !clean.startsWith('-');
  if (!ok) {
    throw new DockgenError(
      `The path "${path.replace(CONTROL, '?')}" from ${where} cannot be used in a Dockerfile safely.`,
      'Rename it to use letters, digits, ".", "_", "-", "@", "+" and "/" only.',
    );
  }
  return clean;
}

export function isEnvName(name: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name);
}

/** Names that suggest a secret: such values never go into ENV or ARG (R16). */
export function isSecretName(name: string): boolean {
  return /SECRET|TOKEN|PASSW(OR)?D|API_?KEY|PRIVATE_?KEY|CREDENTIAL|ACCESS_?KEY|AUTH/i.test(name);
}

/** An ENV value: bare when it is plainly safe, else double-quoted with backslash, quote and `$`
 *  escaped so that nothing is expanded or split. */
export function envValue(value: string, where: string): string {
  if (CONTROL.test(value)) {
    throw new DockgenError(`The environment value from ${where} contains a control character.`, 'Remove it.');
  }
  if (/^[A-Za-z0-9._/:@+,-]+$/.test(value)) return value;
  return `"${value.replace(/[\\"$]/g, (c) => `\\${c}`)}"`;
}

/** Text for a `#` comment: a newline in it would end the comment and start an instruction. */
export function commentText(text: string): string {
  return text.replace(new RegExp(CONTROL.source, 'g'), ' ');
}

/** A name usable as an image repository in example commands (`@acme/web-api` → `acme-web-api`). */
export function imageName(name: string): string {
  const clean = name
    .toLowerCase()
    .replace(/^@/, '')
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '');
  return clean.slice(0, 64) || 'app';
}
