import { generate, type Generation } from '../core.js';
import { DiskFs } from '../detect/fs.js';
import { DockgenError, EXIT } from '../errors.js';
import { parseGenerateFlags, type GenerateOptions, type RawGenerateFlags } from '../options.js';
import { compareWithDisk, writeChanges } from '../write.js';
import { PROJECT_CONFIG, answersJson, mergeAnswers, readAnswers } from '../config.js';
import { formatChanges, formatCheck, formatExplain } from './report.js';
import { generateAsking, resolveConflicts } from './ask.js';
import { orgConfigPath, readOrgConfig } from '../org/config.js';
import { assertFolder } from './folder.js';
import { printWarnings, stderrLine, stdout, stdoutJson } from './output.js';

export interface InitFlags extends RawGenerateFlags {
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
}

/** Questions only for a person at a terminal: never with --yes, in CI, or when piped. */
export function isInteractive(flags: { yes?: boolean }): boolean {
  const ci = process.env['CI'];
  const inCi = ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false';
  return !flags.yes && !inCi && process.stdin.isTTY === true && process.stdout.isTTY === true;
}

export async function runInit(dir: string, flags: InitFlags): Promise<number> {
  assertFolder(dir);
  const recorded = readAnswers(dir, flags.config);
  const options = parseGenerateFlags(mergeAnswers(recorded.raw, flags));
  const fs = new DiskFs(dir);
  const orgPath = orgConfigPath(flags.orgConfig);
  const org = orgPath === undefined ? undefined : readOrgConfig(orgPath);
  // --check is for CI: it never asks, whatever the terminal.
  const interactive = isInteractive(flags) && !flags.check && !flags.json;
  const given = new Set(Object.keys(parseGenerateFlags(flags)) as Array<keyof GenerateOptions>);
  const generation = interactive ? await generateAsking(fs, dir, options, await import('./prompts.js'), org, given) : generate(fs, dir, options, org);
  if (!flags.quiet) printWarnings(generation.plan.warnings);
  if (flags.check) return checkDrift(dir, generation);
  if (flags.json) {
    const { planJson } = await import('./detect.js');
    stdoutJson(planJson(dir, generation));
    return EXIT.ok;
  }

  if (flags.explain) {
    stdout(formatExplain(dir, generation));
    return EXIT.ok;
  }
  if (flags.stdout) {
    stdout(generation.files.find((f) => f.path === 'Dockerfile')!.content);
    return EXIT.ok;
  }
  let changes = compareWithDisk(dir, generation.files, flags.force === true);
  if (interactive && !flags.dryRun && changes.some((c) => c.status === 'conflict')) {
    changes = await resolveConflicts(changes, await import('./prompts.js'));
  }
  if (flags.dryRun) {
    stdout(await formatChanges(changes, true));
    return EXIT.ok;
  }
  writeChanges(dir, changes);
  // dockgen's own record, rewritten freely: the answers that made these files.
  // A file kept as it was no longer matches the answers: recording them would make --check fail.
  const kept = changes.some((c) => c.status === 'skip');
  const saved = flags.save === false || kept ? [] : compareWithDisk(dir, [{ path: PROJECT_CONFIG, content: answersJson(options, generation.plan.stack) }], true);
  writeChanges(dir, saved);
  if (kept && flags.save !== false && !flags.quiet) {
    stderrLine(`note: ${PROJECT_CONFIG} was not updated: a file you kept does not match these answers.`);
  }
  stdout(await formatChanges([...changes, ...saved], false));
  return EXIT.ok;
}

/** --check: 0 when every generated file is on disk unchanged, 1 when one differs, 2 when one is
 *  missing. Writes nothing. */
async function checkDrift(dir: string, generation: Generation): Promise<number> {
  const changes = compareWithDisk(dir, generation.files, false);
  stdout(await formatCheck(changes));
  const missing = changes.filter((c) => c.status === 'create').map((c) => c.path);
  if (missing.length > 0) {
    throw new DockgenError(`${missing.join(' and ')} ${missing.length === 1 ? 'is' : 'are'} missing in ${dir}.`, `Run dockgen ${dir} to write ${missing.length === 1 ? 'it' : 'them'}, and commit the result.`);
  }
  if (changes.some((c) => c.status === 'conflict')) {
    stderrLine(`The files on disk differ from what dockgen writes for this project (diff above). Regenerate with \`dockgen ${dir} --force\` or fix the project.`);
    return EXIT.checkFailed;
  }
  return EXIT.ok;
}
