import { generate, type Generation } from '../core.js';
import { DiskFs } from '../detect/fs.js';
import { DockgenError, EXIT } from '../errors.js';
import { parseGenerateFlags, type GenerateOptions, type RawGenerateFlags } from '../options.js';
import { compareWithDisk, writeChanges } from '../write.js';
import { existsSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { PROJECT_CONFIG, answersJson, mergeAnswers, readAnswers, sha256, type RecordedAnswers } from '../config.js';
import type { FileChange } from '../write.js';
import { formatChanges, formatCheck, formatExplain } from './report.js';
import { generateAsking, resolveConflicts } from './ask.js';
import { orgConfigPath, readOrgConfig } from '../org/config.js';
import { assertFolder } from './folder.js';
import { printWarnings, stderrLine, stdout, stdoutFormatted, stdoutJson } from './output.js';
import { formatSummary } from './summary.js';
import { recordedOptions, resolveService, serviceFiles, SERVICE_IGNORE } from '../monorepo/service.js';
import { applySupply, beforeDigestRefresh, type Supply, type SupplyFlags } from './supply.js';
import { maskDigests } from '../pins/dockerfile.js';

export interface InitFlags extends RawGenerateFlags, SupplyFlags {
  yes?: boolean;
  force?: boolean;
  dryRun?: boolean;
  stdout?: boolean;
  explain?: boolean;
  check?: boolean;
  quiet?: boolean;
  json?: boolean;
  config?: string;
  orgConfig?: string;
  /** false with --no-save. */
  save?: boolean;
  /** Every service of the repository (cli/all.ts). */
  all?: boolean;
}

/** Why no question is asked, or undefined when questions are asked. */
function noQuestions(flags: { yes?: boolean }): 'yes' | 'ci' | 'terminal' | undefined {
  if (flags.yes) return 'yes';
  const ci = process.env['CI'];
  if (ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false') return 'ci';
  return process.stdin.isTTY === true && process.stdout.isTTY === true ? undefined : 'terminal';
}

/** Questions only for a person at a terminal: never with --yes, in CI, or when piped. */
export function isInteractive(flags: { yes?: boolean }): boolean {
  return noQuestions(flags) === undefined;
}

/** What a run generates from: the recorded answers merged with the flags, and where detection
 *  runs (the folder, or for a service of a monorepo the repository root). */
export function prepareRun(dir: string, flags: InitFlags) {
  assertFolder(dir);
  const recorded = readAnswers(dir, flags.config);
  const answers = parseGenerateFlags(mergeAnswers(recorded.raw, flags));
  // A service folder of a monorepo (`dockgen apps/api`) is generated from the repository root and
  // written in its own folder (src/monorepo/service.ts).
  const target = resolveService(dir, answers);
  const source = target?.root ?? dir;
  const options = target?.options ?? answers;
  const fs = new DiskFs(source);
  const orgPath = orgConfigPath(flags.orgConfig);
  const org = orgPath === undefined ? undefined : readOrgConfig(orgPath);
  return { recorded, answers, target, source, options, fs, org };
}

/** The files for a folder without asking or writing (`--all`'s JSON and compose.yaml), with what
 *  detection read and, for a service built from the repository root, where that is. */
export function generateQuietly(dir: string, flags: InitFlags) {
  const { target, source, options, fs, org } = prepareRun(dir, flags);
  const generation = generate(fs, source, options, org);
  return { generation: target ? serviceFiles(generation) : generation, fs, target };
}

/** `update`: `dockgen update`, which asks the registry for every digest again, and whose --check
 *  compares the digests too. */
export async function runInit(dir: string, flags: InitFlags, mode: { update?: boolean } = {}): Promise<number> {
  const { recorded, answers, target, source, options, fs, org } = prepareRun(dir, flags);
  // --check and --json are for programs: they never ask, whatever the terminal.
  const asks = !flags.check && !flags.json;
  const interactive = isInteractive(flags) && asks;
  // Piped or redirected, dockgen behaves as --yes: said once, so nobody waits for a question.
  if (asks && noQuestions(flags) === 'terminal' && !flags.quiet) {
    process.stderr.write('note: not a terminal, so no questions: dockgen uses what it detected and its defaults, as with --yes (pass --yes to drop this note).\n');
  }
  const given = new Set(Object.keys(parseGenerateFlags(flags)) as Array<keyof GenerateOptions>);
  // The folder settles the workspace package (and a go.work module's main package): never asked.
  if (target) for (const key of ['workspace', 'main', 'service'] as const) if (target.options[key] !== undefined) given.add(key);
  const generated = interactive ? await generateAsking(fs, source, options, await import('./prompts.js'), org, given) : generate(fs, source, options, org);
  const generation = target ? serviceFiles(generated) : generated;
  // --json and --explain describe decisions; they never need the registry.
  const supply: Supply = flags.json || flags.explain ? { updateBots: [] } : await applySupply(dir, generation, recorded, flags, { refresh: mode.update === true, offline: flags.check === true && !mode.update });
  if (!flags.quiet) printWarnings(generation.plan.warnings);
  // Plain --check leaves digests out of the comparison, so CI without registry access still
  // checks the rest; `dockgen update --check` is the one that fails on stale digests.
  if (flags.check) return checkDrift(dir, generation, supply.digests !== undefined && !mode.update, mode.update === true);
  if (flags.json) {
    const { planJson } = await import('./detect.js');
    stdoutJson(planJson(dir, generation));
    return EXIT.ok;
  }

  if (flags.explain) {
    stdout(formatExplain(dir, generation, fs));
    return EXIT.ok;
  }
  if (flags.stdout) {
    stdout(generation.files.find((f) => f.path === 'Dockerfile')!.content);
    if (!flags.quiet) printWarnings(companionsMissing(dir, generation));
    return EXIT.ok;
  }
  let changes = regenerateUnedited(compareWithDisk(dir, generation.files, flags.force === true), recorded.generated, (existing) => beforeDigestRefresh(existing, recorded));
  if (interactive && !flags.dryRun && changes.some((c) => c.status === 'conflict')) {
    changes = await resolveConflicts(changes, await import('./prompts.js'), (path) => existsSync(join(dir, path)));
  }
  // dockgen's own record (the answers that made these files, and a hash of each) is written
  // without --force and shown like every other file. A file kept as it was no longer matches the
  // answers: recording them would make --check fail.
  const kept = changes.some((c) => c.status === 'skip');
  const record = flags.save === false || kept ? undefined : recordChange(recorded, flags.config === undefined, target ? recordedOptions(target, answers, options) : options, generation, changes, supply);
  if (flags.dryRun) {
    stdoutFormatted(await formatChanges(record ? [...changes, record.shown] : changes, true));
    return EXIT.ok;
  }
  writeChanges(dir, changes);
  if (record) writeChanges(dirname(recorded.file), [record.change]);
  if (kept && flags.save !== false && !flags.quiet) {
    stderrLine(`note: ${PROJECT_CONFIG} was not updated: a file you kept does not match these answers.`);
  }
  stdoutFormatted(await formatChanges(record ? [...changes, record.shown] : changes, false));
  stdout(`\n${formatSummary(dir, generation, target && { root: target.root, dockerfile: target.options.service!.dockerfile, name: target.name })}`);
  return EXIT.ok;
}

/**
 * A file that differs from what dockgen would write now, but is byte for byte what dockgen wrote
 * last time (the hash in dockgen.json), was not edited by anyone: a changed answer regenerates it
 * without --force. A hand-edited file stays a conflict.
 */
export function regenerateUnedited(changes: FileChange[], generated: Record<string, string>, asWritten: (existing: string) => string = (existing) => existing): FileChange[] {
  const unedited = (change: FileChange) =>
    change.existing !== undefined && (generated[change.path] === sha256(change.existing) || (change.path === 'Dockerfile' && generated[change.path] === sha256(asWritten(change.existing))));
  return changes.map((change) => (change.status === 'conflict' && unedited(change) ? { ...change, status: 'overwrite' } : change));
}

/** dockgen.json as it will be after this run, saved where it was read (`--config`), keeping the
 *  user's `$schema` and `$comment`. `shown` names it as the user knows it. */
function recordChange(recorded: RecordedAnswers, inProject: boolean, options: GenerateOptions, generation: Generation, changes: FileChange[], supply: Supply): { change: FileChange; shown: FileChange } {
  const hashes: Record<string, string> = {};
  const generated = new Set(generation.files.map((f) => f.path));
  for (const change of changes) if (change.status !== 'conflict' && generated.has(change.path)) hashes[change.path] = sha256(change.content);
  const content = answersJson(options, generation.plan.stack, recorded.kept, hashes, supply);
  const [change] = compareWithDisk(dirname(recorded.file), [{ path: basename(recorded.file), content }], true);
  return { change: change!, shown: { ...change!, path: inProject ? PROJECT_CONFIG : recorded.file } };
}

/** --stdout prints the Dockerfile only; files it copies that dockgen writes next to it (the static
 *  stack's nginx config) are named when they are not on disk as dockgen would write them. */
function companionsMissing(dir: string, generation: Generation): string[] {
  // compose.yaml is not copied by the Dockerfile: it runs the image, so it is not named here.
  const others = generation.files.filter((f) => f.path !== 'Dockerfile' && f.path !== '.dockerignore' && f.path !== SERVICE_IGNORE && f.path !== 'compose.yaml');
  const missing = compareWithDisk(dir, others, false).filter((c) => c.status !== 'identical');
  if (missing.length === 0) return [];
  const names = missing.map((c) => c.path).join(' and ');
  return [
    `this Dockerfile copies ${names}, which dockgen writes next to it and which ${missing.length === 1 ? 'is' : 'are'} not in ${resolve(dir)} as dockgen would write ${missing.length === 1 ? 'it' : 'them'}; --stdout printed only the Dockerfile. Run \`dockgen --dry-run\` to see every file, or \`dockgen\` to write them.`,
  ];
}

/** --check: 0 when every generated file is on disk unchanged, 1 when one differs, 2 when one is
 *  missing. Writes nothing. */
async function checkDrift(dir: string, generation: Generation, maskPins: boolean, update: boolean): Promise<number> {
  const changes = compareWithDisk(dir, generation.files, false).map((change) =>
    maskPins && change.status === 'conflict' && change.path === 'Dockerfile' && maskDigests(change.existing!) === maskDigests(change.content) ? { ...change, status: 'identical' as const } : change,
  );
  stdoutFormatted(await formatCheck(changes));
  const missing = changes.filter((c) => c.status === 'create').map((c) => c.path);
  if (missing.length > 0) {
    throw new DockgenError(`${missing.join(' and ')} ${missing.length === 1 ? 'is' : 'are'} missing in ${resolve(dir)}.`, `Run \`dockgen ${dir}\` to write ${missing.length === 1 ? 'it' : 'them'}, and commit the result.`);
  }
  if (changes.some((c) => c.status === 'conflict')) {
    stderrLine(
      update
        ? `The files on disk are not up to date: newer versions or digests (diff above). Update them with \`dockgen update ${dir}\`.`
        : `The files on disk differ from what dockgen writes for this project (diff above). Regenerate with \`dockgen ${dir} --force\` or fix the project.`,
    );
    return EXIT.checkFailed;
  }
  return EXIT.ok;
}
