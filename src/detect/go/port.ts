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
}

const LISTEN_CALLS = new Set(['ListenAndServe', 'ListenAndServeTLS', 'Listen', 'ListenTCP', 'ListenPacket', 'Serve', 'ServeTLS', 'RunTLS']);
/** Only the wildcard and loopback hosts: `"db:5432"` is a client address, `"15:04"` a time layout. */
const ADDRESS = /^(\[::\]|\[::1\]|0\.0\.0\.0|127\.0\.0\.1|localhost)?:([1-9]\d{1,4})$/;
const PORT_FLAGS = /^(port|p|http-port|http_port|listen-port|addr|address|listen|http|http-addr|bind)$/;
/** How many tokens after `Getenv("PORT")` a fallback literal may appear (an `if` block or a cmp.Or). */
const FALLBACK_WINDOW = 24;

export function portHints(tokens: GoToken[]): PortHints {
  const hints: PortHints = {};
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const next = tokens[i + 1];
    if (token.kind === 'ident' && (token.value === 'Getenv' || token.value === 'LookupEnv') && next?.value === '(' && tokens[i + 2]?.kind === 'string' && tokens[i + 2]!.value === 'PORT') {
      hints.readsPort ??= token.line;
      if (!hints.fallback) {
        for (const later of tokens.slice(i + 3, i + 3 + FALLBACK_WINDOW)) {
          const port = later.kind === 'string' ? /^:?([1-9]\d{1,4})$/.exec(later.value)?.[1] : undefined;
          if (port && valid(Number(port))) {
            hints.fallback = { port: Number(port), line: later.line, raw: later.value };
            break;
          }
        }
      }
    } else if (token.kind === 'ident' && LISTEN_CALLS.has(token.value) && next?.value === '(') {
      hints.serves ??= token.line;
    } else if (token.kind === 'ident' && token.value === 'Server' && next?.value === '{' && tokens[i - 1]?.value === '.' && tokens[i - 2]?.value === 'http') {
      hints.serves ??= token.line;
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
