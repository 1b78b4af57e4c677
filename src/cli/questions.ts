import type { Generation } from '../core.js';
import { LOCKFILES, PACKAGE_MANAGERS, type PackageManagerName } from '../detect/node/package-manager.js';
import { GO_RUNTIMES, formatCommand, parseCommand, parseHealthPath, parsePort, type GenerateOptions, type GoRuntime, type InitChoice, type JsRuntime } from '../options.js';
import type { Decision } from '../plan/types.js';
import { DockgenError } from '../errors.js';
import { planHealthcheck } from '../plan/healthcheck.js';
import type { Choice, Prompter } from './ask.js';

/** Generates with some options changed: true, or the error a person should see. */
export type Trial = (changed: GenerateOptions) => string | true;

/**
 * A value dockgen settled by itself that a person may want to change, offered with dockgen's
 * value prefilled. `ask` stores the answer in `options` only when it differs, and says whether it did.
 */
export interface TuningQuestion {
  option: keyof GenerateOptions;
  applies(generation: Generation): boolean;
  ask(generation: Generation, options: GenerateOptions, prompter: Prompter, trial: Trial, origins?: Origins): Promise<boolean>;
}

/** Options whose value a person set without a flag: in dockgen.json, or answered in this session. */
export interface Origins {
  recorded: ReadonlySet<keyof GenerateOptions>;
  answered: ReadonlySet<keyof GenerateOptions>;
}

const decision = (generation: Generation, topic: string): Decision | undefined => generation.plan.decisions.find((d) => d.topic === topic);
/** Where a prefilled value came from, briefly: the full evidence is in the facts shown above. A
 *  value from an earlier answer or dockgen.json is named so, not as the flag it became. */
function from(d: Decision | undefined, origins?: Origins): string {
  if (!d) return '';
  const { source, field } = d.evidence;
  if (source === 'default') return ", dockgen's default";
  if (source.startsWith('--')) {
    const option = source.slice(2).replace(/-([a-z])/g, (_, c: string) => c.toUpperCase()) as keyof GenerateOptions;
    if (origins?.answered.has(option)) return ', your answer above';
    if (origins?.recorded.has(option)) return ', from dockgen.json';
    return `, as given with ${source}`;
  }
  return `, from ${source}${field ? ` ${field}` : ''}`;
}
/** Static sites built with Node.js take the Node.js flags too. */
const usesNode = ({ facts }: Generation): boolean => facts.stack === 'node' || (facts.stack === 'static' && facts.node !== undefined);

/** A parser's error (a DockgenError) as the prompt's reason to ask again; anything else is a bug
 *  and propagates. */
export function rejection<T>(parse: () => T, then: (value: T) => string | true = () => true): string | true {
  let value: T;
  try {
    value = parse();
  } catch (error) {
    if (error instanceof DockgenError) return error.message;
    throw error;
  }
  return then(value);
}

/** The app's argv as the image runs it: after tini when there is one, else the ENTRYPOINT. */
function startArgv(generation: Generation): string[] {
  const { plan } = generation;
  return JSON.parse(plan.cmd !== '' ? plan.cmd : plan.entrypoint) as string[];
}

const startCommand: TuningQuestion = {
  option: 'cmd',
  // nginx and Go binaries start themselves; the Go program is chosen with --main.
  applies: ({ plan }) => plan.stack === 'node' || plan.stack === 'python',
  async ask(generation, options, prompter, trial, origins) {
    const current = formatCommand(startArgv(generation));
    const answer = await prompter.text(`Start command (--cmd)${from(decision(generation, 'start command'), origins)}:`, current, (value) =>
      rejection(() => parseCommand(value), (cmd) => trial({ cmd })),
    );
    if (formatCommand(parseCommand(answer)) === current) return false;
    options.cmd = parseCommand(answer);
    return true;
  },
};

const port: TuningQuestion = {
  option: 'port',
  applies: () => true,
  async ask(generation, options, prompter, trial, origins) {
    const current = generation.plan.port;
    const message = current === undefined
      ? 'Port the app listens on (--port); none detected, leave empty if it serves nothing:'
      : `Port the app listens on (--port)${from(decision(generation, 'port'), origins)}:`;
    const answer = (await prompter.text(message, current === undefined ? undefined : String(current), (value) => {
      if (value.trim() === '') return current === undefined ? true : 'Please enter a port.';
      return rejection(() => parsePort(value), (port) => trial({ port }));
    })).trim();
    if (answer === '' || Number(answer) === current) return false;
    options.port = parsePort(answer);
    return true;
  },
};

/** The runtime version, prefilled with the exact version dockgen resolved and where it came from. */
function versionQuestion(option: 'nodeVersion' | 'pythonVersion' | 'goVersion' | 'bunVersion', topic: string, flag: string, applies: (g: Generation) => boolean): TuningQuestion {
  return {
    option,
    applies,
    async ask(generation, options, prompter, trial, origins) {
      const current = decision(generation, topic);
      if (!current) return false;
      // End of support is news for this question, not for after the last one.
      const name = topic.replace(/ version$/, '');
      for (const warning of generation.plan.warnings.filter((w) => w.startsWith(name) && /no longer supported|end of life|end-of-life/i.test(w))) prompter.show(`warning: ${warning}`);
      const answer = (await prompter.text(`${topic} (${flag})${from(current, origins)}:`, current.value, (value) =>
        value.trim() === '' ? 'Please enter a version.' : trial({ [option]: value.trim() }),
      )).trim();
      if (answer === current.value) return false;
      options[option] = answer;
      return true;
    },
  };
}


/** Only asked when the project does not say: no lockfile and no "packageManager", or lockfiles of several managers. */
export function packageManagerQuestion(exists: (file: string) => boolean): TuningQuestion {
  const ambiguity = (generation: Generation): PackageManagerName[] | undefined => {
    const { facts } = generation;
    const pm = facts.stack === 'node' ? facts.packageManager : facts.stack === 'static' ? facts.node?.packageManager : undefined;
    if (!pm || pm.evidence.field === 'packageManager') return undefined;
    const present = LOCKFILES.filter(([, files]) => files.some(exists)).map(([name]) => name);
    // No lockfile: dockgen's default, or a choice recorded in dockgen.json (offered again).
    if (pm.evidence.source === 'default' || (pm.evidence.source === '--package-manager' && present.length === 0)) return [...PACKAGE_MANAGERS];
    return present.length > 1 ? present : undefined;
  };
  return {
    option: 'packageManager',
    applies: (generation) => ambiguity(generation) !== undefined,
    async ask(generation, options, prompter) {
      const candidates = ambiguity(generation)!;
      const current = (generation.facts.stack === 'node' ? generation.facts.packageManager : generation.facts.stack === 'static' ? generation.facts.node?.packageManager : undefined)!.value.name;
      const why = candidates.length === PACKAGE_MANAGERS.length ? 'no lockfile and no "packageManager" in package.json' : 'lockfiles of several package managers';
      const answer = await prompter.choose(
        `Package manager (--package-manager); ${why}:`,
        candidates.map((name) => ({ value: name, name })),
        current,
      );
      if (answer === current) return false;
      options.packageManager = answer;
      return true;
    },
  };
}

/**
 * Node.js or Bun, asked where Bun is in the picture (a Bun lockfile, "packageManager": "bun@…",
 * engines.bun, or Bun detected as the runtime): a project that installs with Bun may run on either.
 */
export function jsRuntimeQuestion(exists: (file: string) => boolean): TuningQuestion {
  const bunInPicture = ({ facts, plan }: Generation): boolean =>
    plan.stack === 'node' && facts.stack === 'node' &&
    (plan.bun !== undefined || facts.packageManager.value.name === 'bun' || ['bun.lock', 'bun.lockb', 'bunfig.toml', '.bun-version'].some(exists));
  return {
    option: 'jsRuntime',
    applies: bunInPicture,
    async ask(generation, options, prompter, trial) {
      const current: JsRuntime = generation.plan.stack === 'node' && generation.plan.bun ? 'bun' : 'node';
      const choices: Array<Choice<JsRuntime>> = [
        { value: 'node', name: 'Node.js: the node image; Bun, if used, only installs' },
        { value: 'bun', name: 'Bun: the oven/bun image, Bun installs and runs the app' },
      ];
      const evidence = decision(generation, 'JavaScript runtime');
      const answer = await prompter.choose(`Runtime (--js-runtime)${current === 'bun' ? from(evidence) : ''}:`, choices.filter((c) => c.value === current || trial({ jsRuntime: c.value }) === true), current);
      if (answer === current) return false;
      options.jsRuntime = answer;
      return true;
    },
  };
}

const RUNTIME_NAMES: Record<GoRuntime, string> = {
  distroless: 'distroless: no shell or package manager, CA certificates and time zones included',
  scratch: 'scratch: only the binary and the files dockgen adds (smallest)',
  debian: 'debian slim: a shell and apt, for debugging or extra system libraries',
};

const goRuntime: TuningQuestion = {
  option: 'runtime',
  applies: ({ plan }) => plan.stack === 'go',
  async ask(generation, options, prompter, trial) {
    // cgo binaries cannot run on scratch: offer only what builds.
    const choices = GO_RUNTIMES.filter((runtime) => trial({ runtime }) === true).map((runtime): Choice<GoRuntime> => ({ value: runtime, name: RUNTIME_NAMES[runtime] }));
    // The image in use (recorded in dockgen.json, an org default, or dockgen's), by its name.
    const image = decision(generation, 'runtime')?.value ?? '';
    const current: GoRuntime = image === 'scratch' ? 'scratch' : image.startsWith('debian:') ? 'debian' : 'distroless';
    const answer = await prompter.choose('Runtime image (--runtime):', choices, current);
    if (answer === current) return false;
    options.runtime = answer;
    return true;
  },
};

const pid1: TuningQuestion = {
  option: 'init',
  applies: ({ plan }) => plan.stack !== 'static',
  async ask(generation, options, prompter) {
    const current: InitChoice = decision(generation, 'PID 1')?.value === 'tini' ? 'tini' : 'none';
    const app = generation.plan.stack === 'go' ? 'the binary' : 'the app';
    // Why this one is preselected: the runtime's signal behaviour, or where the choice was made.
    const chosen = decision(generation, 'PID 1');
    const why = chosen?.evidence.source === 'default' ? `; ${chosen.evidence.value}` : from(chosen);
    const answer = await prompter.choose<InitChoice>(
      `PID 1 (--init)${why}:`,
      [
        { value: 'tini', name: 'tini: forwards signals to the app and reaps zombie processes' },
        { value: 'none', name: `${app} itself, in exec form: it must handle SIGTERM` },
      ],
      current,
    );
    if (answer === current) return false;
    options.init = answer;
    return true;
  },
};

/** A HEALTHCHECK path, for a server whose image has something to run a probe with. */
const healthcheck: TuningQuestion = {
  option: 'healthcheck',
  // Distroless and scratch images have nothing to run a probe with.
  applies: ({ plan }) => plan.port !== undefined && planHealthcheck(plan, '/').healthcheck !== undefined,
  async ask(generation, options, prompter, trial) {
    const current = options.healthcheck;
    const answer = (await prompter.text('HEALTHCHECK path the image probes (--healthcheck), e.g. /healthz; empty for none:', current, (value) =>
      value.trim() === '' ? true : rejection(() => parseHealthPath(value.trim()), (path) => trial({ healthcheck: path })),
    )).trim();
    if ((answer === '' ? undefined : answer) === current) return false;
    if (answer === '') delete options.healthcheck;
    else options.healthcheck = parseHealthPath(answer);
    return true;
  },
};

/** Files written beside the Dockerfile only when asked: each a yes/no, "no" preselected (as --yes). */
function companionQuestion(option: 'compose' | 'readme', label: string, what: string): TuningQuestion {
  return {
    option,
    applies: () => true,
    async ask(_generation, options, prompter, trial) {
      const current = options[option] === true ? 'yes' : 'no';
      const answer = await prompter.choose(`Also write ${label} (--${option})?`, [
        { value: 'no', name: 'no' },
        ...(trial({ [option]: true }) === true ? [{ value: 'yes' as const, name: `yes: ${what}` }] : []),
      ], current);
      if (answer === current) return false;
      if (answer === 'yes') options[option] = true;
      else delete options[option];
      return true;
    },
  };
}

/** Kubernetes manifests, and the image reference they run when the project names no version. */
const k8s: TuningQuestion = {
  option: 'k8s',
  applies: () => true,
  async ask(generation, options, prompter, trial) {
    const current = options.k8s === true ? 'yes' : 'no';
    const answer = await prompter.choose('Also write k8s.yaml, a hardened Kubernetes Deployment and Service (--k8s)?', [
      { value: 'no', name: 'no' },
      { value: 'yes', name: 'yes: non-root, read-only root, probes, resources' },
    ], current);
    if (answer === current) return false;
    if (answer === 'no') {
      delete options.k8s;
      return true;
    }
    // Without a version in the project there is no tag but `latest`, which is never written: ask for one.
    if (trial({ k8s: true }) !== true) {
      options.image = (await prompter.text('Image reference k8s.yaml runs (--image), with a version tag, e.g. registry.example.com/api:1.0.0:', options.image, (value) =>
        trial({ k8s: true, image: value.trim() }),
      )).trim();
    }
    options.k8s = true;
    return true;
  },
};

/** In the order a person thinks about them: what runs, where, on what, how it is started. */
export function tuningQuestions(exists: (file: string) => boolean): TuningQuestion[] {
  return [
    // The runtime first: it decides the start command and the versions asked next.
    jsRuntimeQuestion(exists),
    startCommand,
    port,
    versionQuestion('nodeVersion', 'Node.js version', '--node-version', (g) => usesNode(g) && !(g.plan.stack === 'node' && g.plan.bun)),
    versionQuestion('bunVersion', 'Bun version', '--bun-version', ({ plan }) => plan.stack === 'node' && plan.bun !== undefined),
    versionQuestion('pythonVersion', 'Python version', '--python-version', ({ plan }) => plan.stack === 'python'),
    versionQuestion('goVersion', 'Go version', '--go-version', ({ plan }) => plan.stack === 'go'),
    packageManagerQuestion(exists),
    goRuntime,
    pid1,
    // Then what is written besides the Dockerfile.
    healthcheck,
    companionQuestion('compose', 'compose.yaml', 'the service hardened, its healthcheck and the backing services it needs'),
    k8s,
    companionQuestion('readme', 'README.Docker.md', "this image's build, tag, run, health-check and deploy commands"),
  ];
}
