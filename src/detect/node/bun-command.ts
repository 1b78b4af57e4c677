// `bun …` start commands, as start.ts reads package.json scripts: which file Bun runs, and which
// commands are not a start at all (Bun's own subcommands, watch modes).
import type { PackageJson } from './package-json.js';
import type { StartCommand } from './start.js';

/** Bun's own commands: `bun install` or `bun test` is not how an app starts. */
const BUN_SUBCOMMANDS = new Set(['install', 'i', 'add', 'remove', 'update', 'outdated', 'build', 'test', 'x', 'exec', 'init', 'create', 'upgrade', 'pm', 'link', 'unlink', 'publish', 'patch', 'repl', 'audit', 'info']);

/**
 * `bun index.ts`, `bun run src/server.ts`, `bun --smol server.js`: Bun runs the file (TypeScript
 * as it is). `bun start` / `bun dev` run the script of that name. Watch modes are development.
 */
export function bunCommand(
  pkg: PackageJson,
  args: string[],
  env: Array<[string, string]>,
  warnings: string[],
  where: string,
  follow: (script: string) => StartCommand | undefined,
): StartCommand | undefined {
  const argv = args[0] === 'run' ? args.slice(1) : args;
  const dev = argv.find((arg) => arg === '--watch' || arg === '--hot');
  if (dev) {
    warnings.push(`${where} runs bun ${dev}, a development mode that restarts on file changes; looking elsewhere for the production start command.`);
    return undefined;
  }
  const target = bunEntryOf(['bun', ...argv]);
  if (target === undefined || BUN_SUBCOMMANDS.has(target)) return undefined;
  if (pkg.scripts[target] !== undefined && !/[./]/.test(target)) {
    const inner = follow(target);
    return inner && { argv: inner.argv, env: [...env, ...inner.env] };
  }
  return { argv: ['bun', ...argv], env };
}

/** Bun options that take a value as the next argument, which is not the entry file. */
const BUN_OPTIONS_WITH_VALUE = new Set(['-r', '--preload', '--env-file', '-c', '--config', '--cwd', '--tsconfig-override', '--conditions', '--main-fields', '--extension-order', '--jsx-factory', '--jsx-fragment', '--jsx-import-source', '--define', '-d', '--loader', '-l', '--port']);

/** The file (or script name) a `bun …` command runs. */
export function bunEntryOf(argv: readonly string[]): string | undefined {
  for (let i = argv[1] === 'run' ? 2 : 1; i < argv.length; i++) {
    const arg = argv[i]!;
    if (BUN_OPTIONS_WITH_VALUE.has(arg)) i++;
    else if (!arg.startsWith('-')) return arg;
  }
  return undefined;
}
