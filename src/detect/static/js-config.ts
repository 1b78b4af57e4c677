/**
 * Reads one option from a JavaScript/TypeScript config file (vite.config.ts, svelte.config.js …)
 * without running it: config files are code, and dockgen never executes a project's code.
 *
 * A small tokenizer (strings, template literals, comments, regex literals, brackets) tracks which
 * object keys enclose each property, so `kit: { paths: { base: '/x' } }` is found at
 * ['kit', 'paths', 'base'] while a plugin's own `base` option (`plugins: [pwa({ base })]`, found
 * at ['plugins', 'base']) is not mistaken for it. Brackets that no key introduces (a call's
 * parentheses, `defineConfig({ … })`, a function body) do not count, so the usual shapes —
 * `export default { … }`, `defineConfig({ … })`, `defineConfig(() => ({ … }))`,
 * `const config = { … }; export default config` — all put top-level options at depth one.
 */

/** Config files are a few KB; a larger one is not read (the tokenizer is linear, but a megabyte of
 *  brackets is still not a config worth the time). */
const MAX_CONFIG_CHARS = 512 * 1024;

/** A value written as one string literal, or anything else (computed when the build runs). */
export type ConfigValue = { kind: 'literal'; value: string } | { kind: 'computed'; source: string };

interface Token {
  type: 'string' | 'template' | 'word' | 'punct' | 'regex';
  text: string;
  /** String literals (and templates without `${}`): the value. */
  value?: string;
  start: number;
  end: number;
}

/**
 * The property at `path` (keys from the outermost object), or undefined if none is written.
 * Where the file exports its config recognisably (`export default …`, `module.exports = …`,
 * `export const config = …`, or a variable named in one of those), only that statement counts:
 * a helper object such as `const pwaOptions = { base: '/' }` is not the site's config.
 */
export function readConfigValue(text: string, path: readonly string[]): ConfigValue | undefined {
  // A config file this large is generated or hostile; its options are not read, but reported as
  // set to something dockgen cannot know, so the caller asks for the value instead of guessing.
  if (text.length > MAX_CONFIG_CHARS) return { kind: 'computed', source: '(the config file is too large to read)' };
  const tokens = tokenize(text);
  const found: Array<{ value: ConfigValue; statement: Statement }> = [];
  const exported = new Set<string>();
  let hasExport = false;
  // Top-level `const base = '/app/'`: a name the config may use (`base: base`, `{ base }`).
  const constants = new Map<string, string>();
  let statement: Statement = { exported: false };
  const frames: Array<{ open: string; key: string | undefined }> = [];
  // The keys of the frames that have one, kept as frames open and close: comparing them with
  // `path` then costs the length of `path`, not the nesting depth (deep nesting stays linear).
  const keys: string[] = [];
  // The key whose value is being read, and the depth it lives at: brackets opened in that value
  // (`adapter: adapter({ … })`) carry the key, so their properties are not at the top level.
  let valueKey: { key: string; depth: number } | undefined;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (frames.length === 0 && startsStatement(tokens[i - 1])) {
      const constant = literalConstant(tokens, i);
      if (constant) constants.set(constant[0], constant[1]);
      const top = topLevelStatement(tokens, i);
      if (top) {
        statement = top.statement;
        hasExport ||= statement.exported;
        if (top.exports) exported.add(top.exports);
      }
    }
    if (token.type === 'punct' && '{[('.includes(token.text)) {
      const key = valueKey && valueKey.depth === frames.length ? valueKey.key : undefined;
      frames.push({ open: token.text, key });
      if (key !== undefined) keys.push(key);
      continue;
    }
    if (token.type === 'punct' && '}])'.includes(token.text)) {
      if (frames.pop()?.key !== undefined) keys.pop();
      if (valueKey && valueKey.depth > frames.length) valueKey = undefined;
      continue;
    }
    if (token.type === 'punct' && token.text === ',' && valueKey?.depth === frames.length) {
      valueKey = undefined;
      continue;
    }
    const key = propertyKey(tokens, i, frames);
    if (key === undefined) continue;
    if (keys.length === path.length - 1 && keys.every((k, n) => k === path[n]) && key.name === path[path.length - 1]) {
      found.push({ value: key.shorthand ? { kind: 'computed', source: key.name } : valueAt(text, tokens, i + 2), statement });
    }
    if (!key.shorthand) {
      valueKey = { key: key.name, depth: frames.length };
      i++; // the colon
    }
  }
  const counts = (s: Statement) => !hasExport || s.exported || (s.variable !== undefined && exported.has(s.variable));
  const value = found.find((match) => counts(match.statement))?.value;
  const named = value?.kind === 'computed' ? constants.get(value.source) : undefined;
  return named !== undefined ? { kind: 'literal', value: named } : value;
}

/** `const NAME = 'literal'` (with `;` or a new statement after it), as [NAME, value]. */
function literalConstant(tokens: Token[], i: number): [string, string] | undefined {
  const [keyword, name, equals, value, after] = tokens.slice(i, i + 5);
  if (keyword?.text !== 'const' || name?.type !== 'word' || equals?.text !== '=' || value?.value === undefined) return undefined;
  if (after && after.type === 'punct' && after.text !== ';') return undefined;
  return [name.text, value.value];
}

/** A top-level statement: whether it exports the config, or the variable it declares. */
interface Statement {
  exported: boolean;
  variable?: string;
}

/** Whether a token after `previous` may start a statement (also after a newline, without `;`). */
function startsStatement(previous: Token | undefined): boolean {
  if (!previous) return true;
  if (previous.type === 'punct') return ';})]'.includes(previous.text);
  return !['export', 'default', 'async', 'await', 'new', 'typeof', 'return'].includes(previous.text);
}

/**
 * Recognises the start of a top-level statement at token `i`: `export default`, `module.exports =`
 * and `export const x =` export; `const x =` declares x. `exports` names a variable that an
 * `export default x` / `module.exports = x` / `export default defineConfig(x)` exports.
 */
function topLevelStatement(tokens: Token[], i: number): { statement: Statement; exports?: string } | undefined {
  const text = (n: number) => tokens[i + n]?.text;
  const word = (n: number) => (tokens[i + n]?.type === 'word' ? tokens[i + n]!.text : undefined);
  let rest: number | undefined;
  if (text(0) === 'export' && text(1) === 'default') rest = 2;
  else if (text(0) === 'module' && text(1) === '.' && text(2) === 'exports' && text(3) === '=') rest = 4;
  if (rest !== undefined) {
    // `export default config`, `export default defineConfig(config)`: the variable is the config.
    const wrapped = text(rest + 1) === '(' && text(rest + 3) === ')';
    const bare = text(rest + 1) === undefined || text(rest + 1) === ';';
    const name = wrapped ? word(rest + 2) : bare ? word(rest) : undefined;
    return name !== undefined ? { statement: { exported: true }, exports: name } : { statement: { exported: true } };
  }
  if (text(0) === 'export' && ['const', 'let', 'var'].includes(text(1) ?? '')) return { statement: { exported: true } };
  // `const config = {`, or with a TypeScript annotation: `const config: Config = {`.
  if (['const', 'let', 'var'].includes(text(0) ?? '') && word(1) !== undefined && (text(2) === '=' || text(2) === ':')) {
    return { statement: { exported: false, variable: word(1)! } };
  }
  if (['import', 'function', 'class', 'const', 'let', 'var'].includes(text(0) ?? '')) return { statement: { exported: false } };
  return undefined;
}

/** `name:` or a shorthand `name,` directly inside an object literal (after `{` or `,`). */
function propertyKey(tokens: Token[], i: number, frames: Array<{ open: string }>): { name: string; shorthand: boolean } | undefined {
  const token = tokens[i]!;
  if (frames[frames.length - 1]?.open !== '{') return undefined;
  if (token.type !== 'word' && token.type !== 'string') return undefined;
  const before = tokens[i - 1];
  if (!before || before.type !== 'punct' || (before.text !== '{' && before.text !== ',')) return undefined;
  const next = tokens[i + 1];
  const name = token.type === 'string' ? token.value! : token.text;
  if (next?.type === 'punct' && next.text === ':') return { name, shorthand: false };
  if (token.type === 'word' && next?.type === 'punct' && (next.text === ',' || next.text === '}')) return { name, shorthand: true };
  return undefined;
}

/** The value starting at token `start`: a literal when it is exactly one string (maybe `as const`). */
function valueAt(text: string, tokens: Token[], start: number): ConfigValue {
  let depth = 0;
  let end = start;
  for (; end < tokens.length; end++) {
    const token = tokens[end]!;
    if (token.type !== 'punct') continue;
    if ('{[('.includes(token.text)) depth++;
    else if ('}])'.includes(token.text)) {
      if (depth === 0) break;
      depth--;
    } else if (token.text === ',' && depth === 0) break;
  }
  const value = tokens.slice(start, end);
  // TypeScript may add a cast: `'/app/' as const`.
  const cast = value.slice(1).map((t) => t.text).join(' ');
  const first = value[0];
  if (first?.value !== undefined && (value.length === 1 || /^as [\w$]+$/.test(cast))) return { kind: 'literal', value: first.value };
  const source = first ? text.slice(first.start, value[value.length - 1]!.end).replace(/\s+/g, ' ') : '';
  return { kind: 'computed', source: source.length > 80 ? `${source.slice(0, 77)}...` : source };
}

/** After these, a `/` starts a regular expression rather than a division. */
const REGEX_AFTER = new Set(['(', ',', '=', ':', '[', '!', '&', '|', '?', '{', '}', ';', '+', '-', '*', '%', '<', '>', '~', '^']);
const REGEX_AFTER_WORDS = new Set(['return', 'typeof', 'case', 'do', 'else', 'in', 'of', 'new', 'delete', 'void', 'throw', 'yield', 'await']);

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const push = (type: Token['type'], start: number, end: number, value?: string) => {
    const token: Token = { type, text: text.slice(start, end), start, end };
    if (value !== undefined) token.value = value;
    tokens.push(token);
  };
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (text.startsWith('//', i)) {
      const nl = text.indexOf('\n', i);
      i = nl === -1 ? text.length : nl;
    } else if (text.startsWith('/*', i)) {
      const close = text.indexOf('*/', i + 2);
      i = close === -1 ? text.length : close + 2;
    } else if (c === '"' || c === "'") {
      const start = i;
      let value = '';
      for (i++; i < text.length && text[i] !== c; i++) {
        if (text[i] === '\\' && i + 1 < text.length) value += unescape(text[++i]!);
        else value += text[i];
      }
      i++;
      push('string', start, Math.min(i, text.length), value);
    } else if (c === '`') {
      const start = i;
      i = skipTemplate(text, i);
      const body = text.slice(start + 1, i - 1);
      if (body.includes('${') || body.includes('\\')) push('template', start, i);
      else push('string', start, i, body);
    } else if (c === '/' && startsRegex(tokens[tokens.length - 1])) {
      const start = i;
      let inClass = false;
      for (i++; i < text.length && text[i] !== '\n'; i++) {
        if (text[i] === '\\') i++;
        else if (text[i] === '[') inClass = true;
        else if (text[i] === ']') inClass = false;
        else if (text[i] === '/' && !inClass) break;
      }
      for (i++; i < text.length && /[a-z]/i.test(text[i]!); i++);
      push('regex', start, i);
    } else if (/[\w$]/.test(c)) {
      const start = i;
      while (i < text.length && /[\w$]/.test(text[i]!)) i++;
      push('word', start, i);
    } else {
      push('punct', i, i + 1);
      i++;
    }
  }
  return tokens;
}

/**
 * The index after a template literal that starts at `i`, skipping `${ … }` with nested braces and
 * nested templates. Iterative, with an explicit stack: one entry per open template or `${`, so
 * nesting depth costs memory, never call stack (a recursive version overflowed at 60 KB).
 */
function skipTemplate(text: string, i: number): number {
  // 'template': inside a template's text; a number: inside `${ … }`, that many `{` deep.
  const stack: Array<'template' | number> = ['template'];
  for (i++; i < text.length; i++) {
    const top = stack[stack.length - 1]!;
    const c = text[i]!;
    if (top === 'template') {
      if (c === '\\') i++;
      else if (c === '`') {
        stack.pop();
        if (stack.length === 0) return i + 1;
      } else if (text.startsWith('${', i)) {
        stack.push(0);
        i++;
      }
    } else if (c === '`') stack.push('template');
    else if (c === '{') stack[stack.length - 1] = top + 1;
    else if (c === '}') {
      if (top === 0) stack.pop();
      else stack[stack.length - 1] = top - 1;
    }
  }
  return text.length;
}

function startsRegex(previous: Token | undefined): boolean {
  if (!previous) return true;
  if (previous.type === 'punct') return REGEX_AFTER.has(previous.text);
  return previous.type === 'word' && REGEX_AFTER_WORDS.has(previous.text);
}

function unescape(c: string): string {
  return ({ n: '\n', r: '\r', t: '\t', '0': '\0' } as Record<string, string>)[c] ?? c;
}
