import { fact, type Evidence, type Fact } from '../detect/evidence.js';
import type { GenerateOptions, InitChoice } from '../options.js';
import { execForm } from './safe.js';
import { aptInstall } from './steps.js';
import type { DebianCodename } from '../versions/node.js';
import type { CopyStep, PlanContext, RunStep } from './types.js';

/**
 * Debian's tini: a small PID 1 that forwards signals and reaps zombies (R2). Interpreters such as
 * Node.js and Python ignore SIGTERM when they are PID 1, so their images run under it.
 */
export const TINI_INSTALL: RunStep = aptInstall(['tini']);

/**
 * For an image whose own apt no longer works (a Debian release moved to archive.debian.org): a
 * stage on current Debian installs the package, and the final stage copies its static build, which
 * runs on any Debian release. Current means bookworm, the release the Node.js images 18–24 use.
 */
export function tiniStage(runtimeDebian: DebianCodename): { image: string; run: RunStep; comment: string } {
  return {
    image: 'debian:bookworm-slim',
    run: TINI_INSTALL,
    comment: `Debian's static tini: the runtime image is Debian ${runtimeDebian}, whose packages have moved to archive.debian.org (its apt-get update fails).`,
  };
}

export const TINI_STATIC_COPY: CopyStep = {
  from: 'tini',
  sources: ['/usr/bin/tini-static'],
  dest: '/usr/bin/tini',
  comment: 'tini as PID 1 forwards signals and reaps zombies; Node.js ignores SIGTERM as PID 1 (R2).',
};

export const TINI_ENTRYPOINT = execForm(['/usr/bin/tini', '--'], 'dockgen');

/** How an interpreter's image starts its app (R2): ENTRYPOINT/CMD, the comment above them, and why. */
export interface InterpreterProcess {
  tini: boolean;
  entrypoint: string;
  cmd: string;
  processNotes: string[];
  decision: { value: string; evidence: Evidence };
  warnings: string[];
}

/**
 * tini in front of the start command by default. `--init none` makes the app itself PID 1 in exec
 * form: smaller and one process fewer, but only right for an app that handles SIGTERM itself, so the
 * Dockerfile says so, and tells `dockgen lint` the missing init was chosen.
 */
export function interpreterProcess(
  argv: readonly string[],
  where: string,
  init: Fact<InitChoice> | undefined,
  runtime: string,
  /** A server that stops gracefully on SIGTERM and reaps its own workers (gunicorn, uvicorn): as
   *  PID 1 it needs no warning. */
  signalAwareServer?: string,
): InterpreterProcess {
  if (init?.value !== 'none') {
    return {
      tini: true,
      entrypoint: TINI_ENTRYPOINT,
      cmd: execForm(argv, where),
      processNotes: [],
      decision: { value: 'tini', evidence: init?.evidence ?? { source: 'default', value: `${runtime} ignores SIGTERM as PID 1` } },
      warnings: [],
    };
  }
  return {
    tini: false,
    entrypoint: execForm(argv, where),
    cmd: '',
    processNotes: [
      signalAwareServer
        ? `${signalAwareServer} is PID 1 (${chosenWith(init.evidence)}): it stops gracefully on SIGTERM and reaps its workers (R2).`
        : `The app is PID 1 (${chosenWith(init.evidence)}): it must exit on SIGTERM itself, or \`docker stop\` waits out the grace period (R2).`,
      `dockgen-ignore no-init -- chosen with ${chosenWith(init.evidence)}`,
    ],
    decision: { value: 'the app itself (exec form)', evidence: init.evidence },
    warnings: signalAwareServer ? [] : [
      `--init none: ${runtime} runs as PID 1 without tini. It ignores SIGTERM there unless the app installs a handler, ` +
        'and nothing reaps zombie processes; without a handler `docker stop` takes the full grace period (10 s).',
    ],
  };
}

/** PID 1 choice: --init (or dockgen.json) > the org default > none given (each stack's default). */
export function initChoice(options: GenerateOptions, context: PlanContext): Fact<InitChoice> | undefined {
  return options.init ? fact(options.init, '--init', undefined, options.init) : context.defaults?.init;
}

/** `--init none`, or `dockgen-org.json defaults.init`: where the choice was made, for a comment. */
function chosenWith(evidence: Evidence): string {
  return evidence.source.startsWith('--') ? `${evidence.source} ${evidence.value}` : `${evidence.source} ${evidence.field}`;
}
