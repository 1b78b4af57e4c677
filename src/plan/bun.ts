import { describeEvidence, fact, type Evidence, type Fact } from '../detect/evidence.js';
import type { NodeFacts } from '../detect/node/index.js';
import { entryFileOf, type StartCommand } from '../detect/node/start.js';
import { DockgenError } from '../errors.js';
import type { GenerateOptions } from '../options.js';
import { BUN_TABLE_CHECKED, DEFAULT_BUN_VERSION, resolveBunVersion } from '../versions/bun.js';

/** The official Bun image and its Debian slim variant (`oven/bun:1.4.5-slim`, Debian trixie). */
export const BUN_IMAGE = 'oven/bun';
export const BUN_IMAGE_VARIANT = 'slim';
/** The image's own unprivileged user, `bun` (oven-sh/bun dockerhub/debian-slim/Dockerfile). */
export const BUN_USER = '1000:1000';

/**
 * Whether the app runs on Bun: --js-runtime (or dockgen.json) decides, else a --cmd that runs bun
 * (or node), else detection's evidence (detect/node/bun.ts). `undefined`: Node.js.
 */
export function bunRuntime(facts: Pick<NodeFacts, 'bun'>, options: GenerateOptions): Fact<string> | undefined {
  if (options.jsRuntime === 'node') return undefined;
  if (options.jsRuntime === 'bun') return fact('chosen', '--js-runtime', undefined, 'bun');
  // A start command typed with a runtime names it.
  if (options.cmd?.[0] === 'bun') return fact('the start command runs bun', '--cmd', undefined, options.cmd.join(' '));
  if (options.cmd?.[0] === 'node') return undefined;
  return facts.bun;
}

export interface ChosenBunVersion {
  version: string;
  evidence: Evidence;
  /** Where the version came from, for the ARG comment. */
  source: string;
  warnings: string[];
}

/** Bun version (R18): --bun-version > the package's declaration > the repository's > the newest release. */
export function chooseBunVersion(options: GenerateOptions, ...declared: Array<Fact<string> | undefined>): ChosenBunVersion {
  const spec = options.bunVersion !== undefined ? fact(options.bunVersion, '--bun-version', undefined, options.bunVersion) : declared.find((d) => d !== undefined);
  if (!spec) {
    return {
      version: DEFAULT_BUN_VERSION,
      evidence: { source: 'default', value: `Bun ${DEFAULT_BUN_VERSION} (newest release)` },
      source: `dockgen default, the newest release (version table checked ${BUN_TABLE_CHECKED})`,
      warnings: [],
    };
  }
  const where = spec.evidence.source.startsWith('--') ? spec.evidence.source : describeEvidence(spec.evidence);
  const resolved = resolveBunVersion(spec.value, where);
  return { version: resolved.version, evidence: spec.evidence, source: `from ${where}`, warnings: resolved.note ? [resolved.note] : [] };
}

/**
 * The Bun image has no npm, Yarn or pnpm: Bun installs. Another manager's lockfile cannot be
 * installed from frozen (R9), so dockgen stops and says how to get a bun.lock.
 */
export function assertBunInstall(facts: Pick<NodeFacts, 'packageManager' | 'noManifest'>, runtime: Fact<string>): void {
  const pm = facts.packageManager.value;
  if (facts.noManifest || pm.name === 'bun' || pm.lockfile === undefined) return;
  throw new DockgenError(
    `The app runs on Bun (${describeEvidence(runtime.evidence)}), but its lockfile is ${pm.lockfile}: the Bun image installs with Bun, ` +
      `which cannot install from ${pm.lockfile} frozen (R9).`,
    `Run \`bun install\` once (Bun migrates ${pm.lockfile} to bun.lock, keeping its versions) and commit bun.lock; or pass --js-runtime node to run on Node.js.`,
  );
}

/**
 * The start command for the chosen runtime: a `node <file>` command runs as `bun <file>` on Bun
 * (and back), the options of the other runtime left out. Other commands stay as they are.
 */
export function startFor(start: Fact<StartCommand>, runtime: 'bun' | 'node'): Fact<StartCommand> {
  const [bin] = start.value.argv;
  const other = runtime === 'bun' ? 'node' : 'bun';
  const entry = entryFileOf(start.value.argv);
  if (bin !== other || entry === undefined) return start;
  return { ...start, value: { ...start.value, argv: [runtime, entry] } };
}
