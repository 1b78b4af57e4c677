import { parse as parseShell } from 'shell-quote';
import { fact, type Fact } from '../evidence.js';
import type { ProjectFs } from '../fs.js';
import { hasSelfContainedOutput, type FrameworkFacts } from './framework.js';
import type { PackageJson } from './package-json.js';
import { entryWillExist, missingEntryNote } from './entry-file.js';
import { entryServes } from './port.js';
import { builtEntryFor } from './typescript.js';
import { bunCommand, bunEntryOf } from './bun-command.js';

/** An exec-form start command: the argv the container runs under tini, and ENV it needs. */
export interface StartCommand {
  argv: string[];
  env: Array<[string, string]>;
}

/** Binaries of production dependencies that may run the app directly, by the package that
 *  ships them. They are run as node_modules/.bin/<bin>, which execs node (no shell in between). */
const SERVER_BINARIES: Readonly<Record<string, string>> = {
  next: 'next',
  'remix-serve': '@remix-run/serve',
  'react-router-serve': '@react-router/serve',
  fastify: 'fastify-cli',
};

/** Tools that watch or compile sources at run time: fine in development, wrong in an image. */
const DEV_RUNNERS = new Set(['nodemon', 'ts-node', 'ts-node-dev', 'tsx', 'vite', 'webpack-dev-server', 'babel-node', 'nest', 'next-dev']);

const CONVENTIONAL_ENTRIES = ['server', 'index', 'app', 'main'];
const SCRIPT_EXTENSIONS = ['.js', '.mjs', '.cjs'];

/**
 * Finds how to start the app without a package manager as PID 1 (R2), in the documented order:
 * scripts.start (when it boils down to `node <file>` or a known server binary), the framework's
 * own entry, `main`, then conventional file names. `undefined` when nothing is found.
 */
export function detectStartCommand(
  fs: ProjectFs,
  pkg: PackageJson,
  framework: FrameworkFacts,
  warnings: string[],
): Fact<StartCommand> | undefined {
  // Self-contained build outputs decide the entry whatever the start script says
  // (`next start` does not serve a standalone build).
  if (hasSelfContainedOutput(framework)) return frameworkStart(framework);
  const skipped: string[] = [];
  // A command from the project's own files, unless it cannot start: its shell features or its
  // missing entry file are noted in `skipped`, for the refusal if nothing else is found.
  const usable = (text: string, where: string, notesIfUsed: string[] = []): StartCommand | undefined => {
    const notes: string[] = [];
    const command = fromScript(pkg, text, notes, where);
    const entry = command && entryFileOf(command.argv);
    if (command && entry !== undefined && !entryWillExist(fs, pkg, entry)) {
      skipped.push(missingEntryNote(where, entry, pkg.scripts['build'] !== undefined));
      return undefined;
    }
    if (!command) {
      skipped.push(...notes);
      return undefined;
    }
    warnings.push(...notes, ...notesIfUsed); // what dockgen changed in the command it uses
    return command;
  };
  // Heroku runs the Procfile's web process before scripts.start: it is the project's own word.
  const procfile = procfileWeb(fs);
  const fromProcfile = procfile && usable(procfile.command, `Procfile line ${procfile.line}`, procfile.notes);
  if (procfile && fromProcfile) return fact(fromProcfile, 'Procfile', `line ${procfile.line}`, procfile.raw);
  for (const script of ['start', 'start:prod']) {
    const text = pkg.scripts[script];
    const command = text === undefined ? undefined : usable(text, `scripts.${script}`);
    if (text !== undefined && command) return fact(command, 'package.json', `scripts.${script}`, text);
  }
  const own = frameworkStart(framework);
  if (own) return own;
  // From here on the command is inferred from files, so say why the scripts were passed over.
  warnings.push(...skipped);
  // npm's own default: without a start script, `npm start` runs `node server.js` when it exists,
  // whatever "main" says (main is what require() loads, often a library's entry).
  if (fs.isFile('server.js')) return fact({ argv: ['node', 'server.js'], env: [] }, 'server.js', undefined, 'npm start default (node server.js)');
  if (pkg.main && isScriptPath(pkg.main)) {
    if (entryWillExist(fs, pkg, pkg.main)) return fact({ argv: ['node', pkg.main], env: [] }, 'package.json', 'main', pkg.main);
    warnings.push(missingEntryNote('package.json main', pkg.main, pkg.scripts['build'] !== undefined));
  }
  for (const dir of ['', 'src/']) {
    for (const name of CONVENTIONAL_ENTRIES) {
      for (const ext of SCRIPT_EXTENSIONS) {
        const file = `${dir}${name}${ext}`;
        if (fs.isFile(file)) return fact({ argv: ['node', file], env: [] }, file, undefined, 'conventional entry file');
      }
    }
  }
  const sole = soleServingScript(fs);
  if (sole) {
    warnings.push(`No start script, "main" or conventional entry (server.js, index.js…): dockgen runs ${sole}, the only script at the top of the project that serves. Pass --cmd to run another.`);
    return fact({ argv: ['node', sole], env: [] }, sole, undefined, 'the only top-level script that serves');
  }
  if (pkg.scripts['build'] !== undefined) {
    const built = builtEntryFor(fs, CONVENTIONAL_ENTRIES);
    if (built) return fact({ argv: ['node', built.output], env: [] }, built.source, undefined, `compiled to ${built.output}`);
  }
  return undefined;
}

function frameworkStart(framework: FrameworkFacts): Fact<StartCommand> | undefined {
  const cmd = (argv: string[], why: string, env: Array<[string, string]> = []) =>
    fact<StartCommand>({ argv, env }, 'framework', undefined, why);
  switch (framework.id) {
    case 'next':
      return framework.nextStandalone
        ? cmd(['node', 'server.js'], 'Next.js standalone server')
        : cmd(['node_modules/.bin/next', 'start'], 'next start');
    case 'nuxt':
      return cmd(['node', '.output/server/index.mjs'], 'Nuxt (Nitro) server output');
    case 'nitro':
      return cmd(['node', '.output/server/index.mjs'], 'Nitro server output');
    case 'nest':
      return cmd(['node', 'dist/main.js'], 'NestJS build output');
    case 'astro-node':
      return cmd(['node', './dist/server/entry.mjs'], '@astrojs/node standalone server');
    case 'sveltekit-node':
      return cmd(['node', 'build'], '@sveltejs/adapter-node output');
    case 'remix':
      return cmd(['node_modules/.bin/remix-serve', './build/server/index.js'], 'remix-serve');
    case 'react-router':
      return cmd(['node_modules/.bin/react-router-serve', './build/server/index.js'], 'react-router-serve');
    default:
      return undefined;
  }
}

/**
 * The Procfile's `web:` command. `$PORT` given to a port flag (`next start -p $PORT`) is dropped:
 * a shell would expand it, exec form cannot, and the image sets PORT, which these servers read.
 */
function procfileWeb(fs: ProjectFs): { command: string; raw: string; line: number; notes: string[] } | undefined {
  const lines = (fs.tryReadText('Procfile') ?? '').split('\n');
  const index = lines.findIndex((line) => /^web\s*:/.test(line));
  if (index < 0) return undefined;
  const raw = lines[index]!.replace(/^web\s*:/, '').trim();
  const command = raw.replace(/\s(?:-p|--port)(?:\s+|=)\$\{?PORT\}?(?=\s|$)/g, '');
  const notes = command === raw ? [] : [`Procfile line ${index + 1} passes $PORT to the server; exec form cannot expand it, so dockgen drops the flag and the server reads PORT from the image's ENV.`];
  return { command, raw, line: index + 1, notes };
}

/** A top-level .js/.mjs/.cjs file that serves, when it is the only one (a custom entry name). */
function soleServingScript(fs: ProjectFs): string | undefined {
  const scripts = fs.list('.').filter((name) => SCRIPT_EXTENSIONS.some((ext) => name.endsWith(ext)) && !/\.config\.[cm]?js$/.test(name) && fs.isFile(name));
  const serving = scripts.filter((name) => entryServes(fs, name) === true);
  return serving.length === 1 ? serving[0] : undefined;
}

/**
 * Reduces a package.json script to an exec-form command, following `npm run x` indirection.
 * Anything with shell operators, variables or globs cannot be exec form and is rejected.
 */
export function fromScript(pkg: PackageJson, text: string, warnings: string[], where: string, depth = 0): StartCommand | undefined {
  const tokens = parseShell(text, (name) => ({ variable: name }) as unknown as string);
  const words: string[] = [];
  for (const token of tokens) {
    if (typeof token === 'string') words.push(token);
    else if ('comment' in token) break;
    else {
      warnings.push(`${where} ("${text}") uses shell features, so it cannot run without a shell; looking elsewhere for the start command.`);
      return undefined;
    }
  }
  const env: Array<[string, string]> = [];
  if (words[0] === 'cross-env' || words[0] === 'env') words.shift();
  while (words.length > 0 && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[0]!)) {
    const word = words.shift()!;
    const eq = word.indexOf('=');
    env.push([word.slice(0, eq), word.slice(eq + 1)]);
  }
  const [bin, ...rest] = words;
  if (bin === undefined) return undefined;
  if (bin === 'node' && entryFileOf(words) !== undefined) return { argv: ['node', ...rest.map((arg) => (arg === entryFileOf(words) ? packageFolderEntry(pkg, arg) : arg))], env };
  const runTarget = scriptRunTarget(bin, rest);
  // `bun run src/index.ts` runs a file, not a script.
  if (runTarget !== undefined && depth < 3 && (bin !== 'bun' || pkg.scripts[runTarget] !== undefined)) {
    const next = pkg.scripts[runTarget];
    if (next === undefined) return undefined;
    const inner = fromScript(pkg, next, warnings, `scripts.${runTarget}`, depth + 1);
    return inner && { argv: inner.argv, env: [...env, ...inner.env] };
  }
  const owner = SERVER_BINARIES[bin];
  if (owner !== undefined && owner in pkg.dependencies) {
    return { argv: [`node_modules/.bin/${bin}`, ...rest], env };
  }
  // tsx as a production dependency, running a file: the project runs TypeScript in production.
  // node --import tsx keeps node itself as the process (the tsx CLI would add a parent process).
  if (bin === 'tsx' && 'tsx' in pkg.dependencies && /\.[cm]?tsx?$/.test(rest[0] ?? '')) {
    warnings.push(`${where} runs TypeScript through tsx at start (tsx is a production dependency); dockgen runs it as node --import tsx. A build step that compiles to JavaScript starts faster and ships no compiler.`);
    return { argv: ['node', '--import', 'tsx', ...rest], env };
  }
  if (bin === 'bun') {
    // `bun start` / `bun dev` run the script of that name, as `bun run x` does.
    const follow = (name: string) => (depth < 3 ? fromScript(pkg, pkg.scripts[name]!, warnings, `scripts.${name}`, depth + 1) : undefined);
    return bunCommand(pkg, rest, env, warnings, where, follow);
  }
  if (bin === 'bunx') {
    warnings.push(`${where} ("${text}") runs a package's command through bunx, which fetches it at start; looking elsewhere for the start command.`);
    return undefined;
  }
  if (DEV_RUNNERS.has(bin)) {
    warnings.push(`${where} runs ${bin}, a development tool; looking elsewhere for the production start command.`);
  }
  return undefined;
}

/** `node .` runs the folder as a package: its "main", else index.js — named, so the image's
 *  command says which file starts and the entry check can look for it. */
function packageFolderEntry(pkg: PackageJson, entry: string): string {
  if (entry !== '.' && entry !== './') return entry;
  const main = pkg.main?.replace(/^\.\//, '');
  return main && main !== '.' && !main.startsWith('..') && isScriptPath(main) ? main : 'index.js';
}

/** `npm run x`, `npm run-script x`, `yarn x`, `yarn run x`, `pnpm x`, `pnpm run x`, `bun run x` → x. */
function scriptRunTarget(bin: string, args: string[]): string | undefined {
  const [first, second] = args;
  if (['npm', 'pnpm', 'yarn', 'bun'].includes(bin) && (first === 'run' || first === 'run-script')) return second;
  if ((bin === 'yarn' || bin === 'pnpm') && first && !first.startsWith('-') && args.length === 1) return first;
  if (bin === 'npm' && first === 'start' && args.length === 1) return 'start';
  return undefined;
}

function isScriptPath(path: string): boolean {
  return /\.(c|m)?js$/.test(path) || !/\.[a-z]+$/i.test(path);
}

/** Node options that take a value as the next argument, which is not the entry file. */
const NODE_OPTIONS_WITH_VALUE = new Set(['-r', '--require', '--import', '--loader', '--experimental-loader', '--env-file', '-e', '--eval', '--conditions', '-C', '--title']);

/** The script file a `node …` (or `bun …`) command runs, if any. */
export function entryFileOf(argv: readonly string[]): string | undefined {
  if (argv[0] === 'bun') return bunEntryOf(argv);
  if (argv[0] !== 'node') return undefined;
  for (let i = 1; i < argv.length; i++) {
    const arg = argv[i]!;
    if (NODE_OPTIONS_WITH_VALUE.has(arg)) i++;
    else if (!arg.startsWith('-')) return arg;
  }
  return undefined;
}

/** Node options that preload a module: `--import tsx`, `-r dotenv/config`, `--loader ts-node/esm`. */
const PRELOAD_OPTIONS = new Set(['-r', '--require', '--import', '--loader', '--experimental-loader']);

/**
 * Packages a `node …` command preloads that only devDependencies provide: the production install
 * leaves them out, so the container would fail at start (e.g. `node --import tsx src/main.ts`).
 */
export function devOnlyPreloads(argv: readonly string[], pkg: PackageJson): string[] {
  if (argv[0] !== 'node') return [];
  const missing: string[] = [];
  for (let i = 1; i < argv.length - 1; i++) {
    if (!PRELOAD_OPTIONS.has(argv[i]!)) continue;
    const specifier = argv[i + 1]!;
    if (specifier.startsWith('.') || specifier.startsWith('/')) continue;
    // `ts-node/register` → ts-node, `@swc-node/register` → @swc-node/register
    const parts = specifier.split('/');
    const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
    if (!(name in pkg.dependencies) && !(name in pkg.optionalDependencies)) missing.push(name);
  }
  return missing;
}
