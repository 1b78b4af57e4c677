/**
 * Just enough of a Go lexer to read what the image depends on: the package clause, the imports,
 * build constraints, and the literals a server's listen call uses. Comments and strings are
 * lexed properly, so a `import "C"` inside a comment or a string is not mistaken for cgo.
 */
export interface GoToken {
  kind: 'ident' | 'string' | 'number' | 'punct';
  value: string;
  line: number;
}

export interface GoFile {
  /** Empty when the file has no (readable) package clause. */
  packageName: string;
  imports: string[];
  /** The `//go:build` expression above the package clause, if any. */
  constraint?: string;
  tokens: GoToken[];
}

const IDENT_START = /[\p{L}_]/u;
const IDENT_PART = /[\p{L}\p{N}_]/u;

export function lexGo(text: string): { tokens: GoToken[]; constraint?: string } {
  const tokens: GoToken[] = [];
  let constraint: string | undefined;
  const plusBuild: string[] = [];
  let line = 1;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i]!;
    if (c === '\n') {
      line++;
      i++;
    } else if (c === ' ' || c === '\t' || c === '\r') {
      i++;
    } else if (text.startsWith('//', i)) {
      const end = text.indexOf('\n', i);
      const comment = text.slice(i, end < 0 ? n : end);
      // Only constraints before the package clause count (the go command's rule).
      if (tokens.length === 0 && comment.startsWith('//go:build ')) constraint = comment.slice('//go:build '.length).trim();
      // Before Go 1.17: `// +build a,b c` means (a && b) || c; several lines are and-ed.
      else if (tokens.length === 0 && /^\/\/ ?\+build /.test(comment)) plusBuild.push(plusBuildExpression(comment.replace(/^\/\/ ?\+build /, '')));
      i = end < 0 ? n : end;
    } else if (text.startsWith('/*', i)) {
      const end = text.indexOf('*/', i + 2);
      const body = text.slice(i, end < 0 ? n : end + 2);
      line += body.split('\n').length - 1;
      i = end < 0 ? n : end + 2;
    } else if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < n && text[j] !== c && text[j] !== '\n') j += text[j] === '\\' ? 2 : 1;
      tokens.push({ kind: c === '"' ? 'string' : 'number', value: decode(text.slice(i + 1, Math.min(j, n))), line });
      i = j + 1;
    } else if (c === '`') {
      const end = text.indexOf('`', i + 1);
      const value = text.slice(i + 1, end < 0 ? n : end);
      tokens.push({ kind: 'string', value, line });
      line += value.split('\n').length - 1;
      i = end < 0 ? n : end + 1;
    } else if (/[0-9]/.test(c)) {
      let j = i + 1;
      while (j < n && /[0-9a-zA-Z_.]/.test(text[j]!)) j++;
      tokens.push({ kind: 'number', value: text.slice(i, j), line });
      i = j;
    } else if (IDENT_START.test(c)) {
      let j = i + 1;
      while (j < n && IDENT_PART.test(text[j]!)) j++;
      tokens.push({ kind: 'ident', value: text.slice(i, j), line });
      i = j;
    } else {
      tokens.push({ kind: 'punct', value: c, line });
      i++;
    }
  }
  constraint ??= plusBuild.length > 0 ? plusBuild.map((e) => `(${e})`).join(' && ') : undefined;
  return constraint === undefined ? { tokens } : { tokens, constraint };
}

function plusBuildExpression(line: string): string {
  return line.trim().split(/\s+/).map((option) => `(${option.split(',').join(' && ')})`).join(' || ');
}

/** Interpreted string contents; only the escapes an import path or address could contain. */
function decode(body: string): string {
  return body.replace(/\\(["'\\nt])/g, (_, ch: string) => (ch === 'n' ? '\n' : ch === 't' ? '\t' : ch));
}

export function parseGoFile(text: string): GoFile {
  const { tokens, constraint } = lexGo(text);
  const file: GoFile = { packageName: '', imports: [], tokens };
  if (constraint !== undefined) file.constraint = constraint;
  if (tokens[0]?.value !== 'package' || tokens[1]?.kind !== 'ident') return file;
  file.packageName = tokens[1].value;
  let i = 2;
  if (tokens[i]?.value === ';') i++;
  while (tokens[i]?.value === 'import') {
    i++;
    if (tokens[i]?.value === '(') {
      i++;
      while (i < tokens.length && tokens[i]!.value !== ')') {
        if (tokens[i]!.kind === 'string') file.imports.push(tokens[i]!.value);
        i++;
      }
      i++;
    } else {
      // import "x" | import name "x" | import . "x" | import _ "x"
      if (tokens[i]?.kind !== 'string') i++;
      if (tokens[i]?.kind === 'string') file.imports.push(tokens[i]!.value);
      i++;
    }
    if (tokens[i]?.value === ';') i++;
  }
  return file;
}

/**
 * The package clause and build constraint only, lexing the file up to its clause rather than all
 * of it. A clause-like line inside a leading block comment makes the short read come back empty:
 * then the whole file is read.
 */
export function readPackageClause(text: string): Pick<GoFile, 'packageName' | 'constraint'> {
  const line = /^[ \t]*package[ \t]+[\p{L}_][\p{L}\p{N}_]*/mu.exec(text);
  if (line) {
    const { tokens, constraint } = lexGo(text.slice(0, line.index + line[0].length));
    if (tokens[0]?.value === 'package' && tokens[1]?.kind === 'ident') return constraint === undefined ? { packageName: tokens[1].value } : { packageName: tokens[1].value, constraint };
  }
  const file = parseGoFile(text);
  return file.constraint === undefined ? { packageName: file.packageName } : { packageName: file.packageName, constraint: file.constraint };
}

/** GOOS and GOARCH values: file-name suffixes and constraint tags that name another platform. */
const GOOS = new Set(['aix', 'android', 'darwin', 'dragonfly', 'freebsd', 'hurd', 'illumos', 'ios', 'js', 'linux', 'nacl', 'netbsd', 'openbsd', 'plan9', 'solaris', 'wasip1', 'windows', 'zos']);
const GOARCH = new Set(['386', 'amd64', 'amd64p32', 'arm', 'armbe', 'arm64', 'arm64be', 'loong64', 'mips', 'mipsle', 'mips64', 'mips64le', 'ppc', 'ppc64', 'ppc64le', 'riscv', 'riscv64', 's390', 's390x', 'sparc', 'sparc64', 'wasm']);
/** Tags true in a Linux container build: the image targets linux on a common architecture. */
const TRUE_TAGS = new Set(['linux', 'unix', 'gc', 'amd64', 'arm64', 'cgo']);

/**
 * Whether the go command would compile this file for a Linux image: the file-name suffixes
 * (`_windows.go`, `_darwin_arm64.go`) and the `//go:build` expression. Unknown tags (`ignore`,
 * `integration`, custom ones) are false, as they are for a plain `go build`.
 */
export function buildsOnLinux(fileName: string, constraint: string | undefined): boolean {
  const parts = fileName.replace(/\.go$/, '').split('_');
  const last = parts.at(-1)!;
  const beforeLast = parts.at(-2);
  if (parts.length > 1 && GOARCH.has(last)) {
    if (beforeLast !== undefined && parts.length > 2 && GOOS.has(beforeLast) && beforeLast !== 'linux') return false;
    if (!TRUE_TAGS.has(last)) return false;
  } else if (parts.length > 1 && GOOS.has(last) && last !== 'linux') {
    return false;
  }
  if (constraint === undefined) return true;
  return evaluateConstraint(constraint) ?? true;
}

/** `linux && !windows || (go1.21 && cgo)` → a boolean; undefined when it cannot be parsed. */
function evaluateConstraint(expression: string): boolean | undefined {
  const tokens = expression.match(/&&|\|\||[!()]|[\w.]+/g) ?? [];
  let pos = 0;
  const or = (): boolean => {
    let value = and();
    while (tokens[pos] === '||') {
      pos++;
      value = and() || value;
    }
    return value;
  };
  const and = (): boolean => {
    let value = not();
    while (tokens[pos] === '&&') {
      pos++;
      value = not() && value;
    }
    return value;
  };
  const not = (): boolean => {
    const token = tokens[pos++];
    if (token === '!') return !not();
    if (token === '(') {
      const value = or();
      if (tokens[pos++] !== ')') throw new Error('unbalanced');
      return value;
    }
    if (token === undefined) throw new Error('truncated');
    return TRUE_TAGS.has(token) || /^go1\.\d+$/.test(token);
  };
  try {
    const value = or();
    return pos === tokens.length ? value : undefined;
  } catch {
    return undefined;
  }
}
