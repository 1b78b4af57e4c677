import { posix } from 'node:path';
import type { Instruction } from 'dockerfile-ast';
import { issue } from './catalog.js';
import { isDependencyInstall } from './commands.js';
import { copyOperands, execArgv, flagValue, lineage, lineOf, runScript, type Model, type Stage } from './model.js';
import { operands, programName } from './shell.js';
import type { Issue } from './types.js';

/** Local archives are what ADD is for: it extracts them. */
const ARCHIVE = /\.(tar|tgz|tbz2?|txz|tzst|tar\.(gz|bz2|xz|zst|lz4))$/i;
const REMOTE = /^(https?|git|ssh):\/\/|^git@/;

/** R5, R12, R21 and D5: order of steps, working directories and RUN shell hygiene. */
export function checkLayout(model: Model): Issue[] {
  const issues: Issue[] = [];
  for (const stage of model.stages) {
    let workdir = inheritedWorkdir(stage);
    let wholeContextCopy: Instruction | null = null;
    let installedBeforeSource = false;
    let pipefailShell = inheritsPipefailShell(stage);
    const copied: { dest: string; line: number }[] = [];
    for (const instruction of stage.instructions) {
      const keyword = instruction.getKeyword();
      const line = lineOf(instruction);
      if (keyword === 'WORKDIR') {
        const path = (instruction.getArgumentsContent() ?? '').trim();
        if (!isAbsolute(path) && !isAbsolute(workdir ?? '')) issues.push(issue('workdir-relative', line, `WORKDIR ${path} is relative`));
        workdir = isAbsolute(path) ? path : posix.join(workdir ?? '/', path);
      } else if (keyword === 'SHELL') {
        pipefailShell = (execArgv(instruction) ?? []).includes('pipefail');
      } else if (keyword === 'COPY' || keyword === 'ADD') {
        const { sources, dest } = copyOperands(instruction);
        const fromContext = flagValue(instruction, 'from') === null;
        if (keyword === 'ADD') {
          const local = sources.filter((s) => !REMOTE.test(s) && !ARCHIVE.test(s));
          if (local.length > 0) issues.push(issue('add-local', line, `ADD ${local.join(' ')}: a local file`));
        }
        if (fromContext && sources.some((s) => /^\.?\/?$/.test(s))) wholeContextCopy ??= instruction;
        if (flagValue(instruction, 'chown') === null) copied.push({ dest: resolve(workdir, dest), line });
      } else if (keyword === 'RUN') {
        const script = runScript(instruction);
        if (script.hasPipe && !script.setsPipefail && !pipefailShell && execArgv(instruction) === null) {
          issues.push(issue('pipefail', line, 'RUN with a pipe, and the shell does not use pipefail'));
        }
        const cd = script.commands.find((c) => c.argv[0] === 'cd' && !c.inSubshell);
        if (cd) issues.push(issue('cd-in-run', line, `cd ${cd.argv[1] ?? ''} in RUN`.trimEnd()));
        const installs = script.commands.some((c) => isDependencyInstall(c.argv));
        if (installs && !wholeContextCopy) installedBeforeSource = true;
        // An install after the source that follows one before it installs the project itself
        // (`uv sync` after `uv sync --no-install-project`, `poetry install --only-root`).
        if (installs && wholeContextCopy && !installedBeforeSource) {
          issues.push(issue('copy-before-install', line, `dependency install after the whole source is copied on line ${lineOf(wholeContextCopy)}`));
        }
        const chowned = chownAfterCopy(script.commands.map((c) => c.argv), workdir, copied);
        if (chowned) issues.push(issue('chown-after-copy', line, `chown ${chowned.path} after the COPY on line ${chowned.line}`));
      }
    }
  }
  return issues;
}

function isAbsolute(path: string): boolean {
  // `$HOME/app` and `${APP_DIR}` are resolved by the builder; Windows images use C:\.
  return path.startsWith('/') || path.startsWith('$') || /^[A-Za-z]:[\\/]/.test(path);
}

function resolve(workdir: string | null, path: string): string {
  if (path.startsWith('/')) return posix.normalize(path).replace(/(.)\/$/, '$1');
  return posix.join(workdir ?? '/', path).replace(/(.)\/$/, '$1');
}

/** The WORKDIR a stage starts with: its parent stage's last one. */
function inheritedWorkdir(stage: Stage): string | null {
  for (const parent of lineage(stage).slice(1)) {
    const workdirs = parent.instructions.filter((i) => i.getKeyword() === 'WORKDIR');
    if (workdirs.length === 0) continue;
    let dir = '/';
    for (const w of workdirs) dir = resolve(dir, (w.getArgumentsContent() ?? '').trim());
    return dir;
  }
  return null;
}

function inheritsPipefailShell(stage: Stage): boolean {
  for (const parent of lineage(stage).slice(1)) {
    const shell = parent.instructions.filter((i) => i.getKeyword() === 'SHELL').at(-1);
    if (shell) return (execArgv(shell) ?? []).includes('pipefail');
  }
  return false;
}

/** A `chown` of files that an earlier COPY of this stage wrote (not of a folder the RUN creates). */
function chownAfterCopy(commands: string[][], workdir: string | null, copied: { dest: string; line: number }[]): { path: string; line: number } | null {
  for (const argv of commands) {
    if (programName(argv[0]) !== 'chown') continue;
    const recursive = argv.some((w) => w === '-R' || w === '--recursive' || /^-[a-zA-Z]*R/.test(w));
    const paths = operands(argv, 1).slice(1);
    for (const path of paths) {
      const target = resolve(workdir, path);
      const hit = copied.find((c) => c.dest === target || (recursive && (target === '/' || c.dest.startsWith(`${target}/`))));
      if (hit) return { path, line: hit.line };
    }
  }
  return null;
}
