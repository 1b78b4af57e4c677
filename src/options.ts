import { parse as parseShell } from 'shell-quote';
import { PACKAGE_MANAGERS, type PackageManagerName } from './detect/node/package-manager.js';
import { DockgenError } from './errors.js';
import { STACKS, type Stack } from './plan/types.js';
import { parseImageRef } from './k8s/image-ref.js';

/**
 * Options that change the generated files. Each one, when set, wins over what detection finds
 * (resolve order: flag > detected > default). Interactive answers arrive here as the same values.
 */
export interface GenerateOptions {
  stack?: Stack;
  port?: number;
  /** The start command as argv (exec form). */
  cmd?: string[];
  nodeVersion?: string;
  packageManager?: PackageManagerName;
  pythonVersion?: string;
  goVersion?: string;
  /** Go: the main package to build, e.g. `./cmd/api`. */
  main?: string;
  /** Node.js monorepo: the workspace package to build, by folder (`apps/api`) or package name. */
  workspace?: string;
  /** Go: the final image's base. */
  runtime?: GoRuntime;
  /** PID 1: tini, or the app itself in exec form (R2). */
  init?: InitChoice;
  /** JavaScript projects: the runtime the app runs on (Bun or Node.js), instead of detecting it. */
  jsRuntime?: JsRuntime;
  bunVersion?: string;
  /** Not a flag: set when a service folder of a monorepo is built from the repository root
   *  (`dockgen apps/api`), with the Dockerfile's path from that root. */
  service?: { dockerfile: string; name: string };
  /** `--healthcheck [path]`: a HEALTHCHECK that probes this HTTP path (bare flag: `/`). */
  healthcheck?: string;
  /** `--compose`: also write compose.yaml. */
  compose?: boolean;
  /** Also write Kubernetes manifests (k8s.yaml). */
  k8s?: boolean;
  /** The image reference the manifests run (never `latest`). */
  image?: string;
  /** Also write README.Docker.md. */
  readme?: boolean;
}

export const GO_RUNTIMES = ['distroless', 'scratch', 'debian'] as const;
export type GoRuntime = (typeof GO_RUNTIMES)[number];
export const INIT_CHOICES = ['tini', 'none'] as const;
export type InitChoice = (typeof INIT_CHOICES)[number];
export const JS_RUNTIMES = ['node', 'bun'] as const;
export type JsRuntime = (typeof JS_RUNTIMES)[number];

/** Raw flag values as commander hands them over. */
export interface RawGenerateFlags {
  stack?: string;
  port?: string;
  cmd?: string;
  nodeVersion?: string;
  packageManager?: string;
  pythonVersion?: string;
  goVersion?: string;
  main?: string;
  workspace?: string;
  runtime?: string;
  init?: string;
  jsRuntime?: string;
  bunVersion?: string;
  /** `true` for a bare `--healthcheck`. */
  healthcheck?: string | boolean;
  compose?: boolean;
  /** `--k8s`, or `true` from dockgen.json. */
  k8s?: boolean | string;
  image?: string;
  /** `--readme`, or `true` from dockgen.json. */
  readme?: boolean | string;
}

export function parseGenerateFlags(flags: RawGenerateFlags): GenerateOptions {
  const options: GenerateOptions = {};
  if (flags.stack !== undefined) options.stack = parseChoice(flags.stack, STACKS, '--stack');
  if (flags.port !== undefined) options.port = parsePort(flags.port);
  if (flags.cmd !== undefined) options.cmd = parseCommand(flags.cmd);
  if (flags.nodeVersion !== undefined) options.nodeVersion = nonEmpty(flags.nodeVersion, '--node-version', '22');
  if (flags.packageManager !== undefined) {
    options.packageManager = parseChoice(flags.packageManager, PACKAGE_MANAGERS, '--package-manager');
  }
  if (flags.pythonVersion !== undefined) options.pythonVersion = nonEmpty(flags.pythonVersion, '--python-version', '3.13');
  if (flags.goVersion !== undefined) options.goVersion = nonEmpty(flags.goVersion, '--go-version', '1.24');
  if (flags.main !== undefined) options.main = nonEmpty(flags.main, '--main', './cmd/api');
  if (flags.workspace !== undefined) options.workspace = nonEmpty(flags.workspace, '--workspace', 'apps/api').replace(/^\.\/+|\/+$/g, '');
  if (flags.runtime !== undefined) options.runtime = parseChoice(flags.runtime, GO_RUNTIMES, '--runtime');
  if (flags.init !== undefined) options.init = parseChoice(flags.init, INIT_CHOICES, '--init');
  if (flags.jsRuntime !== undefined) options.jsRuntime = parseChoice(flags.jsRuntime, JS_RUNTIMES, '--js-runtime');
  if (flags.bunVersion !== undefined) options.bunVersion = nonEmpty(flags.bunVersion, '--bun-version', '1.4');
  if (flags.healthcheck !== undefined && flags.healthcheck !== false) options.healthcheck = parseHealthPath(flags.healthcheck === true ? '/' : flags.healthcheck);
  if (flags.compose === true) options.compose = true;
  if (flags.k8s !== undefined && flags.k8s !== false && flags.k8s !== 'false') options.k8s = true;
  if (flags.readme !== undefined && flags.readme !== false && flags.readme !== 'false') options.readme = true;
  if (flags.image !== undefined) options.image = parseImageRef(nonEmpty(flags.image, '--image', 'registry.example.com/api:1.4.0')).ref;
  return options;
}

/**
 * The HTTP path a health probe asks for. It ends up inside a JavaScript or Python string literal
 * and a Dockerfile JSON array, so only URL characters that are inert in all of them pass: no
 * quotes, backslashes, `$`, backticks, spaces or control characters.
 */
export function parseHealthPath(value: string): string {
  if (/^\/[A-Za-z0-9\-._~/?=&%:@+,;!*()]*$/.test(value) && value.length <= 200) return value;
  throw new DockgenError(
    `--healthcheck path must start with / and use only URL characters (no spaces, quotes, backslashes or $), not ${JSON.stringify(value)}.`,
    'For example: --healthcheck /healthz, or a bare --healthcheck for / (it takes the next word as its path: put the project folder before it, dockgen app --healthcheck).',
  );
}

export function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value.trim()) || port < 1 || port > 65535) {
    throw new DockgenError(`--port must be a number from 1 to 65535, not "${value}".`, 'For example: --port 8080.');
  }
  return port;
}

/** A start command typed by a person: split like a shell would, but without running one. */
export function parseCommand(value: string): string[] {
  const argv: string[] = [];
  for (const token of parseShell(value, (name) => ({ variable: name }) as unknown as string)) {
    if (typeof token !== 'string') {
      throw new DockgenError(
        `--cmd "${value}" uses shell features (operators, variables or globs); the container runs it without a shell (R2).`,
        'Pass a single command, e.g. --cmd "node dist/server.js"; for more, write a script that ends with `exec node …`.',
      );
    }
    argv.push(token);
  }
  if (argv.length === 0) throw new DockgenError('--cmd is empty.', 'For example: --cmd "node server.js".');
  return argv;
}

/**
 * The inverse of parseCommand, for prefilled answers and dockgen.json: plain words as they are,
 * anything else single-quoted (a `'` inside as `'"'"'`), so `*`, `$` and spaces come back literally.
 */
export function formatCommand(argv: readonly string[]): string {
  return argv.map((arg) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", `'"'"'`)}'`)).join(' ');
}

function nonEmpty(value: string, flag: string, example: string): string {
  if (value.trim() === '') throw new DockgenError(`${flag} is empty.`, `Pass a value, e.g. ${flag} ${example}.`);
  return value.trim();
}

function parseChoice<T extends string>(value: string, choices: readonly T[], flag: string): T {
  if ((choices as readonly string[]).includes(value)) return value as T;
  throw new DockgenError(`${flag} must be one of ${choices.join(', ')}; got "${value}".`);
}
