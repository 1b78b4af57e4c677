import { basename, join, resolve } from 'node:path';
import { composeForServices, type ComposeService } from '../monorepo/compose-all.js';
import type { GeneratedFile } from '../render/index.js';
import { compareWithDisk, writeChanges } from '../write.js';
import { formatChanges, formatCheck } from './report.js';
import { DockgenError, EXIT } from '../errors.js';
import { findServices, type ServiceCandidate } from '../monorepo/services.js';
import { DOCKGEN_VERSION } from '../version.js';
import { assertFolder } from './folder.js';
import { generateQuietly, isInteractive, runInit, type InitFlags } from './init.js';
import { printError, stderrLine, stdout, stdoutFormatted, stdoutJson } from './output.js';
import { JSON_SCHEMA, planJson } from './detect.js';
import { printable } from '../printable.js';

/** Flags that name one service's value: with --all they would apply to every service. */
const PER_SERVICE = [
  ['workspace', '--workspace'],
  ['main', '--main'],
  ['cmd', '--cmd'],
  ['port', '--port'],
  ['stack', '--stack'],
  ['config', '--config'],
  ['stdout', '--stdout'],
  ['explain', '--explain'],
] as const;

/**
 * `dockgen --all [dir]`: every deployable service of the repository (src/monorepo/services.ts),
 * listed with why each is built or skipped, then each one's files written (or checked, diffed,
 * printed as JSON) as `dockgen <service-dir>` would. A person at a terminal can untick services;
 * --yes, CI and pipes take every service listed as built. The exit code is the worst service's.
 */
export type ServicePicker = (choices: Array<{ value: string; name: string }>) => Promise<string[]>;

export async function runAll(dir: string, flags: InitFlags, picker?: ServicePicker): Promise<number> {
  assertFolder(dir);
  for (const [key, flag] of PER_SERVICE) {
    if (flags[key] !== undefined) {
      throw new DockgenError(`${flag} cannot be combined with --all: it would apply to every service.`, `Run \`dockgen <service-dir> ${flag} …\` for that service (its dockgen.json records it for later --all runs).`);
    }
  }
  const services = findServices(dir);
  const included = services.filter((s) => s.included);
  if (flags.json) return allJson(dir, services, flags);
  stdout(formatServices(dir, services));
  if (included.length === 0) {
    throw new DockgenError(`No deployable service found in ${resolve(dir)}.`, 'Run dockgen in the repository root, or on one project folder: `dockgen path/to/app`.');
  }
  let chosen = included;
  // A person unticks services (a checkbox); --check and --dry-run write nothing, so they ask nothing.
  const pick = picker ?? (isInteractive(flags) && !flags.check && !flags.dryRun ? (await import('./prompts.js')).pickServices : undefined);
  if (pick) {
    const picked = new Set(await pick(included.map((s) => ({ value: s.dir, name: `${s.dir} (${s.kind})` }))));
    chosen = included.filter((s) => picked.has(s.dir));
    if (chosen.length === 0) {
      stdout('No service chosen; nothing was written.');
      return EXIT.ok;
    }
  }
  let worst: number = EXIT.ok;
  // compose.yaml is --all's own file, at the root: no service writes one of its own.
  const perService: InitFlags = { ...flags };
  delete perService.compose;
  const composed: ComposeService[] = [];
  for (const service of chosen) {
    stdout(`\n== ${service.dir} ==`);
    const folder = service.dir === '.' ? dir : join(dir, service.dir);
    try {
      worst = Math.max(worst, await runInit(folder, perService));
      composed.push(composeService(service.dir, folder, perService));
    } catch (error) {
      worst = Math.max(worst, printError(error));
    }
  }
  if (composed.length > 0) {
    stdout('\n== compose.yaml ==');
    try {
      worst = Math.max(worst, await writeCompose(dir, composeForServices(composed), flags));
    } catch (error) {
      worst = Math.max(worst, printError(error));
    }
  }
  if (chosen.length > 1 && !flags.quiet) stderrLine(`dockgen --all: ${chosen.length} services, exit ${worst} (the worst of them).`);
  return worst;
}

/** A written service as compose.yaml builds it. */
export function composeService(dir: string, folder: string, flags: InitFlags): ComposeService {
  const { generation, fs, target } = generateQuietly(folder, flags);
  const name = target?.name ?? generation.facts.name ?? basename(resolve(folder));
  return { dir, generation, fs, fromRoot: target !== undefined, name };
}

/** compose.yaml at the repository root, through the same write path as every file: a diff with
 *  --dry-run, drift with --check (1 differs, 2 missing), no overwrite without --force. */
async function writeCompose(dir: string, file: GeneratedFile, flags: InitFlags): Promise<number> {
  const changes = compareWithDisk(dir, [file], flags.force === true);
  if (flags.check) {
    stdoutFormatted(await formatCheck(changes));
    if (changes.some((c) => c.status === 'create')) {
      throw new DockgenError(`compose.yaml is missing in ${resolve(dir)}.`, `Run \`dockgen --all ${dir}\` to write it, and commit the result.`);
    }
    return changes.some((c) => c.status === 'conflict') ? EXIT.checkFailed : EXIT.ok;
  }
  if (flags.dryRun) {
    stdoutFormatted(await formatChanges(changes, true));
    return EXIT.ok;
  }
  writeChanges(dir, changes);
  stdoutFormatted(await formatChanges(changes, false));
  return EXIT.ok;
}

/** The list shown first: each folder considered, built or skipped, and why. */
export function formatServices(dir: string, services: readonly ServiceCandidate[]): string {
  const built = services.filter((s) => s.included).length;
  const width = Math.max(0, ...services.map((s) => s.dir.length));
  return [
    `Services in ${resolve(dir)}: ${built} to build, ${services.length - built} skipped.`,
    ...services.map((s) => `  ${s.included ? 'build' : 'skip '}  ${s.dir.padEnd(width)}  ${s.kind}: ${printable(s.reason)}`),
  ].join('\n');
}

/** --all --json: one document, each service with its plan (or why it has none). */
function allJson(dir: string, services: readonly ServiceCandidate[], flags: InitFlags): number {
  let worst: number = EXIT.ok;
  const entries = services.map((service) => {
    if (!service.included) return service;
    const folder = service.dir === '.' ? dir : join(dir, service.dir);
    try {
      const { stack, plan, files } = JSON.parse(planJson(folder, generateQuietly(folder, { ...flags, compose: false }).generation)) as Record<string, unknown>;
      return { ...service, stack, files, plan };
    } catch (error) {
      if (!(error instanceof DockgenError)) throw error;
      worst = Math.max(worst, error.exitCode);
      return { ...service, error: { message: error.message, hint: error.hint, exitCode: error.exitCode } };
    }
  });
  const composed = services.filter((s, i) => s.included && !('error' in entries[i]!)).map((s) => composeService(s.dir, s.dir === '.' ? dir : join(dir, s.dir), { ...flags, compose: false }));
  const compose = composed.length > 0 ? composeForServices(composed).content : undefined;
  stdoutJson(JSON.stringify({ schema: JSON_SCHEMA, dockgen: DOCKGEN_VERSION, directory: resolve(dir), services: entries, ...(compose ? { compose } : {}) }, null, 2));
  return worst;
}
