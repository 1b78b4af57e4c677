import type { Instruction } from 'dockerfile-ast';
import { issue } from './catalog.js';
import { apkVerb, aptVerb, nodeInstall, NPM_CI, pipInstallArgs, type NodeManager } from './commands.js';
import { cacheMountTargets, copyOperands, flagValue, lineage, lineOf, runScript, type Model, type Stage } from './model.js';
import { sourceCovers } from './patterns.js';
import { hasFlag, hasOption, type ShellCommand } from './shell.js';
import type { BuildContext, Issue } from './types.js';

/** R6, R7, R9: system and language package managers. */
export function checkPackages(model: Model, context: BuildContext | undefined): Issue[] {
  const issues: Issue[] = [];
  const shipped = new Set(model.final ? lineage(model.final) : []);
  for (const stage of model.stages) {
    // Caches and lists only cost image size in stages that ship; builder stages are discarded.
    const ships = shipped.has(stage);
    let separateUpdate: Instruction | null = null;
    for (const instruction of stage.instructions) {
      if (instruction.getKeyword() !== 'RUN') continue;
      const { commands } = runScript(instruction);
      const line = lineOf(instruction);
      const mounts = cacheMountTargets(instruction);
      const raw = instruction.getArgumentsContent() ?? '';

      const updates = commands.some((c) => aptVerb(c.argv) === 'update');
      const installs = commands.filter((c) => aptVerb(c.argv) === 'install');
      if (updates && installs.length === 0) separateUpdate = instruction;
      if (installs.length > 0 && !updates && separateUpdate) {
        issues.push(issue('apt-update-separate', lineOf(separateUpdate), `apt-get update is in its own RUN; the install on line ${line} uses its cached lists`));
        separateUpdate = null;
      }
      for (const { argv } of installs) {
        if (!hasFlag(argv, 'y', '--yes') && !hasOption(argv, '--assume-yes') && !argv.includes('-qq') && !argv.some((w) => /Assume-Yes=(true|1|yes)/i.test(w)) && !commands.some((c) => c.argv[0] === 'yes')) {
          issues.push(issue('apt-no-yes', line, 'apt-get install without -y'));
        }
        if (!hasOption(argv, '--no-install-recommends') && !argv.some((w) => /Install-Recommends=(false|0|no)/i.test(w)) && !configuresNoRecommends(stage)) {
          issues.push(issue('apt-recommends', line, 'apt-get install without --no-install-recommends'));
        }
      }
      if (installs.length > 0 && ships && !removesAptLists(commands) && !mounts.some((t) => t.startsWith('/var/lib/apt'))) {
        issues.push(issue('apt-lists', line, 'apt-get install leaves /var/lib/apt/lists in the layer'));
      }
      for (const { argv } of commands) {
        const verb = aptVerb(argv);
        if (verb === 'upgrade' || verb === 'dist-upgrade' || verb === 'full-upgrade' || apkVerb(argv) === 'upgrade') {
          issues.push(issue('apt-upgrade', line, `${argv[0]} ${verb ?? 'upgrade'} in the build`));
        }
        if (ships && apkVerb(argv) === 'add' && !hasOption(argv, '--no-cache') && !mounts.some((t) => t.startsWith('/var/cache/apk') || t.startsWith('/etc/apk/cache')) && !removesPath(commands, '/var/cache/apk')) {
          issues.push(issue('apk-no-cache', line, 'apk add without --no-cache'));
        }
        const pip = pipInstallArgs(argv);
        if (ships && pip && !hasOption(pip, '--no-cache-dir') && !mounts.some((t) => t.includes('.cache')) && !/PIP_NO_CACHE_DIR=/.test(raw) && !setsEnv(stage, 'PIP_NO_CACHE_DIR')) {
          issues.push(issue('pip-cache', line, 'pip install keeps its download cache in the layer'));
        }
      }
      issues.push(...checkLockfileInstall(stage, instruction, commands, context));
    }
  }
  return issues;
}

function removesAptLists(commands: ShellCommand[]): boolean {
  return removesPath(commands, '/var/lib/apt/lists') || commands.some((c) => aptVerb(c.argv) === 'dist-clean');
}

function removesPath(commands: ShellCommand[], prefix: string): boolean {
  return commands.some(({ argv }) => argv[0] === 'rm' && argv.some((w) => w.startsWith(prefix)));
}

/** An apt config written earlier (`APT::Install-Recommends "0"`) turns recommends off for the stage. */
function configuresNoRecommends(stage: Stage): boolean {
  return lineage(stage).some((s) => s.instructions.some((i) => i.getKeyword() === 'RUN' && /Install-Recommends\W+(false|0)/i.test(i.getArgumentsContent() ?? '')));
}

function setsEnv(stage: Stage, name: string): boolean {
  return lineage(stage).some((s) => s.instructions.some((i) => ['ENV', 'ARG'].includes(i.getKeyword()) && (i.getArgumentsContent() ?? '').split(/\s+/).some((w) => w === name || w.startsWith(`${name}=`))));
}

const LOCKFILES: Record<NodeManager, string[]> = {
  npm: ['package-lock.json', 'npm-shrinkwrap.json'],
  yarn: ['yarn.lock'],
  pnpm: ['pnpm-lock.yaml'],
  bun: ['bun.lock', 'bun.lockb'],
};

/** R9: a lockfile is in the stage, yet the install may change it. */
function checkLockfileInstall(stage: Stage, run: Instruction, commands: ShellCommand[], context: BuildContext | undefined): Issue[] {
  const issues: Issue[] = [];
  for (const { argv } of commands) {
    const install = nodeInstall(argv);
    if (!install) continue;
    const lockfile = LOCKFILES[install.manager].find((file) => copiedBefore(stage, run, file, context));
    if (!lockfile) continue;
    const line = lineOf(run);
    if (install.manager === 'npm' && !NPM_CI.includes(install.verb)) {
      issues.push(issue('npm-ci', line, `npm ${install.verb} although ${lockfile} is copied; use npm ci`));
    } else if (install.manager !== 'npm' && !isFrozen(install.manager, argv)) {
      issues.push(issue('frozen-lockfile', line, `${install.manager} install without a frozen lockfile although ${lockfile} is copied`));
    }
  }
  return issues;
}

/** `pnpm install --offline` after `pnpm fetch` can only install what the lockfile fetched. */
function isFrozen(manager: NodeManager, argv: string[]): boolean {
  return hasOption(argv, '--frozen-lockfile') || hasOption(argv, '--immutable') || (manager === 'pnpm' && hasOption(argv, '--offline'));
}

/** True when a COPY/ADD from the build context before `run` (in the stage or its parents) brings `file`. */
function copiedBefore(stage: Stage, run: Instruction, file: string, context: BuildContext | undefined): boolean {
  for (const s of lineage(stage)) {
    for (const instruction of s.instructions) {
      if (instruction === run) break;
      if (!['COPY', 'ADD'].includes(instruction.getKeyword()) || flagValue(instruction, 'from') !== null) continue;
      for (const source of copyOperands(instruction).sources) {
        const wholeContext = /^\.?\/?$/.test(source);
        if (wholeContext ? context?.exists(file) === true : brings(source, file)) return true;
      }
    }
  }
  return false;
}

/** `package*.json` and `web/package-lock.json` both bring a package-lock.json (the latter for a
 *  sub-project: the install then runs there, with the same lockfile semantics). */
function brings(source: string, file: string): boolean {
  const name = source.replace(/\/+$/, '').split('/').at(-1) ?? '';
  return sourceCovers(source, file) || (name !== '' && name !== '.' && sourceCovers(name, file));
}
