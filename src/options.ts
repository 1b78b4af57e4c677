import { parse as parseShell } from 'shell-quote';
import { PACKAGE_MANAGERS, type PackageManagerName } from './detect/node/package-manager.js';
import { DockgenError } from './errors.js';
import { STACKS, type Stack } from './plan/types.js';

/**
 * Options that change the generated files. Each one, when set, wins over what detection finds
 * (resolve order: flag > detected > default). Interactive answers arrive here as the same values.
 */
export interface GenerateOptions {
  stack?: Stack;
  port?: number;
  /** The start command as argv (exec form). */
  cmd?: string[];
  nodeVersion?: string;
  packageManager?: PackageManagerName;
}

/** Raw flag values as commander hands them over. */
export interface RawGenerateFlags {
  stack?: string;
  port?: string;
  cmd?: string;
  nodeVersion?: string;
  packageManager?: string;
}

export function parseGenerateFlags(flags: RawGenerateFlags): GenerateOptions {
  const options: GenerateOptions = {};
  if (flags.stack !== undefined) options.stack = parseChoice(flags.stack, STACKS, '--stack');
  if (flags.port !== undefined) options.port = parsePort(flags.port);
  if (flags.cmd !== undefined) options.cmd = parseCommand(flags.cmd);
  if (flags.nodeVersion !== undefined) {
    if (flags.nodeVersion.trim() === '') throw new DockgenError('--node-version is empty.', 'Pass a version, e.g. --node-version 22.');
    options.nodeVersion = flags.nodeVersion.trim();
  }
  if (flags.packageManager !== undefined) {
    options.packageManager = parseChoice(flags.packageManager, PACKAGE_MANAGERS, '--package-manager');
  }
  return options;
}

export function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value.trim()) || port < 1 || port > 65535) {
    throw new DockgenError(`--port must be a number from 1 to 65535, not "${value}".`, 'For example: --port 8080.');
  }
  return port;
}

/** A start command typed by a person: split like a shell would, but without running one. */
export function parseCommand(value: string): string[] {
  const argv: string[] = [];
  for (const token of parseShell(value, (name) => ({ variable: name }) as unknown as string)) {
    if (typeof token !== 'string') {
      throw new DockgenError(
        `--cmd "${value}" uses shell features (operators, variables or globs); the container runs it without a shell (R2).`,
        'Pass a single command, e.g. --cmd "node dist/server.js"; for more, write a script that ends with `exec node …`.',
      );
    }
    argv.push(token);
  }
  if (argv.length === 0) throw new DockgenError('--cmd is empty.', 'For example: --cmd "node server.js".');
  return argv;
}

function parseChoice<T extends string>(value: string, choices: readonly T[], flag: string): T {
  if ((choices as readonly string[]).includes(value)) return value as T;
  throw new DockgenError(`${flag} must be one of ${choices.join(', ')}; got "${value}".`);
}
