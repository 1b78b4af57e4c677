// --build: builds each written Dockerfile on a real engine, runs it, probes it and stops it, the way
// the e2e suite treats fixtures (scripts/e2e/docker.mjs), but for projects nobody here wrote: a
// failure is a finding to record, not an exception.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DockerfileParser } from 'dockerfile-ast';
import { buildModel } from '../../dist/lint/model.js';
import { docker, dockerOrThrow, build, probe, processTree, tail, timed } from '../e2e/docker.mjs';

const ROOT = join(import.meta.dirname, '..', '..');
/** The external base images a Dockerfile names, resolved as the builder does (the lint engine's model). */
export function baseImages(dockerfile) {
  const stages = buildModel(DockerfileParser.parse(dockerfile)).stages;
  return [...new Set(stages.filter((stage) => stage.parent === null && stage.image !== 'scratch').map((stage) => stage.image))];
}

/** Builds stand-ins for `refs`; returns the refs that have none (no recipe, or its build failed). */
export function ensureStandIns(refs) {
  const missing = [];
  for (const ref of refs) {
    const run = spawnSync(process.execPath, [join(ROOT, 'scripts/e2e/standins.mjs'), ref], { encoding: 'utf8', timeout: 40 * 60_000 });
    if (run.status !== 0) missing.push(ref);
    process.stderr.write(run.stdout);
  }
  return missing;
}

/**
 * Builds, runs, probes and stops one written project, run as its user would: with the port the
 * image declares (PORT set to it, as the Dockerfile's ENV does), or none for a process that listens
 * on nothing. Returns { build, run, status, uid, pid1, stopSeconds, exit, log }.
 */
export async function buildAndRun(row) {
  const tag = `dockgen-corpus/${row.name.toLowerCase()}:latest`;
  const built = build(row.dir, tag, [], { timeoutMs: 15 * 60_000 });
  if (built.code !== 0) return { build: 'failed', buildSeconds: built.seconds, log: tail(built.stdout + built.stderr, 15) };
  const result = { build: 'ok', buildSeconds: built.seconds };
  const port = row.port;
  const env = port === null ? [] : ['-e', `PORT=${port}`];
  const container = docker(['run', '-d', '--network', 'host', ...env, tag]).stdout.trim();
  try {
    if (port !== null) {
      // Any HTTP answer shows the server is up; a 5xx is the app failing, not answering.
      const status = await probe(`http://127.0.0.1:${port}/`, 60, (s) => s < 500);
      result.status = status;
      result.run = typeof status === 'number' && status < 500 ? 'answers' : 'no answer';
    } else {
      await new Promise((r) => setTimeout(r, 4000));
      const state = dockerOrThrow(['inspect', '-f', '{{.State.Running}} {{.State.ExitCode}}', container]).stdout.trim().split(' ');
      result.run = state[0] === 'true' ? 'keeps running' : state[1] === '0' ? 'exited 0' : `exited ${state[1]}`;
    }
    if (result.run === 'answers' || result.run === 'keeps running') {
      const tree = processTree(container);
      result.uid = tree.uid;
      result.pid1 = [tree.pid1[0], ...tree.children.map((c) => c[0])].join(' → ');
      const stop = await timed(['stop', container]);
      result.stopSeconds = stop.seconds;
      result.exit = dockerOrThrow(['inspect', '-f', '{{.State.ExitCode}}', container]).stdout.trim();
    } else {
      result.log = tail(docker(['logs', container]).stdout + docker(['logs', container]).stderr, 15);
    }
  } finally {
    docker(['rm', '-f', container]);
    docker(['rmi', tag]);
  }
  return result;
}

/** Whether a built row meets the bar: non-root, answers (or runs), stops within 2 s. */
export function buildVerdict(result) {
  if (result.build !== 'ok') return 'build failed';
  if (result.run === 'exited 0') return 'ok';
  if (result.run !== 'answers' && result.run !== 'keeps running') return result.run;
  if (!(result.uid > 0)) return 'runs as root';
  if (!(result.stopSeconds < 2)) return `stop took ${result.stopSeconds.toFixed(1)} s`;
  return 'ok';
}

export function dockerfileOf(row) {
  return readFileSync(join(row.dir, 'Dockerfile'), 'utf8');
}
