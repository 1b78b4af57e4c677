import { mkdirSync } from 'node:fs';
import { lstatOrUndefined } from '../safe-read.js';
import { dirname, join, resolve } from 'node:path';
import { CI, PROJECT_CONFIG, readAnswers } from '../config.js';
import { generate } from '../core.js';
import { DiskFs } from '../detect/fs.js';
import { DockgenError, EXIT } from '../errors.js';
import { parseGenerateFlags } from '../options.js';
import { compareWithDisk, writeChanges, type FileChange } from '../write.js';
import { generateCi } from '../ci/index.js';
import { CI_KEYS, ciAnswers, parseCiFlags, type RawCiFlags } from '../ci/options.js';
import { readJsonObject } from '../json-file.js';
import { assertFolder } from './folder.js';
import { printWarnings, stderrLine, stdoutFormatted, stdoutJson } from './output.js';
import { formatChanges, formatCheck } from './report.js';

export interface CiFlags extends RawCiFlags {
  force?: boolean;
  dryRun?: boolean;
  check?: boolean;
  json?: boolean;
  quiet?: boolean;
}

/**
 * `dockgen ci [dir]`: the CI file that checks and builds the project's image, written like the
 * Dockerfile (diff with --dry-run, drift with --check, no overwrite without --force), its answers
 * recorded under "ci" in dir/dockgen.json. dir is the repository root; --context names the project
 * folder in it.
 */
export async function runCi(dir: string, flags: CiFlags): Promise<number> {
  assertFolder(dir);
  const recorded = readAnswers(dir);
  const raw: RawCiFlags = { ...((recorded.kept[CI] as RawCiFlags | undefined) ?? {}) };
  for (const key of CI_KEYS) if (flags[key] !== undefined) raw[key] = flags[key];
  const options = parseCiFlags(raw);
  const project = options.context === '.' ? dir : join(dir, options.context);
  assertFolder(project);
  const generation = generate(new DiskFs(project), project, parseGenerateFlags(readAnswers(project).raw));
  if (!flags.quiet) printWarnings(generation.plan.warnings);
  const file = generateCi(generation.plan, options);
  if (flags.json) {
    stdoutJson(JSON.stringify({ schema: 1, provider: options.provider, file: file.path, platforms: file.platforms.platforms, platformsReason: file.platforms.reason, content: file.content }, null, 2));
    return EXIT.ok;
  }
  const [change] = compareFile(dir, file.path, file.content, flags.force === true);
  if (flags.check) return checkDrift(dir, change!);
  const record = recordChange(dir, raw);
  if (flags.dryRun) {
    stdoutFormatted(await formatChanges([change!, record], true));
    return EXIT.ok;
  }
  makeFolders(dir, dirname(file.path));
  writeChanges(dir, [change!, record]);
  stdoutFormatted(await formatChanges([change!, record], false));
  return EXIT.ok;
}

/** A file whose folder does not exist yet (.github/workflows) compares as one to create. */
function compareFile(dir: string, path: string, content: string, force: boolean): FileChange[] {
  const folder = join(dir, dirname(path));
  if (!exists(folder)) return [{ path, content, status: 'create' }];
  return compareWithDisk(dir, [{ path, content }], force);
}

/** Creates the CI file's folders one by one; a link or a file on the way is refused, never followed. */
function makeFolders(dir: string, relative: string): void {
  let current = dir;
  for (const part of relative.split('/').filter((p) => p !== '.')) {
    current = join(current, part);
    const st = lstatOrUndefined(current);
    if (st === undefined) mkdirSync(current);
    else if (st.isSymbolicLink() || !st.isDirectory()) {
      throw new DockgenError(`${join(relative)} cannot be made in ${resolve(dir)}: ${current} is ${st.isSymbolicLink() ? 'a symbolic link' : 'not a folder'}.`, 'Move it out of the way, then run `dockgen ci` again.');
    }
  }
}

/** dockgen.json with the "ci" answers set and everything else as it was. dockgen's own record: written without --force. */
function recordChange(dir: string, raw: RawCiFlags): FileChange {
  const file = join(dir, PROJECT_CONFIG);
  const data = exists(file) ? readJsonObject(file, file, `Fix ${file}.`, dir) : {};
  data[CI] = ciAnswers(raw);
  return compareWithDisk(dir, [{ path: PROJECT_CONFIG, content: JSON.stringify(data, null, 2) + '\n' }], true)[0]!;
}

async function checkDrift(dir: string, change: FileChange): Promise<number> {
  stdoutFormatted(await formatCheck([change]));
  if (change.status === 'create') {
    throw new DockgenError(`${change.path} is missing in ${resolve(dir)}.`, 'Run `dockgen ci` to write it, and commit the result.');
  }
  if (change.status === 'conflict') {
    stderrLine(`${change.path} differs from what dockgen writes (diff above). Rewrite it with \`dockgen ci --force\`, or record other answers with \`dockgen ci --force --<flag>\`.`);
    return EXIT.checkFailed;
  }
  return EXIT.ok;
}

function exists(path: string): boolean {
  return lstatOrUndefined(path) !== undefined;
}
