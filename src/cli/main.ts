import { Command, CommanderError, Option } from 'commander';
import { STACKS } from '../plan/types.js';
import { PACKAGE_MANAGERS } from '../detect/node/package-manager.js';
import { GO_RUNTIMES, INIT_CHOICES, JS_RUNTIMES } from '../options.js';
import { DOCKGEN_VERSION } from '../version.js';
import { printError } from './output.js';
import type { InitFlags } from './init.js';
import type { DetectFlags } from './detect.js';
import type { LintFlags } from './lint.js';

/** Builds the command line. Each action imports its implementation lazily, so `--help` and
 *  `--version` load nothing but commander. */
function program(): Command {
  const cli = new Command('dockgen')
    .description('Write a production-grade, multi-stage Dockerfile and .dockerignore for a project.')
    .version(DOCKGEN_VERSION, '-V, --version')
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) })
    .showSuggestionAfterError();

  const init = cli
    .command('init', { isDefault: true })
    .description('detect the project and write Dockerfile and .dockerignore (the default command)')
    .argument('[dir]', 'project folder', '.')
    .option('-y, --yes', 'never ask questions; use detected values and defaults (also when CI=true or not a terminal)')
    .addOption(new Option('--stack <stack>', 'the kind of project, instead of detecting it').choices(STACKS))
    .option('--port <n>', 'the port the app listens on (sets ENV PORT and EXPOSE)')
    .option('--cmd <command>', 'the start command, e.g. "node dist/server.js" (run in exec form under tini)')
    .option('--node-version <version>', 'Node.js version or range, e.g. 22, 22.11.0, ^20.10, lts/jod')
    .addOption(new Option('--package-manager <name>', 'package manager to install with').choices(PACKAGE_MANAGERS))
    .option('--python-version <version>', 'Python version or range, e.g. 3.12, 3.12.7, >=3.11')
    .option('--go-version <version>', 'Go version, e.g. 1.24 or 1.24.3')
    .option('--main <path>', 'Go: the main package to build, e.g. ./cmd/api')
    .option('--workspace <dir|name>', 'Node.js monorepo: the workspace package to build, e.g. apps/api')
    .addOption(new Option('--runtime <base>', 'Go: the final image base').choices(GO_RUNTIMES))
    .addOption(new Option('--init <pid1>', 'PID 1: tini, or the app itself (none)').choices(INIT_CHOICES))
    .addOption(new Option('--js-runtime <runtime>', 'JavaScript/TypeScript apps: run on Node.js or on Bun').choices(JS_RUNTIMES))
    .option('--bun-version <version>', 'Bun version or range, e.g. 1.4, 1.4.5, ^1.2')
    .option('--force', 'overwrite existing files that differ')
    .option('--dry-run', 'show what would be written, with a diff against existing files; write nothing')
    .option('--stdout', 'print the Dockerfile to standard output; write nothing')
    .option('--explain', 'print every decision with its evidence; write nothing')
    .option('--check', 'CI drift check: exit 0 if the files on disk are what dockgen writes, 1 (with a diff) if one differs, 2 if one is missing; write nothing')
    .option('-q, --quiet', 'do not print warnings')
    .option('--json', 'print the detection and the plan as JSON (schema 1); write nothing')
    .option('--config <file>', 'read recorded answers from this file instead of <dir>/dockgen.json')
    .option('--no-save', 'do not record the answers in dockgen.json after writing')
    .option('--org-config <file>', "your organisation's image policy: image map, registry mirror, allowed images, user ids, labels, templates (also DOCKGEN_ORG_CONFIG)")
    .action(async (dir: string, flags: InitFlags) => {
      const { runInit } = await import('./init.js');
      process.exitCode = await runInit(dir, flags);
    });
  init.exitOverride();

  cli
    .command('detect')
    .description('show what dockgen detects in a project, with the evidence for each fact; write nothing')
    .argument('[dir]', 'project folder', '.')
    .addOption(new Option('--stack <stack>', 'the kind of project, instead of detecting it').choices(STACKS))
    .option('--json', 'print the facts as JSON (schema 1)')
    .option('-q, --quiet', 'do not print warnings')
    .action(async (dir: string, flags: DetectFlags) => {
      const { runDetect } = await import('./detect.js');
      process.exitCode = await runDetect(dir, flags);
    })
    .exitOverride();

  // A subcommand name wins over init's [dir] argument: `dockgen lint` lints, `dockgen some/dir` inits.
  const lint = cli
    .command('lint')
    .description('check existing Dockerfiles (and their .dockerignore) against the rules dockgen follows')
    .argument('[files...]', 'Dockerfiles, folders or glob patterns; - reads standard input (default: ./Dockerfile)')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--strict', 'exit 1 on warnings too, not only on errors')
    .option('--ignore <ids>', 'rules or checks to skip, comma-separated, e.g. R7,R12,apt-lists')
    .addHelpText(
      'after',
      '\nExit codes: 0 no error finding (with --strict: no warning either), 1 findings, 2 bad usage or unreadable file.\n' +
        'Rule ids are those of OUTPUT-RULES (R1–R24) plus D1–D5 for Dockerfile correctness; --format json shows each check name.\n' +
        'Silence a finding with a comment above the instruction: # dockgen-ignore R7',
    )
    .action(async (files: string[], flags: LintFlags) => {
      const { runLint } = await import('./lint.js');
      process.exitCode = await runLint(files, flags);
    });
  lint.exitOverride();
  return cli;
}

export async function main(argv: string[]): Promise<number> {
  process.exitCode = 0;
  try {
    await program().parseAsync(argv);
    return Number(process.exitCode ?? 0);
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version exit 0; any parsing problem is bad usage (2).
      return error.exitCode === 0 ? 0 : 2;
    }
    return printError(error);
  }
}
