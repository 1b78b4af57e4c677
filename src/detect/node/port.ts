import { posix } from 'node:path';
import { fact, type Fact } from '../evidence.js';
import type { ProjectFs } from '../fs.js';
import type { FrameworkId } from './framework.js';
import { readTsConfig } from './typescript.js';

/** Ports the frameworks listen on unless told otherwise (each reads PORT). */
export const FRAMEWORK_PORTS: Partial<Record<FrameworkId, number>> = {
  next: 3000,
  nuxt: 3000,
  nitro: 3000,
  nest: 3000,
  remix: 3000,
  'react-router': 3000,
  'astro-node': 4321,
  'sveltekit-node': 3000,
};

export const DEFAULT_NODE_PORT = 3000;

/**
 * Patterns that reveal the port a plain server falls back to, in the order they are trusted:
 * an explicit PORT fallback, then a literal passed to listen(), then a PORT-like constant.
 */
const PORT_PATTERNS: readonly RegExp[] = [
  // Bun.env is Bun's process.env.
  /(?:process|Bun)\.env\.PORT\)?\s*(?:\|\||\?\?)\s*['"`]?(\d{2,5})\b/,
  /(?:process|Bun)\.env\[['"]PORT['"]\]\)?\s*(?:\|\||\?\?)\s*['"`]?(\d{2,5})\b/,
  /\.listen\(\s*(\d{2,5})\s*[,)]/,
  /\bconst\s+port\s*=\s*(\d{2,5})\b/i,
];

/**
 * The PORT fallback written in the entry file (or, for a compiled entry, its TypeScript source),
 * else in a local module the entry imports (`require('./config').port`, `import { PORT } from
 * './config.js'`), one level deep as for entryServes.
 */
export function detectPortInEntry(fs: ProjectFs, entry: string | undefined): Fact<number> | undefined {
  if (!entry) return undefined;
  const files = sourceCandidates(fs, entry);
  for (const file of files) {
    const found = portInText(file, fs.tryReadText(file));
    if (found) return found;
  }
  for (const file of files) {
    for (const module of localImports(fs, file, fs.tryReadText(file) ?? '')) {
      const text = fs.tryReadText(module);
      const found = portInText(module, text) ?? exportedPort(module, text);
      if (found) return found;
    }
  }
  return undefined;
}

function portInText(file: string, text: string | undefined): Fact<number> | undefined {
  if (text === undefined) return undefined;
  const lines = text.split('\n');
  for (const pattern of PORT_PATTERNS) {
    for (const [index, line] of lines.entries()) {
      const match = pattern.exec(line);
      const port = match ? Number(match[1]) : NaN;
      if (port >= 1 && port <= 65535) return fact(port, file, `line ${index + 1}`, line.trim().slice(0, 120));
    }
  }
  return servedPort(file, text);
}

/**
 * A literal `port` in the options Bun serves with: `Bun.serve({ port: 8080, fetch })`, or the
 * object a Bun entry exports for Bun to serve (`export default { port: 8080, fetch: app.fetch }`).
 */
function servedPort(file: string, text: string): Fact<number> | undefined {
  for (const call of text.matchAll(/\bBun\.serve\(\s*\{|export\s+default\s*\{/g)) {
    const start = call.index + call[0].length;
    const options = callArguments(text.slice(start - 1, start + 600))[0] ?? '';
    if (call[0].startsWith('export') && !/\bfetch\b/.test(options)) continue;
    const key = /(?:^|[\s,{])port\s*:\s*(\d{2,5})\b/.exec(options);
    if (!key || Number(key[1]) > 65535) continue;
    const line = text.slice(0, start + key.index).split('\n').length;
    return fact(Number(key[1]), file, `line ${line}`, text.split('\n')[line - 1]!.trim().slice(0, 120));
  }
  return undefined;
}

/**
 * A `port` a configuration module exports: `exports.port = 8080`, or a top-level `port: 8080` key
 * of the object it exports (`module.exports = { port: 8080, db: { port: 5432 } }` gives 8080: a
 * nested key is another service's port).
 */
function exportedPort(file: string, text: string | undefined): Fact<number> | undefined {
  if (text === undefined) return undefined;
  const at = (index: number, port: number) => {
    const line = text.slice(0, index).split('\n').length;
    return fact(port, file, `line ${line}`, text.split('\n')[line - 1]!.trim().slice(0, 120));
  };
  const assigned = /\b(?:module\.)?exports\.port\s*=\s*(\d{2,5})\b/i.exec(text);
  if (assigned && Number(assigned[1]) <= 65535) return at(assigned.index, Number(assigned[1]));
  const object = /(?:module\.exports\s*=|export\s+default)\s*\{/.exec(text);
  if (!object) return undefined;
  let depth = 1;
  for (let i = object.index + object[0].length; i < text.length && depth > 0; i++) {
    const char = text[i]!;
    if (char === '{' || char === '[' || char === '(') depth++;
    else if (char === '}' || char === ']' || char === ')') depth--;
    else if (depth === 1 && /[\s,{]/.test(text[i - 1]!)) {
      const key = /^["']?port["']?\s*:\s*['"]?(\d{2,5})\b/i.exec(text.slice(i, i + 40));
      if (key && Number(key[1]) <= 65535) return at(i, Number(key[1]));
    }
  }
  return undefined;
}

/** The local modules a file imports directly (relative specifiers that name an existing file). */
export function localImports(fs: ProjectFs, file: string, text: string): string[] {
  const modules: string[] = [];
  for (const match of text.matchAll(/(?:require\(\s*|from\s+|import\s*\(\s*|import\s+)['"](\.{1,2}\/[^'"]+)['"]/g)) {
    const target = posix.join(posix.dirname(file), match[1]!);
    if (target === '..' || target.startsWith('../')) continue; // outside the project: never read
    const candidates = [target, ...['.js', '.mjs', '.cjs', '.ts', '.mts', '/index.js', '/index.ts'].map((ext) => target.replace(/\.(c|m)?js$/, '') + ext)];
    const found = candidates.find((candidate) => fs.isFile(candidate));
    if (found && !modules.includes(found)) modules.push(found);
  }
  return modules;
}

function sourceCandidates(fs: ProjectFs, entry: string): string[] {
  const clean = posix.normalize(entry).replace(/^\.\//, '');
  const candidates = [clean, `${clean}.js`, `${clean}/index.js`];
  const ts = readTsConfig(fs) ?? { outDir: 'dist', rootDir: 'src' };
  if (clean.startsWith(ts.outDir + '/')) {
    const inner = clean.slice(ts.outDir.length + 1).replace(/\.(c|m)?js$/, '');
    for (const ext of ['.ts', '.mts', '.cts', '.js']) candidates.push(posix.join(ts.rootDir, inner + ext));
  }
  return candidates.filter((file) => fs.isFile(file));
}

/** Signs that code serves on a port: a listen() call, an HTTP server, or reading PORT. */
const SERVES = /\.listen\s*\(|\bcreate(?:Secure)?Server\s*\(|\bserve\s*\(\s*\{|\bBun\.serve\s*\(|(?:process|Bun)\.env\.PORT\b|(?:process|Bun)\.env\[\s*['"]PORT['"]\s*\]|export\s+default\s*\{[^}]*\bfetch\b/;

/**
 * Whether a plain Node.js entry (no server framework among the dependencies) serves on a port:
 * `false` when neither the entry nor the local modules it imports directly show a sign of it — a
 * worker, a bot, a queue consumer. `undefined` when the entry cannot be read (assume it serves).
 */
export function entryServes(fs: ProjectFs, entry: string | undefined): boolean | undefined {
  if (!entry) return undefined;
  const files = sourceCandidates(fs, entry);
  if (files.length === 0) return undefined;
  const texts = files.map((file) => ({ file, text: fs.tryReadText(file) ?? '' }));
  if (texts.some(({ text }) => SERVES.test(text))) return true;
  for (const { file, text } of texts) {
    if (localImports(fs, file, text).some((module) => SERVES.test(fs.tryReadText(module) ?? ''))) return true;
  }
  return false;
}

/** A listen address the code writes that nothing outside the container can reach. */
export interface LoopbackListen {
  /** The host as written (`localhost`, `127.0.0.1`), or `(none)` for Fastify's default. */
  host: string;
  /** The code reads the host from this variable before falling back to the loopback one: setting
   *  it to 0.0.0.0 fixes the bind without touching the code. */
  env?: string;
}

const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|::1|\[::1\])$/;
const IDENT = /^[A-Za-z_$][\w$]*$/;

/**
 * A `.listen(port, 'localhost')` / `.listen({ port, host: '127.0.0.1' })` (or a Hono
 * `serve({ hostname })`) in the entry file, the host given literally or through a constant
 * (`const HOST = process.env.HOST || 'localhost'`). Fastify listens on localhost when no host is
 * given at all, so for it a listen call without one counts too.
 */
export function detectLoopbackListen(fs: ProjectFs, entry: string | undefined, fastify: boolean): Fact<LoopbackListen> | undefined {
  if (!entry) return undefined;
  for (const file of sourceCandidates(fs, entry)) {
    const text = fs.tryReadText(file);
    if (text === undefined) continue;
    for (const call of text.matchAll(/\.listen\(|\bserve\(\s*\{/g)) {
      const start = call.index + call[0].indexOf('(') + 1;
      const args = callArguments(text.slice(start, start + 400));
      const host = hostArgument(args, call[0].startsWith('.listen'));
      const line = text.slice(0, call.index).split('\n').length;
      const raw = text.split('\n')[line - 1]!.trim().slice(0, 120);
      if (host === undefined) {
        if (fastify && call[0].startsWith('.listen') && args.length > 0 && /^\d+$|^\{|^[\w$.]+$/.test(args[0]!)) {
          return fact({ host: '(none)' }, file, `line ${line}`, raw);
        }
        continue;
      }
      const resolved = resolveHost(text, host);
      if (resolved && LOOPBACK.test(resolved.host)) return fact(resolved, file, `line ${line}`, raw);
    }
  }
  return undefined;
}

/** The top-level arguments of a call whose text starts right after `(`. */
function callArguments(text: string): string[] {
  const args: string[] = [];
  let depth = 0;
  let current = '';
  let quote: string | undefined;
  for (const char of text) {
    if (quote) {
      current += char;
      if (char === quote) quote = undefined;
      continue;
    }
    if (char === '"' || char === "'" || char === '`') quote = char;
    else if ('([{'.includes(char)) depth++;
    else if (')]}'.includes(char)) {
      if (depth === 0) break;
      depth--;
    } else if (char === ',' && depth === 0) {
      args.push(current.trim());
      current = '';
      continue;
    }
    current += char;
  }
  if (current.trim() !== '') args.push(current.trim());
  return args;
}

/** The host expression: the second positional argument of listen, or an options object's host. */
function hostArgument(args: string[], positional: boolean): string | undefined {
  const [first, second] = args;
  if (first?.startsWith('{')) {
    const match = /\bhost(?:name)?\s*:\s*([^,}\n]+)/.exec(first);
    // `{ port, host }`: the shorthand names a variable.
    return match ? match[1]!.trim() : /[{,]\s*(host(?:name)?)\s*[,}]/.exec(first)?.[1];
  }
  if (positional && second !== undefined && !/^(?:async\s*)?(?:function\b|\(|[\w$]+\s*=>)/.test(second)) return second;
  return undefined;
}

/** A string literal, or a constant declared in the file whose initialiser has one (and maybe reads the environment). */
function resolveHost(text: string, expression: string): LoopbackListen | undefined {
  const literal = /^(['"`])([^'"`]*)\1$/.exec(expression);
  if (literal) return { host: literal[2]! };
  if (!IDENT.test(expression)) return withFallback(expression);
  const declaration = new RegExp(`\\b(?:const|let|var)\\s+${expression.replace(/\$/g, '\\$')}\\s*=\\s*([^;\\n]+)`).exec(text);
  return declaration ? withFallback(declaration[1]!) : undefined;
}

/** `process.env.HOST || 'localhost'`, `'127.0.0.1'`: the literal, and the variable read first. */
function withFallback(init: string): LoopbackListen | undefined {
  const env = /process\.env(?:\.([A-Za-z_]\w*)|\[\s*['"]([A-Za-z_]\w*)['"]\s*\])/.exec(init);
  const value = /(['"`])([^'"`]+)\1/.exec(env ? init.replace(env[0], '') : init);
  if (!value) return undefined;
  const found: LoopbackListen = { host: value[2]! };
  if (env) found.env = (env[1] ?? env[2])!;
  return found;
}
