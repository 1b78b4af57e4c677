import { fact, type Fact } from '../evidence.js';
import type { ProjectFs } from '../fs.js';

/** What a gunicorn config file says about where the server listens. */
export interface GunicornBind {
  port: number;
  /** Bound to 127.0.0.1/localhost: unreachable from outside the container. */
  loopback: boolean;
}

/**
 * gunicorn reads `./gunicorn.conf.py` from its working folder by default (or the file given with
 * `-c`/`--config`), and a `bind` there outranks the PORT variable: the port the server really
 * listens on. Only a literal `bind = "host:port"` (or a one-item list) is read; a computed value
 * (e.g. from os.environ) is left to PORT.
 */
export function readGunicornBinds(fs: ProjectFs, argv: readonly string[] | undefined): Record<string, Fact<GunicornBind>> {
  const binds: Record<string, Fact<GunicornBind>> = {};
  for (const file of new Set([DEFAULT_CONFIG, gunicornConfigFile(argv) ?? DEFAULT_CONFIG])) {
    // Paths come from the project: read only inside it.
    if (file.startsWith('/') || file.split('/').includes('..')) continue;
    const bind = readBind(fs, file);
    if (bind) binds[file] = bind;
  }
  return binds;
}

const DEFAULT_CONFIG = 'gunicorn.conf.py';

function readBind(fs: ProjectFs, file: string): Fact<GunicornBind> | undefined {
  const text = fs.tryReadText(file);
  if (text === undefined) return undefined;
  const lines = text.split('\n');
  for (const [index, line] of lines.entries()) {
    const match = /^bind\s*=\s*\[?\s*(['"])([^'"]*)\1\s*\]?\s*(?:#.*)?$/.exec(line);
    if (!match) continue;
    const address = /^(.*):(\d{2,5})$/.exec(match[2]!);
    if (!address) return undefined;
    const port = Number(address[2]);
    if (port < 1 || port > 65535) return undefined;
    const loopback = /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/.test(address[1]!);
    return fact({ port, loopback }, file, `line ${index + 1}`, match[2]!);
  }
  return undefined;
}

/** The config file a gunicorn command reads: `-c file.py` / `--config=file.py`, else gunicorn.conf.py
 *  (undefined for other commands, and for `python:module` configs, which are not files). */
export function gunicornConfigFile(argv: readonly string[] | undefined): string | undefined {
  if (!argv || argv[0] !== 'gunicorn') return undefined;
  for (let i = 1; i < argv.length; i++) {
    const value = argv[i] === '-c' || argv[i] === '--config' ? argv[i + 1] : /^--config=(.*)$/.exec(argv[i]!)?.[1];
    if (value !== undefined) return value.startsWith('python:') ? undefined : value.replace(/^\.\//, '');
  }
  return DEFAULT_CONFIG;
}
