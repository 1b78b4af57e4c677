import type { GoToken } from './source.js';

/** What one package's code says about the port it serves on. */
export interface PortHints {
  /** `os.Getenv("PORT")` / `os.LookupEnv("PORT")`: where it is read. */
  readsPort?: number;
  /** The fallback used when PORT is unset (`if port == "" { port = "8080" }`, `cmp.Or(…, "8080")`). */
  fallback?: { port: number; line: number; raw: string };
  /** An address literal such as `":8080"` or `"0.0.0.0:8080"`. */
  address?: { port: number; line: number; raw: string; loopback: boolean };
  /** `flag.Int("port", 8080, …)` or `flag.String("addr", ":8080", …)`. */
  flag?: { port: number; line: number; raw: string };
  /** A listen or serve call (`ListenAndServe`, `net.Listen`, `Serve`), or an http.Server. */
  serves?: number;
  /** Port-named identifiers given a port literal: `port := "3550"`, `const listenPort = "5050"`, `Port: 8080`. */
  literals: Array<{ name: string; port: number; line: number; raw: string }>;
  /** `a := b` / `a = b`: a port variable copied from another (`srvPort := port`). */
  aliases: Array<[to: string, from: string]>;
  /** Identifiers next to each `Getenv("PORT")`, nearest first: the variable PORT replaces. */
  envTargets: string[];
  /** Identifiers in listen calls' arguments and http.Server Addr fields: what the address is made of. */
  listenArgs: string[];
  /** A framework's own default: gin's `Run()` without an address listens on $PORT or 8080. */
  frameworkDefault?: { port: number; line: number; raw: string; readsPort: boolean };
}

const LISTEN_CALLS = new Set(['ListenAndServe', 'ListenAndServeTLS', 'Listen', 'ListenTCP', 'ListenPacket', 'Serve', 'ServeTLS', 'RunTLS']);
/** Only the wildcard and loopback hosts: `"db:5432"` is a client address, `"15:04"` a time layout. */
const ADDRESS = /^(\[::\]|\[::1\]|0\.0\.0\.0|127\.0\.0\.1|localhost)?:([1-9]\d{1,4})$/;
const PORT_FLAGS = /^(port|p|http-port|http_port|listen-port|addr|address|listen|http|http-addr|bind)$/;
/** How many tokens after `Getenv("PORT")` a fallback literal may appear (an `if` block or a cmp.Or). */
const FALLBACK_WINDOW = 24;

/** Frameworks whose start call is not named like a listen call, by import path prefix. */
const FRAMEWORK_CALLS: Array<{ module: string; call: string; name: string; defaultPort?: number }> = [
  // gin's Run() resolves its address from PORT, else ":8080" (gin's resolveAddress).
  { module: 'github.com/gin-gonic/gin', call: 'Run', name: 'gin', defaultPort: 8080 },
  { module: 'github.com/labstack/echo', call: 'Start', name: 'echo' },
  { module: 'github.com/labstack/echo', call: 'StartTLS', name: 'echo' },
];
/** Names of variables, constants and fields that hold a listen port or address. */
const PORT_NAME = /port|addr|listen/i;
const NOT_TARGETS = new Set(['os', 'Getenv', 'LookupEnv', 'if', 'else', 'return', 'var', 'const', 'func', 'err', 'ok', 'nil', 'string', 'strconv', 'Atoi', 'fmt', 'Sprintf', 'log', 'cmp', 'Or']);

export function portHints(tokens: GoToken[], imports: readonly string[] = []): PortHints {
  const hints: PortHints = { literals: [], aliases: [], envTargets: [], listenArgs: [] };
  const frameworks = FRAMEWORK_CALLS.filter((f) => imports.some((path) => path === f.module || path.startsWith(`${f.module}/`)));
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const next = tokens[i + 1];
    const framework = token.kind === 'ident' && next?.value === '(' && tokens[i - 1]?.value === '.' ? frameworks.find((f) => f.call === token.value) : undefined;
    const expression = token.kind === 'ident' && PORT_NAME.test(token.value) ? assignedExpression(tokens, i) : undefined;
    // `addr := ":" + port`, `addr := fmt.Sprintf(":%s", port)`: the address is made of the port.
    if (expression) for (const from of expression) hints.aliases.push([token.value, from]);
    if ((token.kind === 'string' || token.kind === 'number') && endsStatement(tokens, i)) {
      const name = assignedName(tokens, i);
      const port = name !== undefined && PORT_NAME.test(name) ? literalPort(token, name) : undefined;
      if (name !== undefined && port !== undefined) hints.literals.push({ name, port, line: token.line, raw: `${name} = ${token.kind === 'string' ? JSON.stringify(token.value) : token.value}` });
    } else if (token.kind === 'ident' && endsStatement(tokens, i)) {
      // `port := config.DefaultPort`: the selector's last name is the constant.
      let start = i;
      while (tokens[start - 1]?.value === '.' && tokens[start - 2]?.kind === 'ident') start -= 2;
      const name = assignedName(tokens, start);
      if (name !== undefined && name !== token.value && !NOT_TARGETS.has(token.value)) hints.aliases.push([name, token.value]);
    }
    if (token.kind === 'ident' && (token.value === 'Getenv' || token.value === 'LookupEnv') && next?.value === '(' && tokens[i + 2]?.kind === 'string' && tokens[i + 2]!.value === 'PORT') {
      hints.readsPort ??= token.line;
      hints.envTargets.push(...nearbyIdentifiers(tokens, i));
      if (!hints.fallback) {
        for (const later of tokens.slice(i + 3, i + 3 + FALLBACK_WINDOW)) {
          const port = later.kind === 'string' ? /^:?([1-9]\d{1,4})$/.exec(later.value)?.[1] : undefined;
          if (port && valid(Number(port))) {
            hints.fallback = { port: Number(port), line: later.line, raw: later.value };
            break;
          }
        }
      }
    } else if (framework) {
      hints.serves ??= token.line;
      if (tokens[i + 2]?.value === ')' && framework.defaultPort !== undefined) {
        hints.frameworkDefault ??= { port: framework.defaultPort, line: token.line, raw: `${framework.name}'s ${token.value}() without an address: $PORT, else ${framework.defaultPort}`, readsPort: true };
      }
      hints.listenArgs.push(...argumentIdentifiers(tokens, i + 1));
    } else if (token.kind === 'ident' && LISTEN_CALLS.has(token.value) && next?.value === '(') {
      hints.serves ??= token.line;
      hints.listenArgs.push(...argumentIdentifiers(tokens, i + 1));
    } else if (token.kind === 'ident' && token.value === 'Server' && next?.value === '{' && tokens[i - 1]?.value === '.' && tokens[i - 2]?.value === 'http') {
      hints.serves ??= token.line;
      // Only a server's Addr: a client's (`redis.Options{Addr: redisAddr}`) is where it connects to.
      const addr = serverAddrField(tokens, i + 1);
      if (addr !== undefined) hints.listenArgs.push(...fieldIdentifiers(tokens, addr));
    } else if (token.kind === 'string' && !hints.address) {
      const match = ADDRESS.exec(token.value);
      const loopback = /^(\[::1\]|127\.0\.0\.1|localhost)$/.test(match?.[1] ?? '');
      // "localhost:6379" is far more often a client's default than a listen address: a loopback
      // address counts only as the argument of a listen call or an Addr field.
      const listening = !loopback || tokens.slice(Math.max(0, i - 4), i).some((t) => LISTEN_CALLS.has(t.value) || t.value === 'Addr');
      if (match && valid(Number(match[2])) && listening) {
        hints.address = { port: Number(match[2]), line: token.line, raw: token.value, loopback };
      }
    } else if (token.kind === 'ident' && /^(Int|Uint|String|IntVar|StringVar)$/.test(token.value) && tokens[i - 1]?.value === '.' && next?.value === '(' && !hints.flag) {
      const args = callArguments(tokens, i + 2);
      const nameIndex = args.findIndex((arg) => arg.length === 1 && arg[0]!.kind === 'string');
      const name = args[nameIndex]?.[0];
      const value = args[nameIndex + 1]?.[0];
      if (name && PORT_FLAGS.test(name.value) && value) {
        const port = /^:?([1-9]\d{1,4})$/.exec(value.value)?.[1] ?? ADDRESS.exec(value.value)?.[2];
        if (port && valid(Number(port))) hints.flag = { port: Number(port), line: value.line, raw: `${name.value} = ${value.value}` };
      }
    }
  }
  return hints;
}

/** The name a literal or identifier at `i` is assigned to: `x := v`, `x = v`, `const x = v`,
 *  `var x T = v`, or a field `X: v`. */
function assignedName(tokens: GoToken[], i: number): string | undefined {
  const before = tokens[i - 1]?.value;
  if (before === '=') {
    const op = tokens[i - 2];
    if (op?.value === ':') return tokens[i - 3]?.kind === 'ident' ? tokens[i - 3]!.value : undefined;
    if (op?.kind !== 'ident') return undefined;
    // `var port string = "8080"`: skip the type.
    if (tokens[i - 3]?.kind === 'ident' && tokens[i - 3]!.value !== 'const' && tokens[i - 3]!.value !== 'var' && tokens[i - 3]!.line === op.line) return tokens[i - 3]!.value;
    return op.value;
  }
  if (before === ':' && tokens[i - 2]?.kind === 'ident' && tokens[i - 3]?.value !== '?') return tokens[i - 2]!.value;
  return undefined;
}

/** The identifiers of the right-hand side when `i` is the name being assigned (`x := …`, `x = …`),
 *  up to the end of the line. */
function assignedExpression(tokens: GoToken[], i: number): string[] | undefined {
  let op = i + 1;
  if (tokens[op]?.value === ':') op++;
  if (tokens[op]?.value !== '=' || tokens[op + 1]?.value === '=' || tokens[i - 1]?.value === '.') return undefined;
  const line = tokens[i]!.line;
  const names: string[] = [];
  for (let j = op + 1; j < Math.min(tokens.length, op + 20) && tokens[j]!.line === line; j++) {
    if (tokens[j]!.kind === 'ident' && !NOT_TARGETS.has(tokens[j]!.value)) names.push(tokens[j]!.value);
  }
  return names;
}

/** The value at `i` is the whole right-hand side: the statement, field or spec ends after it. */
function endsStatement(tokens: GoToken[], i: number): boolean {
  const next = tokens[i + 1];
  return next === undefined || next.line !== tokens[i]!.line || [';', ',', ')', '}'].includes(next.value);
}

function literalPort(token: GoToken, name: string): number | undefined {
  const raw = token.kind === 'string' ? /^:?([1-9]\d{1,4})$/.exec(token.value)?.[1] ?? ADDRESS.exec(token.value)?.[2] : /port/i.test(name) ? /^[1-9]\d{1,4}$/.exec(token.value)?.[0] : undefined;
  return raw !== undefined && valid(Number(raw)) ? Number(raw) : undefined;
}

/** Identifiers a few tokens before and after `Getenv("PORT")`, nearest first: `port = os.Getenv("PORT")`,
 *  `if p := os.Getenv("PORT"); p != "" { port = p }`. */
function nearbyIdentifiers(tokens: GoToken[], at: number): string[] {
  const near: Array<{ name: string; distance: number }> = [];
  for (let j = Math.max(0, at - 6); j < Math.min(tokens.length, at + 4 + FALLBACK_WINDOW); j++) {
    const token = tokens[j]!;
    if (token.kind === 'ident' && !NOT_TARGETS.has(token.value)) near.push({ name: token.value, distance: Math.abs(j - at) });
  }
  return near.sort((a, b) => a.distance - b.distance).map((n) => n.name);
}

/** Identifiers inside a call's parentheses (`net.Listen("tcp", ":"+port)`, `fmt.Sprintf(":%s", port)`). */
function argumentIdentifiers(tokens: GoToken[], open: number): string[] {
  const names: string[] = [];
  let depth = 0;
  for (let j = open; j < Math.min(tokens.length, open + 40); j++) {
    const value = tokens[j]!.value;
    if (value === '(') depth++;
    else if (value === ')' && --depth === 0) break;
    else if (tokens[j]!.kind === 'ident') names.push(value);
  }
  return names;
}

/** Where the value of the Addr field of the composite literal opening at `open` starts. */
function serverAddrField(tokens: GoToken[], open: number): number | undefined {
  let depth = 0;
  for (let j = open; j < Math.min(tokens.length, open + 80); j++) {
    const value = tokens[j]!.value;
    if (value === '{' || value === '(' || value === '[') depth++;
    else if ((value === '}' || value === ')' || value === ']') && --depth === 0) return undefined;
    else if (depth === 1 && value === 'Addr' && tokens[j + 1]?.value === ':') return j + 2;
  }
  return undefined;
}

/** Identifiers of a composite literal field's value, up to the next `,` or `}` at its level. */
function fieldIdentifiers(tokens: GoToken[], start: number): string[] {
  const names: string[] = [];
  let depth = 0;
  for (let j = start; j < Math.min(tokens.length, start + 30); j++) {
    const value = tokens[j]!.value;
    if (value === '(' || value === '{' || value === '[') depth++;
    else if (value === ')' || value === '}' || value === ']') {
      if (depth-- === 0) break;
    } else if (value === ',' && depth === 0) break;
    else if (tokens[j]!.kind === 'ident') names.push(value);
  }
  return names;
}

/** The first few arguments of a call, each as its tokens (`flag.IntVar(&port, "port", 8080, …)`). */
function callArguments(tokens: GoToken[], start: number): GoToken[][] {
  const args: GoToken[][] = [[]];
  for (const token of tokens.slice(start, start + 16)) {
    if (token.value === ')' || token.value === '(') break;
    if (token.value === ',') args.push([]);
    else args.at(-1)!.push(token);
  }
  return args;
}

function valid(port: number): boolean {
  return port >= 1 && port <= 65535;
}
