import { join, resolve } from 'node:path';
import { DockgenError, EXIT } from '../errors.js';
import { findServices, type ServiceCandidate } from '../monorepo/services.js';
import { DOCKGEN_VERSION } from '../version.js';
import { assertFolder } from './folder.js';
import { generateQuietly, isInteractive, runInit, type InitFlags } from './init.js';
import { printError, stderrLine, stdout, stdoutJson } from './output.js';
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
export async function runAll(dir: string, flags: InitFlags): Promise<number> {
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
  if (isInteractive(flags) && !flags.check && !flags.dryRun) {
    const { pickServices } = await import('./prompts.js');
    const picked = new Set(await pickServices(included.map((s) => ({ value: s.dir, name: `${s.dir} (${s.kind})` }))));
    chosen = included.filter((s) => picked.has(s.dir));
  }
  let worst: number = EXIT.ok;
  for (const service of chosen) {
    stdout(`\n== ${service.dir} ==`);
    try {
      worst = Math.max(worst, await runInit(service.dir === '.' ? dir : join(dir, service.dir), flags));
    } catch (error) {
      worst = Math.max(worst, printError(error));
    }
  }
  if (chosen.length > 1 && !flags.quiet) stderrLine(`dockgen --all: ${chosen.length} services, exit ${worst} (the worst of them).`);
  return worst;
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
      const { stack, plan, files } = JSON.parse(planJson(folder, generateQuietly(folder, flags))) as Record<string, unknown>;
      return { ...service, stack, files, plan };
    } catch (error) {
      if (!(error instanceof DockgenError)) throw error;
      worst = Math.max(worst, error.exitCode);
      return { ...service, error: { message: error.message, hint: error.hint, exitCode: error.exitCode } };
    }
  });
  stdoutJson(JSON.stringify({ schema: JSON_SCHEMA, dockgen: DOCKGEN_VERSION, directory: resolve(dir), services: entries }, null, 2));
  return worst;
}
