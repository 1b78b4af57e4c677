import { posix } from 'node:path';
import { fact, type Fact } from '../detect/evidence.js';
import type { NodeAppFacts } from '../detect/node/app.js';
import type { StartCommand } from '../detect/node/start.js';
import { DockgenError } from '../errors.js';
import { isIgnored } from './ignore.js';
import type { IgnoreSection } from './types.js';

/**
 * `--cmd` as the image can run it. A dependency's command (`tsx`, `fastify`, `react-router-serve`)
 * is not on PATH in the node image, which has no node_modules/.bin there: it becomes
 * node_modules/.bin/<name>, as the same command from scripts.start does. `node`, paths and
 * anything the dependencies do not provide stay as typed. pnpm is refused: the node image does not
 * have it (it only installs and builds in earlier stages); so is bun on Node.js (--js-runtime node).
 */
export function resolveCmd(argv: readonly string[], app: Pick<NodeAppFacts, 'bins' | 'start'>, warnings: string[], runtime: 'node' | 'bun' = 'node'): Fact<StartCommand> {
  const [bin, ...rest] = argv;
  const typed = fact<StartCommand>({ argv: [...argv], env: [] }, '--cmd', undefined, argv.join(' '));
  if (bin === undefined || bin === runtime || bin.includes('/')) return typed;
  if (bin === 'npm' || bin === 'yarn' || bin === 'npx') return scriptCommand(argv, app.start);
  if (bin === 'bunx' || (bin === 'bun' && runtime === 'node')) {
    throw new DockgenError(
      `--cmd "${argv.join(' ')}" runs ${bin}, but the app runs on Node.js (--js-runtime node): the final image is the official node image, ` +
        'where Bun is installed only in the stages that install and build, so the container could not start.',
      bin === 'bunx'
        ? 'Pass the command bunx runs, by its path: e.g. --cmd "bun node_modules/.bin/<command>" (bunx would fetch it at start).'
        : 'Leave --js-runtime node out to run the app on Bun (the oven/bun image), or build it for Node.js and pass --cmd "node dist/index.js".',
    );
  }
  if (bin === 'node' && runtime === 'bun') return typed; // --js-runtime bun: runs as bun <file> (plan/bun.ts startFor)
  if (bin === 'pnpm' || bin === 'pnpx') {
    throw new DockgenError(
      `--cmd "${argv.join(' ')}" runs ${bin}, which the final image (the official node image) does not have: pnpm is installed only in the build stages.`,
      'Pass the command the script runs instead, e.g. --cmd "node dist/server.js" (a package manager as PID 1 also breaks signal handling, R2).',
    );
  }
  const owner = app.bins[bin];
  if (owner === undefined) return typed;
  if (!owner.production) {
    warnings.push(
      `--cmd runs ${bin}, from ${owner.package}, which is not in "dependencies": the production install leaves it out, so the container would not start. ` +
        `Move ${owner.package} to dependencies, or build the app and pass --cmd "node <built file>".`,
    );
  }
  return { value: { argv: [`node_modules/.bin/${bin}`, ...rest], env: [] }, evidence: { ...typed.evidence, field: `${bin} from ${owner.package}` } };
}

/**
 * `--cmd "npm start"` would make the package manager the container's long-running process, which
 * `dockgen lint` rejects (R2, pm-start): generation never writes what its lint refuses. The start
 * script is resolved to the command it runs, as detection does for scripts.start; any other
 * script, or a start script that cannot run without a shell, is refused with the reason.
 */
function scriptCommand(argv: readonly string[], start: NodeAppFacts['start']): Fact<StartCommand> {
  const typed = argv.join(' ');
  const script = /^(?:npm (?:run(?:-script)? )?|yarn (?:run )?)(\S+)$/.exec(typed)?.[1];
  if (script === 'start' && start?.evidence.field === 'scripts.start') {
    return { value: start.value, evidence: { source: '--cmd', field: `${typed} → package.json scripts.start`, value: start.evidence.value ?? start.value.argv.join(' ') } };
  }
  const reason = script === 'start'
    ? 'and package.json has no "start" script that runs without a shell'
    : script !== undefined
      ? `and dockgen resolves only the "start" script to the command it runs`
      : '';
  throw new DockgenError(
    `--cmd "${typed}" would run ${argv[0]} as the container's long-running process, which breaks signal handling and which \`dockgen lint\` rejects (R2)${reason ? `, ${reason}` : ''}.`,
    script !== undefined
      ? `Pass the command scripts.${script} of package.json runs, e.g. --cmd "node server.js".`
      : 'Pass the command that starts the server, e.g. --cmd "node server.js" (or a binary from node_modules/.bin, which dockgen finds by name).',
  );
}

/** Commands that take node's own options before the script (tsx passes them on to node). */
function takesNodeOptions(bin: string): boolean {
  return bin === 'node' || bin.endsWith('/.bin/tsx');
}

/**
 * Drops `--env-file=<f>` / `--env-file <f>` when .dockerignore keeps <f> out of the image (.env is,
 * by R16): node exits at start when the file is missing ("node: .env: not found", exit 9).
 * `--env-file-if-exists` (Node.js 22.9) would start, but a file that is never in the image only
 * hides where the configuration must come from; run-time variables are the production way.
 * `workdir` is the start command's folder relative to the build context ('' at its root).
 */
export function dropExcludedEnvFiles(argv: readonly string[], ignore: readonly IgnoreSection[], workdir: string): { argv: string[]; dropped: string[] } {
  if (!takesNodeOptions(argv[0] ?? '')) return { argv: [...argv], dropped: [] };
  const kept: string[] = [argv[0]!];
  const dropped: string[] = [];
  const excluded = (file: string) => {
    if (file.startsWith('/')) return false;
    const path = posix.normalize(posix.join(workdir || '.', file));
    return !path.startsWith('../') && isIgnored(path, ignore);
  };
  let i = 1;
  for (; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('-')) break; // the script: what follows is the app's own arguments
    const inline = /^--env-file=(.+)$/.exec(arg);
    const file = inline ? inline[1]! : arg === '--env-file' ? argv[i + 1] : undefined;
    if (file !== undefined && excluded(file)) {
      dropped.push(file);
      if (!inline) i++;
      continue;
    }
    kept.push(arg);
    // Options whose value is the next word (`-r dotenv/config`) keep it.
    if (/^(-r|--require|--import|--loader|--experimental-loader|--env-file|--env-file-if-exists|--conditions|-C|--title)$/.test(arg) && i + 1 < argv.length) {
      kept.push(argv[++i]!);
    }
  }
  return { argv: [...kept, ...argv.slice(i)], dropped };
}

const FASTIFY_COMMANDS = new Set(['generate', 'generate-plugin', 'generate-swagger', 'eject', 'readme', 'print-routes', 'print-plugins', 'docs', 'version', 'help']);
const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|::1|\[::1\])$/;

/**
 * fastify-cli (`fastify start app.js`) listens on localhost unless it detects Docker (/.dockerenv),
 * which Kubernetes' containerd, Podman and Buildah do not create: FASTIFY_ADDRESS (its --address)
 * makes the bind explicit. Its `-p`/`--port` outranks PORT, so it is the port the image exposes.
 */
export function fastifyCli(argv: readonly string[]): { env: Array<[string, string]>; port?: number; warning?: string } | undefined {
  const [bin, command] = argv;
  if (!bin?.endsWith('/.bin/fastify') || command === undefined || FASTIFY_COMMANDS.has(command)) return undefined;
  const value = (short: string, long: string) => {
    for (let i = 1; i < argv.length; i++) {
      const arg = argv[i]!;
      if (arg.startsWith(`${long}=`)) return arg.slice(long.length + 1);
      if ((arg === short || arg === long) && i + 1 < argv.length) return argv[i + 1];
    }
    return undefined;
  };
  const out: { env: Array<[string, string]>; port?: number; warning?: string } = { env: [] };
  const port = Number(value('-p', '--port'));
  if (Number.isInteger(port) && port >= 1 && port <= 65535) out.port = port;
  const address = value('-a', '--address');
  if (address === undefined) out.env.push(['FASTIFY_ADDRESS', '0.0.0.0']);
  else if (LOOPBACK.test(address)) {
    out.warning = `The start command runs fastify-cli with --address ${address}, a loopback address: nothing outside the container can reach it. Remove the flag (dockgen then sets FASTIFY_ADDRESS=0.0.0.0) or pass 0.0.0.0.`;
  }
  return out;
}
