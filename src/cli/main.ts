import { Command, CommanderError, Option } from 'commander';
import { STACKS } from '../plan/types.js';
import { PACKAGE_MANAGERS } from '../detect/node/package-manager.js';
import { GO_RUNTIMES, INIT_CHOICES, JS_RUNTIMES } from '../options.js';
import { DOCKGEN_VERSION } from '../version.js';
import { printError, printMessage, reportErrorsAsJson } from './output.js';
import { suggestCommand } from './suggest.js';
import type { InitFlags } from './init.js';
import type { DetectFlags } from './detect.js';
import type { LintFlags } from './lint.js';
import type { CiFlags } from './ci.js';

/** Builds the command line. Each action imports its implementation lazily, so `--help` and
 *  `--version` load nothing but commander. */
function program(): Command {
  const cli = new Command('dockgen')
    .description('Write a production-grade, multi-stage Dockerfile and .dockerignore for a project.')
    .usage('[init] [dir] [flags]  |  detect [dir]  |  lint [files...]  |  update [dir]  |  ci [dir]')
    .version(DOCKGEN_VERSION, '-v, --version', 'print the version (also -V)')
    .exitOverride()
    .configureOutput(usageOutput('dockgen --help'))
    .showSuggestionAfterError();

  const init = cli
    .command('init', { isDefault: true })
    .description('detect the project and write Dockerfile and .dockerignore (the default command)')
    .argument('[dir]', 'project folder', '.')
    .option('-y, --yes', 'never ask questions; use detected values and defaults (also when CI=true or not a terminal)')
    .addOption(new Option('--stack <stack>', 'the kind of project, instead of detecting it').choices(STACKS))
    .option('--port <n>', 'the port the app listens on (sets ENV PORT and EXPOSE)')
    .option('--cmd <command>', 'the start command, e.g. "node dist/server.js" (run in exec form, without a shell)')
    .option('--node-version <version>', 'Node.js version or range, e.g. 22, 22.11.0, ^20.10, lts/jod')
    .addOption(new Option('--package-manager <name>', 'package manager to install with').choices(PACKAGE_MANAGERS))
    .option('--python-version <version>', 'Python version or range, e.g. 3.12, 3.12.7, >=3.11')
    .option('--go-version <version>', 'Go version, e.g. 1.24 or 1.24.3')
    .option('--main <path>', 'Go: the main package to build, e.g. ./cmd/api')
    .option('--workspace <dir|name>', 'Node.js monorepo: the workspace package to build, e.g. apps/api')
    .option('--all', "every deployable service of the repository in [dir]: lists them (built or skipped, and why), then writes each one's files in its folder")
    .addOption(new Option('--runtime <base>', 'Go: the final image base').choices(GO_RUNTIMES))
    .addOption(new Option('--init <pid1>', 'PID 1: tini, or the app itself (none)').choices(INIT_CHOICES))
    .addOption(new Option('--js-runtime <runtime>', 'JavaScript/TypeScript apps: run on Node.js or on Bun').choices(JS_RUNTIMES))
    .option('--bun-version <version>', 'Bun version or range, e.g. 1.4, 1.4.5, ^1.2')
    .option('--healthcheck [path]', 'add a HEALTHCHECK that probes this HTTP path with what the image has (bare: /)')
    .option('--compose', 'also write compose.yaml: the hardened service, its healthcheck and the backing services it needs')
    .option('--k8s', 'also write k8s.yaml: a hardened Kubernetes Deployment (and Service) for the image')
    .option('--readme', 'also write README.Docker.md: how to build, tag, run, health-check and deploy this image')
    .option('--image <ref>', 'the image reference k8s.yaml runs, e.g. registry.example.com/api:1.4.0 (never latest; default <name>:<version> from the project)')
    .addOption(new Option('--force', 'overwrite existing files that differ').conflicts(['check', 'stdout', 'explain', 'json']))
    .addOption(exclusive('--dry-run', 'show what would be written, with a diff against existing files; write nothing'))
    .addOption(exclusive('--stdout', 'print the Dockerfile to standard output; write nothing'))
    .addOption(exclusive('--explain', 'print every decision with its evidence; write nothing'))
    .addOption(exclusive('--check', 'CI drift check: exit 0 if the files on disk are what dockgen writes, 1 (with a diff) if one differs, 2 if one is missing; write nothing'))
    .option('-q, --quiet', 'do not print warnings or notes')
    .addOption(exclusive('--json', 'print the detection and the plan as JSON (schema 1); write nothing'))
    .option('--config <file>', 'read recorded answers from this file instead of <dir>/dockgen.json')
    .option('--no-save', 'do not record the answers in dockgen.json after writing')
    .option('--org-config <file>', "your organisation's image policy: image map, registry mirror, allowed images, user ids, labels, templates (also DOCKGEN_ORG_CONFIG)")
    .option('--pin-digests', 'pin every base image to its digest (image:tag@sha256:…), asked of the registry; recorded in dockgen.json')
    .option('--no-pin-digests', 'stop pinning digests (drops the recorded ones)')
    .option('--renovate', 'also write renovate.json, so Renovate keeps the pinned digests fresh (recorded in dockgen.json)')
    .option('--dependabot', 'also write .github/dependabot.yml, so Dependabot keeps the pinned digests fresh (recorded in dockgen.json)')
    .action(async (dir: string, flags: InitFlags) => {
      if (flags.all) {
        const { runAll } = await import('./all.js');
        process.exitCode = await runAll(dir, flags);
        return;
      }
      const { runInit } = await import('./init.js');
      process.exitCode = await runInit(dir, flags);
    });
  init.exitOverride().configureOutput(usageOutput('dockgen init --help'));
  cli.addHelpText('after', () => defaultCommandHelp(init));

  cli
    .command('detect')
    .description('show what dockgen detects in a project, with the evidence for each fact; write nothing')
    .argument('[dir]', 'project folder', '.')
    .addOption(new Option('--stack <stack>', 'the kind of project, instead of detecting it').choices(STACKS))
    .option('--json', 'print the facts as JSON (schema 1)')
    .option('-q, --quiet', 'do not print warnings')
    .option('--config <file>', 'read recorded answers (the stack) from this file instead of <dir>/dockgen.json')
    .action(async (dir: string, flags: DetectFlags) => {
      const { runDetect } = await import('./detect.js');
      process.exitCode = await runDetect(dir, flags);
    })
    .exitOverride()
    .configureOutput(usageOutput('dockgen detect --help'));

  const update = cli
    .command('update')
    .description("regenerate with the versions dockgen chooses today and the registry's current digests; show the diff")
    .argument('[dir]', 'project folder', '.')
    .addOption(new Option('--force', 'overwrite files that were edited since dockgen wrote them').conflicts(['check', 'dryRun']))
    .addOption(new Option('--dry-run', 'show the diff; write nothing').conflicts(['check']))
    .option('--check', 'CI: exit 1 (with a diff) when a version or a digest is stale; write nothing')
    .option('--pin-digests', 'pin base images by digest from now on')
    .option('--no-pin-digests', 'stop pinning digests')
    .option('-q, --quiet', 'do not print warnings or notes')
    .option('--config <file>', 'read recorded answers from this file instead of <dir>/dockgen.json')
    .option('--no-save', 'do not record the answers and digests in dockgen.json')
    .option('--org-config <file>', "your organisation's image policy (also DOCKGEN_ORG_CONFIG)")
    .addHelpText(
      'after',
      '\nVersions move to the newest release in dockgen\'s tables that the project\'s declaration (and recorded answers) allow;\n' +
        'a version the project does not declare moves to the current default line. Pinned digests are asked of the registry again.\n' +
        'Exit codes: 0 up to date or written, 1 stale (--check) or an edited file (without --force), 2 bad usage or registry unreachable.',
    )
    .action(async (dir: string, flags: InitFlags) => {
      const { runInit } = await import('./init.js');
      process.exitCode = await runInit(dir, { ...flags, yes: true }, { update: true });
    });
  update.exitOverride().configureOutput(usageOutput('dockgen update --help'));

  // A subcommand name wins over init's [dir] argument: `dockgen lint` lints, `dockgen some/dir` inits.
  const lint = cli
    .command('lint')
    .description('check existing Dockerfiles (and their .dockerignore) against the rules dockgen follows')
    .argument('[files...]', 'Dockerfiles, folders or glob patterns; - reads standard input (default: ./Dockerfile)')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--strict', 'exit 1 on warnings too, not only on errors')
    .option('--ignore <ids>', 'rules or checks to skip, comma-separated, e.g. R7,R12,apt-lists')
    .option('--enable <checks>', 'opt-in checks to run too, comma-separated: from-digest (FROM without @sha256 digest), eol-runtime (Node.js/Python/Go line past its end of life)')
    .addHelpText(
      'after',
      '\nExit codes: 0 no error finding (with --strict: no warning either), 1 findings, 2 bad usage or unreadable file.\n' +
        'Rule ids are R1–R24 (what a production Dockerfile must be) and D1–D5 (Dockerfile correctness), explained in docs/rules.md;\n' +
        '--format json shows each check name and the rule\'s section.\n' +
        'Opt-in checks (off unless named in --enable): from-digest, eol-runtime.\n' +
        'Silence a finding with a comment above the instruction: # dockgen-ignore R7',
    )
    .action(async (files: string[], flags: LintFlags) => {
      const { runLint } = await import('./lint.js');
      process.exitCode = await runLint(files, flags);
    });
  lint.exitOverride().configureOutput(usageOutput('dockgen lint --help'));

  cli
    .command('ci')
    .description('write a CI workflow that checks the Dockerfile and builds, tags and pushes the image (GitHub Actions, or GitLab CI)')
    .argument('[dir]', 'repository root', '.')
    .addOption(new Option('--provider <name>', 'CI service: github writes .github/workflows/docker.yml, gitlab writes .gitlab-ci.yml').choices(['github', 'gitlab']))
    .option('--registry <host>', 'registry to push to (default: ghcr.io on GitHub, the project\'s GitLab registry on GitLab)')
    .option('--image <path>', 'repository in the registry, lower case, e.g. acme/api (default: the repository\'s own path)')
    .option('--branch <name>', 'GitHub: the default branch, whose pushes build and push the image (default: main)')
    .option('--context <dir>', 'build context and project folder, relative to dir (default: .)')
    .option('--dockerfile <path>', 'Dockerfile, relative to dir (default: <context>/Dockerfile)')
    .addOption(new Option('--force', 'overwrite a CI file that differs').conflicts(['check', 'json']))
    .addOption(new Option('--dry-run', 'show what would be written, with a diff; write nothing').conflicts(['check', 'json']))
    .addOption(new Option('--check', 'exit 0 if the CI file is what dockgen writes, 1 (with a diff) if it differs, 2 if missing; write nothing').conflicts(['json']))
    .option('--json', 'print the CI file and the platforms chosen as JSON; write nothing')
    .option('-q, --quiet', 'do not print warnings')
    .addHelpText('after', '\nAnswers are recorded under "ci" in dir/dockgen.json: `dockgen ci --check` in CI needs no flags.')
    .action(async (dir: string, flags: CiFlags) => {
      const { runCi } = await import('./ci.js');
      process.exitCode = await runCi(dir, flags);
    })
    .exitOverride()
    .configureOutput(usageOutput('dockgen ci --help'));
  return cli;
}

/** Mutually exclusive ways to run: each prints or checks something else, so two at once would
 *  leave one half-ignored. */
const MODES = ['dryRun', 'stdout', 'explain', 'check', 'json'];
function exclusive(flags: string, description: string): Option {
  const option = new Option(flags, description);
  return option.conflicts(MODES.filter((mode) => mode !== option.attributeName()));
}

/** Errors from the flag parser look like dockgen's own: coloured (or not) by the same rules, with
 *  a hint line, and as JSON on stdout when the run asked for JSON. */
function usageOutput(help: string) {
  return {
    writeErr: (text: string) => process.stderr.write(text),
    outputError: (text: string) => {
      const [first = '', ...rest] = text.trim().replace(/^error:\s*/, '').split('\n');
      const suggestion = rest.join(' ').trim().replace(/^\((.*)\)$/, '$1');
      printMessage(first.replace(/\.?$/, '.'), [suggestion, `See \`${help}\`.`].filter(Boolean).join(' '), 2);
    },
  };
}

/** `dockgen --help` also lists the default command's flags, a few examples and the exit codes:
 *  most runs are `dockgen [dir] [flags]`, and nobody should need to know that is `init`. */
function defaultCommandHelp(init: Command): string {
  const help = init.createHelp();
  const width = help.padWidth(init, help);
  const flags = help.visibleOptions(init).map((option) => help.formatItem(help.optionTerm(option), width, help.optionDescription(option), help));
  return [
    '',
    'Flags of the default command (dockgen [init] [dir]):',
    ...flags,
    '',
    'Examples:',
    '  dockgen                       detect the project here and write Dockerfile, .dockerignore, dockgen.json',
    '  dockgen path/to/app --yes     no questions: detected values and defaults',
    '  dockgen --dry-run             show what would be written, with a diff; write nothing',
    '  dockgen --check               in CI: fail when the files on disk differ from what dockgen writes',
    '  dockgen apps/api              a service of a monorepo: its files in apps/api, built from the root',
    '  dockgen --all                 every service of the repository (--all --check in CI)',
    '  dockgen detect                what dockgen finds in the project, with the evidence',
    '  dockgen lint Dockerfile       check a hand-written Dockerfile (rules: docs/rules.md)',
    '  dockgen --pin-digests         pin base images to digests (image:tag@sha256:…)',
    '  dockgen update --check        in CI: fail when a newer version or digest is available',
    '',
    'Exit codes: 0 ok; 1 a check failed (an existing file differs, --check drift, lint findings);',
    '            2 bad usage or input (flags, project files); 130 interrupted.',
  ].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  process.exitCode = 0;
  const args = argv.slice(2);
  reportErrorsAsJson(wantsJson(args));
  try {
    const typo = suggestCommand(args);
    if (typo) throw typo;
    await program().parseAsync([...argv.slice(0, 2), ...args.map((arg) => (arg === '-V' ? '-v' : arg))]);
    return Number(process.exitCode ?? 0);
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version exit 0; any parsing problem is bad usage (2).
      return error.exitCode === 0 ? 0 : 2;
    }
    return printError(error);
  }
}

/** `--json`, or `lint --format json`: a caller will parse standard output, errors included. */
function wantsJson(args: readonly string[]): boolean {
  const end = args.indexOf('--');
  const flags = end === -1 ? args : args.slice(0, end);
  return flags.some((arg, i) => arg === '--json' || arg === '--format=json' || (arg === '--format' && flags[i + 1] === 'json'));
}
