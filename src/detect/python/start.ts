import { parse as parseShell } from 'shell-quote';
import { fact, type Fact } from '../evidence.js';
import type { ProjectFs } from '../fs.js';
import { findAppObject, findMainScript, packageDirs, type AppObject } from './app-files.js';
import { detectDjango, type DjangoFacts } from './django.js';
import type { PyProject } from './pyproject.js';
import type { Requirement } from './requirement.js';

export type PythonFramework = 'django' | 'flask' | 'fastapi' | 'starlette' | 'quart' | 'litestar' | 'none';

export interface PythonStart {
  argv: string[];
  /** The server that runs it: decides how the port is passed. */
  server: 'gunicorn' | 'uvicorn' | 'other';
  /** A port written in the command itself (`--bind 0.0.0.0:8080`, `--port 8000`). */
  port?: number;
  /** The command is a console script that installing the project creates. */
  needsProjectInstall: boolean;
  /** The command passes `$PORT` on (a Procfile line): the process serves, on whatever PORT says. */
  passesPort?: boolean;
}

export interface PythonAppFacts {
  framework: Fact<PythonFramework>;
  django?: DjangoFacts;
  start?: Fact<PythonStart>;
  /** Why no start command could be chosen (a server to add), when that is the reason. */
  startProblem?: string;
  /** A port the code itself names (`os.environ.get("PORT", "8080")`). */
  codePort?: Fact<number>;
  /** The code reads PORT: it is a network service even when no port literal is found. */
  readsPort: boolean;
}

const PORT_SENTINEL = '\u0000PORT\u0000';

/**
 * How the app starts, in priority order: a Procfile `web:` line (the project's own declaration) >
 * Django > an ASGI/WSGI app object (Flask, FastAPI, Starlette…) > a single console script >
 * `if __name__ == "__main__"` > a package's __main__.py > a Procfile worker line. A server is only used when it is a
 * dependency; otherwise `startProblem` says what to add.
 */
export function detectPythonStart(fs: ProjectFs, deps: Requirement[], pyproject: PyProject | undefined, manifest: string, warnings: string[]): PythonAppFacts {
  const has = dependencyCheck(deps);
  const none = fact<PythonFramework>('none', 'default', undefined, 'no web framework among the dependencies');
  const result: PythonAppFacts = { framework: none, readsPort: false };

  const procfile = procfileWeb(fs, warnings);
  const django = has('django') ? detectDjango(fs) : undefined;
  if (django) {
    result.framework = fact<PythonFramework>('django', django.evidence.source, django.evidence.field, django.evidence.value);
    result.django = django.value;
  }
  if (procfile) {
    result.start = procfile;
    return result;
  }
  if (django) {
    const { wsgi, asgi } = django.value;
    if (has('gunicorn') && wsgi) result.start = fact(serve('gunicorn', [wsgi]), django.evidence.source, 'WSGI application', wsgi);
    else if (has('uvicorn') && asgi) result.start = fact(serve('uvicorn', [asgi]), django.evidence.source, 'ASGI application', asgi);
    else result.startProblem = `a Django project (${wsgi ?? django.value.settingsModule}) but no production server among the dependencies: add gunicorn to ${manifest}`;
    return result;
  }

  const kinds = new Set<AppObject['kind']>(['flask', 'fastapi', 'starlette', 'quart', 'litestar'].filter((k) => has(k)) as AppObject['kind'][]);
  const app = kinds.size > 0 ? findAppObject(fs, kinds) : undefined;
  if (app) {
    result.framework = fact<PythonFramework>(app.kind, app.file, `line ${app.line}`, app.target);
    const server = appServer(app, has);
    if (server) result.start = fact(server, app.file, `line ${app.line}`, app.target);
    else result.startProblem = app.kind === 'flask'
      ? `a Flask app (${app.target}) but no production server among the dependencies: add gunicorn to ${manifest}`
      : `an ASGI app (${app.target}) but no ASGI server among the dependencies: add uvicorn (or gunicorn with uvicorn-worker) to ${manifest}`;
    return result;
  }

  const scripts = Object.keys(pyproject?.scripts ?? {});
  const script = scripts.length === 1 ? scripts[0] : scripts.find((s) => s === pyproject?.name);
  if (script && /^[\w.-]+$/.test(script)) {
    result.start = fact({ argv: [script], server: 'other', needsProjectInstall: true }, 'pyproject.toml', '[project.scripts]', script);
    const module = pyproject!.scripts[script]!.split(':')[0]!.replaceAll('.', '/');
    const file = [`${module}.py`, `src/${module}.py`, `${module}/__init__.py`, `src/${module}/__init__.py`].find((f) => fs.isFile(f));
    if (file) Object.assign(result, portInCode(fs.tryReadText(file) ?? '', file));
    return result;
  }
  const main = findMainScript(fs);
  if (main) {
    result.start = fact({ argv: ['python', main.file], server: 'other', needsProjectInstall: false }, main.file, `line ${main.line}`, 'if __name__ == "__main__"');
    Object.assign(result, portInCode(fs.tryReadText(main.file) ?? '', main.file));
    return result;
  }
  const pkg = packageDirs(fs).find(({ dir }) => fs.isFile(`${dir}/__main__.py`));
  if (pkg) {
    result.start = fact({ argv: ['python', '-m', pkg.module], server: 'other', needsProjectInstall: false }, `${pkg.dir}/__main__.py`);
    Object.assign(result, portInCode(fs.tryReadText(`${pkg.dir}/__main__.py`) ?? '', `${pkg.dir}/__main__.py`));
    return result;
  }
  const worker = procfileWorker(fs, warnings);
  if (worker) result.start = worker;
  return result;
}

function dependencyCheck(deps: Requirement[]): (name: string) => boolean {
  const names = new Set(deps.map((d) => d.name));
  // Extras that bring a server along: fastapi[standard] → uvicorn, uvicorn-worker → uvicorn.
  if (deps.some((d) => d.name === 'fastapi' && (d.extras.includes('standard') || d.extras.includes('all')))) names.add('uvicorn');
  if (names.has('uvicorn-worker')) names.add('uvicorn');
  return (name) => names.has(name);
}

function serve(server: 'gunicorn' | 'uvicorn', args: string[]): PythonStart {
  return { argv: [server, ...args], server, needsProjectInstall: false };
}

/** WSGI apps run under gunicorn; ASGI apps under uvicorn, or gunicorn with uvicorn workers when both are there. */
function appServer(app: AppObject, has: (name: string) => boolean): PythonStart | undefined {
  if (app.kind === 'flask') return has('gunicorn') ? serve('gunicorn', [app.target]) : undefined;
  if (has('gunicorn') && has('uvicorn-worker')) return serve('gunicorn', ['--worker-class', 'uvicorn_worker.UvicornWorker', app.target]);
  if (has('gunicorn') && has('uvicorn')) return serve('gunicorn', ['--worker-class', 'uvicorn.workers.UvicornWorker', app.target]);
  // uvicorn takes no `module:factory()` call syntax: it has a flag for factories.
  if (has('uvicorn')) return serve('uvicorn', app.factory ? ['--factory', app.factory] : [app.target]);
  return undefined;
}

/** Procfile process lines, `type: command`, with their line numbers. */
function procfileLines(fs: ProjectFs): Array<{ type: string; command: string; index: number }> {
  const text = fs.tryReadText('Procfile') ?? '';
  return text.split('\n').flatMap((line, index) => {
    const match = /^([A-Za-z0-9_-]+)\s*:(.*)$/.exec(line);
    return match ? [{ type: match[1]!, command: match[2]!.trim(), index }] : [];
  });
}

function procfileWeb(fs: ProjectFs, warnings: string[]): Fact<PythonStart> | undefined {
  const web = procfileLines(fs).find((line) => line.type === 'web');
  return web && procfileCommand(web, warnings);
}

/**
 * A Procfile without a web line declares background processes (Celery workers, schedulers). One
 * image runs one process (R1): the only one, else the one named `worker`; `release` is a deploy
 * step, not a process. The others need their own image (--cmd), which the warning says.
 */
function procfileWorker(fs: ProjectFs, warnings: string[]): Fact<PythonStart> | undefined {
  const processes = procfileLines(fs).filter((line) => line.type !== 'release');
  const chosen = processes.length === 1 ? processes[0] : processes.find((line) => line.type === 'worker');
  if (!chosen) return undefined;
  const start = procfileCommand(chosen, warnings);
  const others = processes.filter((line) => line !== chosen);
  if (start && others.length > 0) {
    warnings.push(
      `The Procfile declares ${processes.map((p) => p.type).join(', ')}; this image runs "${chosen.type}" (one process per container, R1). ` +
        `Build another image for ${others.map((p) => `"${p.type}"`).join(', ')} with --cmd, e.g. --cmd "${others[0]!.command.replace(/["\\]/g, '')}".`,
    );
  }
  return start;
}

/** A Procfile command → exec-form argv. `$PORT` in a gunicorn bind is dropped (gunicorn binds to
 *  $PORT by itself); elsewhere it becomes the port number. Shell features are refused. */
function procfileCommand(line: { type: string; command: string; index: number }, warnings: string[]): Fact<PythonStart> | undefined {
  const raw = line.command;
  const lineIndex = line.index;
  let defaultPort: number | undefined;
  const tokens = parseShell(raw, (name) => {
    const match = /^PORT(?::?-(\d{2,5}))?$/.exec(name);
    if (!match) return { variable: name } as unknown as string;
    if (match[1]) defaultPort = Number(match[1]);
    return PORT_SENTINEL;
  });
  if (tokens.some((t) => typeof t !== 'string') || tokens.length === 0) {
    warnings.push(`Procfile ${line.type}: "${raw}" uses shell features (operators or variables other than $PORT); the container runs without a shell (R2), so dockgen does not use it. Pass --cmd.`);
    return undefined;
  }
  const argv = tokens as string[];
  const server = /(^|\/)gunicorn$/.test(argv[0]!) ? 'gunicorn' : /(^|\/)uvicorn$/.test(argv[0]!) ? 'uvicorn' : 'other';
  const start: PythonStart = { argv: [], server, needsProjectInstall: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const next = argv[i + 1];
    if (server === 'gunicorn' && (arg === '--bind' || arg === '-b') && next?.includes(PORT_SENTINEL)) { i++; continue; }
    if (server === 'gunicorn' && /^(--bind=|-b)/.test(arg) && arg.includes(PORT_SENTINEL)) continue;
    start.argv.push(arg);
  }
  const literal = portInArgs(start.argv);
  if (literal !== undefined) start.port = literal;
  else if (defaultPort !== undefined) start.port = defaultPort;
  if (tokens.some((t) => t === PORT_SENTINEL || (t as string).includes(PORT_SENTINEL))) start.passesPort = true;
  if (start.argv.some((a) => a.includes(PORT_SENTINEL))) {
    // Replaced by the plan once the port is known.
    start.argv = start.argv.map((a) => a.replaceAll(PORT_SENTINEL, '${PORT}'));
  }
  return fact(start, 'Procfile', `line ${lineIndex + 1}`, raw);
}

/** `--bind 0.0.0.0:8080`, `-b :8080`, `--port 8000`, `-p 8000`. */
export function portInArgs(argv: string[]): number | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = /^(--bind|-b|--port|-p)$/.test(arg) ? argv[i + 1] : /^(--bind=|--port=)(.*)$/.exec(arg)?.[2];
    const port = value && /(?:^|:)(\d{2,5})$/.exec(value)?.[1];
    if (port) return Number(port);
  }
  return undefined;
}

/** A port the code names: a PORT fallback, `port=8000` in a run() call, an HTTPServer address. */
function portInCode(text: string, file: string): Pick<PythonAppFacts, 'codePort' | 'readsPort'> {
  const readsPort = /environ(?:\.get)?\s*[[(]\s*['"]PORT['"]|getenv\(\s*['"]PORT['"]/.test(text);
  const patterns = [
    /(?:environ\.get|getenv)\(\s*['"]PORT['"]\s*,\s*['"]?(\d{2,5})/,
    /\.run\([^)]*\bport\s*=\s*(\d{2,5})/,
    /(?:HTTPServer|TCPServer|make_server)\(\s*\(?\s*['"][^'"]*['"]\s*,\s*(\d{2,5})/,
  ];
  for (const pattern of patterns) {
    const match = pattern.exec(text);
    if (match) return { readsPort, codePort: fact(Number(match[1]), file, undefined, `port ${match[1]}`) };
  }
  return { readsPort };
}
