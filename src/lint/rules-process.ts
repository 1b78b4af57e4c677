import type { Instruction } from 'dockerfile-ast';
import { issue } from './catalog.js';
import { execArgv, lineage, lineOf, type Model } from './model.js';
import { parseShell, programName } from './shell.js';
import type { Issue } from './types.js';

/** Tiny inits that run the app as their child, forward signals and reap zombies. */
const INITS = new Set(['tini', 'tini-static', 'dumb-init', 'catatonit']);
/** The official images' entrypoint scripts `exec` the command: transparent for PID 1. */
const TRANSPARENT = new Set(['docker-entrypoint.sh']);
/** Interpreters that ignore SIGTERM as PID 1 unless the app installs a handler (Bun too: measured
 *  with Bun 1.4.5, a Bun.serve server as PID 1 of a PID namespace outlived SIGTERM). */
const INTERPRETER = /^(node|nodejs|bun|tsx|ts-node|python[\d.]*)$/;

/** The CMD and ENTRYPOINT the final image runs with, as inherited through its parent stages. */
function effectiveCommand(model: Model): { entrypoint: Instruction | null; cmd: Instruction | null } {
  const chain = model.final ? lineage(model.final) : [];
  const find = (keyword: string) => {
    for (const [depth, stage] of chain.entries()) {
      const found = stage.instructions.filter((i) => i.getKeyword() === keyword).at(-1);
      if (found) return { found, depth };
    }
    return null;
  };
  const entrypoint = find('ENTRYPOINT');
  const cmd = find('CMD');
  // Setting ENTRYPOINT resets a CMD inherited from the parent image.
  const cmdReset = entrypoint && cmd && cmd.depth > entrypoint.depth;
  return { entrypoint: entrypoint?.found ?? null, cmd: cmdReset ? null : (cmd?.found ?? null) };
}

/** R2: PID 1 is the app in exec form, or an init that execs it; never a shell or a package manager. */
export function checkProcess(model: Model): Issue[] {
  const issues: Issue[] = [];
  const { entrypoint, cmd } = effectiveCommand(model);
  let argv: string[] = [];
  let anchor: Instruction | null = null;
  let shellForm = false;
  for (const instruction of [entrypoint, cmd]) {
    if (!instruction) continue;
    // A shell-form ENTRYPOINT ignores CMD entirely.
    if (instruction === cmd && entrypoint && execArgv(entrypoint) === null) break;
    anchor = instruction;
    const exec = execArgv(instruction);
    if (exec) {
      argv.push(...exec);
      continue;
    }
    shellForm = true;
    const script = (instruction.getArgumentsContent() ?? '').trim();
    const execs = /^exec\s/.test(script);
    issues.push(issue('shell-form', lineOf(instruction), `${instruction.getKeyword()} in shell form: /bin/sh -c is PID 1${execs ? ' until it execs the app' : ''}`, execs ? { severity: 'warning' } : {}));
    argv.push('/bin/sh', '-c', script);
  }
  if (!anchor) return issues;

  let hasInit = false;
  argv = stripLaunchers(argv, () => (hasInit = true));
  // `sh -c "…"`: what matters is the command the script ends with.
  if (['sh', 'bash', 'ash', 'dash'].includes(programName(argv[0])) && argv[1] === '-c') {
    argv = parseShell(argv[2] ?? '').commands.at(-1)?.argv ?? [];
    argv = stripLaunchers(argv, () => (hasInit = true));
  }
  const runner = packageManagerRun(argv);
  if (runner) {
    issues.push(issue('pm-start', lineOf(anchor), `\`${runner}\` as the final command`));
  } else if (!hasInit && !shellForm && INTERPRETER.test(programName(argv[0]))) {
    issues.push(issue('no-init', lineOf(anchor), `${programName(argv[0])} runs as PID 1 without an init`));
  }
  return issues;
}

/** Removes inits (with their options) and transparent entrypoint scripts from the front. */
function stripLaunchers(argv: string[], onInit: () => void): string[] {
  let rest = argv;
  for (;;) {
    const program = programName(rest[0]);
    if (INITS.has(program)) {
      onInit();
      let i = 1;
      while (i < rest.length && rest[i]!.startsWith('-')) {
        if (rest[i] === '--') {
          i++;
          break;
        }
        // tini -e 143 / -p SIGKILL take a value.
        i += ['-e', '-p'].includes(rest[i]!) ? 2 : 1;
      }
      rest = rest.slice(i);
    } else if (TRANSPARENT.has(program) || program === 'exec') {
      rest = rest.slice(1);
    } else {
      return rest;
    }
  }
}

/** `npm start`, `npm run serve`, `yarn start`, `pnpm run start`, `npx serve`: a package manager
 *  that runs the server as its child. Returns the command as written, or null. */
function packageManagerRun(argv: string[]): string | null {
  const program = programName(argv[0]);
  const words = argv.slice(1).filter((w) => !w.startsWith('-'));
  const verb = words[0] ?? '';
  const shown = argv.slice(0, 3).join(' ');
  if ((program === 'npm' || program === 'pnpm') && ['start', 'run', 'run-script', 'restart', 'exec'].includes(verb)) return shown;
  if (program === 'yarn' && verb !== '' && !['node', 'install', 'add'].includes(verb)) return shown;
  if (program === 'npx') return shown;
  if (program === 'bun' && (verb === 'start' || (verb === 'run' && !/\.[cm]?[jt]sx?$/.test(words[1] ?? '')))) return shown;
  return null;
}
