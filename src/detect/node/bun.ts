import { fact, type Fact } from '../evidence.js';
import type { ProjectFs } from '../fs.js';
import { firstMeaningfulLine, toolVersionsSpec } from '../tool-versions.js';
import { localImports } from './port.js';
import type { PackageJson } from './package-json.js';
import { entryFileOf, type StartCommand } from './start.js';

/**
 * Bun as the runtime, not only as the installer: a project runs on Bun when its start command is
 * `bun …`, when the code it runs uses Bun-only APIs, or when package.json declares engines.bun
 * (or depends on Elysia, a Bun framework) and no Node.js start command. A project that merely
 * installs with Bun (bun.lock next to `"start": "node index.js"`) stays on Node.js: nothing here
 * looks at the lockfile.
 */
export interface BunDetection {
  /** Which evidence decided it, said the way `--explain` shows it. */
  runtime: Fact<string>;
  /** The start command, when Bun changes or supplies it (`node x.js` → `bun x.js`, or an entry
   *  found for Bun, such as index.ts, that Node.js would not have picked). */
  start?: Fact<StartCommand>;
  /** Why the start command changed, for the warnings. */
  note?: string;
}

/** Where `bun init` and Bun's guides put the entry: TypeScript first, which Bun runs as it is. */
const BUN_ENTRIES = [
  'index.ts', 'src/index.ts', 'server.ts', 'src/server.ts', 'app.ts', 'src/app.ts', 'main.ts', 'src/main.ts',
  'index.tsx', 'src/index.tsx', 'index.js', 'src/index.js', 'server.js', 'src/server.js', 'app.js', 'src/app.js', 'main.js', 'src/main.js',
];

/** APIs that exist only in Bun: the global `Bun` object's members, and the `bun` / `bun:*` modules. */
const BUN_API = /\bBun\.(?:serve|file|write|spawnSync|spawn|env|password|sql|SQL|redis|s3|Glob|CryptoHasher|sleep|hash|build|\$)\b|(?:from\s+|import\s*\(\s*|require\(\s*|import\s+)['"]bun(?::[\w-]+)?['"]/;

/** A file Bun runs directly: JavaScript or TypeScript, JSX included. */
export const SCRIPT_FILE = /\.(?:[cm]?[jt]s|[jt]sx)$/;

export function detectBunRuntime(fs: ProjectFs, pkg: PackageJson, start: Fact<StartCommand> | undefined): BunDetection | undefined {
  if (start?.value.argv[0] === 'bun') return { runtime: { value: 'the start command runs bun', evidence: start.evidence } };
  // The project's own word (a start script, a Procfile line, the framework's server); a command
  // Node.js only inferred (a conventional file, a compiled output) is no declaration.
  const declared = start !== undefined && ['package.json', 'Procfile', 'framework'].includes(start.evidence.source);
  const startEntry = start && entryFileOf(start.value.argv);
  // The same command on Bun: the entry, with the start's evidence and environment.
  const onBun = (entry: string, why: string): Fact<StartCommand> =>
    start && entry === startEntry ? { value: { argv: ['bun', entry], env: start.value.env }, evidence: start.evidence } : fact({ argv: ['bun', entry], env: [] }, entry, undefined, why);
  const candidates = entryCandidates(fs, pkg);
  const entries = startEntry === undefined ? candidates : declared ? [startEntry] : [startEntry, ...candidates];
  const api = findBunApi(fs, entries);
  if (api) {
    const runtime = fact(`${api.match} is a Bun-only API`, api.file, `line ${api.line}`, api.text);
    // An inferred start that is a build's output (not a file yet) stays: the build makes it from the source read here.
    const entry = startEntry !== undefined && (declared || !fs.isFile(startEntry)) ? startEntry : api.entry;
    if (!declared) return { runtime, start: onBun(entry, 'entry that uses Bun-only APIs') };
    const where = [start!.evidence.source, start!.evidence.field].filter(Boolean).join(' ');
    const note = `${where} runs ${entry} with node, but it uses ${api.match} (${api.file} line ${api.line}), which only Bun has: dockgen runs it with bun. Pass --js-runtime node to keep Node.js.`;
    return { runtime, start: onBun(entry, 'entry that uses Bun-only APIs'), note };
  }
  const engine = pkg.engines['bun'];
  // Elysia is built for Bun (on Node.js it needs its adapter, @elysiajs/node).
  const elysia = pkg.dependencies['elysia'] !== undefined && pkg.dependencies['@elysiajs/node'] === undefined;
  if (engine === undefined && !elysia && !declared) {
    const dev = bunDevScript(fs, pkg);
    if (dev) {
      const runtime = fact('a script runs the app with bun and there is no start command', 'package.json', `scripts.${dev.script}`, dev.text);
      const note = `No start script: dockgen runs ${dev.entry} with bun, as scripts.${dev.script} does, without its watch flags (${dev.text}). Pass --cmd to run something else.`;
      return { runtime, start: fact({ argv: ['bun', dev.entry], env: [] }, 'package.json', `scripts.${dev.script}`, dev.text), note };
    }
  }
  if ((engine === undefined && !elysia) || declared) return undefined;
  const runtime = engine !== undefined
    ? fact('package.json declares engines.bun and no Node.js start command', 'package.json', 'engines.bun', engine)
    : fact('Elysia runs on Bun (no @elysiajs/node adapter) and no Node.js start command', 'package.json', 'dependencies.elysia', pkg.dependencies['elysia']);
  const entry = startEntry ?? candidates[0];
  return entry === undefined ? { runtime } : { runtime, start: onBun(entry, 'conventional entry for Bun') };
}

/** Scripts that run the app in development, most telling first. */
const DEV_SCRIPTS = ['dev', 'serve', 'develop', 'watch'];

/**
 * A development script that runs one file with bun (`bun run --hot src/index.ts`, what Hono's and
 * Elysia's Bun templates write, with no start script): the same file without the watcher is how
 * the app runs. Only `bun [run] [--hot|--watch] <file>`, nothing chained, and a file that exists.
 */
function bunDevScript(fs: ProjectFs, pkg: PackageJson): { script: string; text: string; entry: string } | undefined {
  for (const script of DEV_SCRIPTS) {
    const text = pkg.scripts[script];
    if (text === undefined) continue;
    const words = text.trim().split(/\s+/);
    if (words[0] !== 'bun') continue;
    const rest = words.slice(words[1] === 'run' ? 2 : 1).filter((word) => word !== '--hot' && word !== '--watch');
    const entry = rest.length === 1 ? rest[0]!.replace(/^\.\//, '') : undefined;
    if (entry && SCRIPT_FILE.test(entry) && !entry.includes('..') && fs.isFile(entry)) return { script, text, entry };
  }
  return undefined;
}

/** Existing files Bun could start, most likely first: `module` (what `bun init` writes), `main`,
 *  then the conventional names. */
export function entryCandidates(fs: ProjectFs, pkg: PackageJson): string[] {
  const declared = [pkg.module, pkg.main].filter((file): file is string => file !== undefined && SCRIPT_FILE.test(file)).map((file) => file.replace(/^\.\//, ''));
  return [...new Set([...declared, ...BUN_ENTRIES])].filter((file) => fs.isFile(file));
}

/** The first use of a Bun-only API in the entries or the local modules they import (one level). */
function findBunApi(fs: ProjectFs, entries: string[]): { entry: string; file: string; line: number; text: string; match: string } | undefined {
  for (const entry of entries) {
    const text = fs.tryReadText(entry);
    if (text === undefined) continue;
    for (const file of [entry, ...localImports(fs, entry, text)]) {
      const source = file === entry ? text : (fs.tryReadText(file) ?? '');
      for (const [index, line] of source.split('\n').entries()) {
        if (/^\s*(\/\/|\*)/.test(line)) continue; // comments mention APIs without calling them
        const match = BUN_API.exec(line);
        if (match) return { entry, file, line: index + 1, text: line.trim().slice(0, 120), match: apiName(match[0]) };
      }
    }
  }
  return undefined;
}

function apiName(match: string): string {
  const module = /['"](bun(?::[\w-]+)?)['"]/.exec(match);
  return module ? `the "${module[1]}" module` : match;
}

/**
 * The Bun version the project declares, in this order: package.json packageManager `bun@x.y.z`
 * (the exact release its bun.lock was written with), .bun-version, .tool-versions / mise.toml,
 * engines.bun (a range). Resolved to a release by the plan (versions/bun.ts).
 */
export function detectBunVersionSpec(fs: ProjectFs, pkg: PackageJson): Fact<string> | undefined {
  const pinned = /^bun@(\d+\.\d+\.\d+)/.exec(pkg.packageManager ?? '');
  if (pinned) return fact(pinned[1]!, 'package.json', 'packageManager', pkg.packageManager);
  const file = fs.readText('.bun-version');
  const line = file === undefined ? undefined : firstMeaningfulLine(file);
  if (line !== undefined) return fact(line, '.bun-version', undefined, line);
  const tool = toolVersionsSpec(fs, ['bun']);
  if (tool) return tool;
  const engine = pkg.engines['bun']?.trim();
  if (engine) return fact(engine, 'package.json', 'engines.bun', engine);
  return undefined;
}

/**
 * A build script that bundles with `bun build <entry> --outdir <dir>` (or `--outfile <file>`):
 * the bundle is what runs when the start command was inferred rather than written, as the
 * project builds it for that purpose. A compiled executable (`--compile`) is not a script.
 */
export function bunBuildStart(pkg: PackageJson, start: Fact<StartCommand>): Fact<StartCommand> | undefined {
  const build = pkg.scripts['build'];
  if (build === undefined || ['package.json', 'Procfile'].includes(start.evidence.source)) return undefined;
  const words = build.split(/\s+/);
  const at = words.findIndex((word, i) => word === 'bun' && words[i + 1] === 'build');
  if (at < 0 || words.includes('--compile')) return undefined;
  const args = words.slice(at + 2);
  const value = (flag: string) => {
    const i = args.findIndex((arg) => arg === flag || arg.startsWith(`${flag}=`));
    if (i < 0) return undefined;
    return args[i]!.includes('=') ? args[i]!.slice(flag.length + 1) : args[i + 1];
  };
  const entry = args.find((arg, i) => !arg.startsWith('-') && !['--outdir', '--outfile', '--target', '--format', '--external', '-e'].includes(args[i - 1] ?? '') && SCRIPT_FILE.test(arg));
  const outfile = value('--outfile');
  const outdir = value('--outdir');
  let output: string | undefined;
  if (outfile !== undefined) output = outfile;
  else if (outdir !== undefined && entry !== undefined) output = `${outdir.replace(/\/+$/, '')}/${entry.split('/').at(-1)!.replace(/\.[cm]?[jt]sx?$/, '')}.js`;
  if (output === undefined || !/^[\w./-]+$/.test(output)) return undefined;
  output = output.replace(/^\.\//, '');
  return fact({ argv: ['bun', output], env: [] }, 'package.json', 'scripts.build', build);
}
