import { fact, type Fact } from '../evidence.js';
import type { ProjectFs } from '../fs.js';
import { findAppObject, packageDirs, type AppObject } from './app-files.js';
import { findAdkServer, findScriptServer } from './app-servers.js';
import { detectDjango, djangoProblem, type DjangoFacts } from './django.js';
import { procfileLines, procfileWeb, procfileWorker } from './procfile.js';
import type { PyProject } from './pyproject.js';
import type { Requirement } from './requirement.js';
import { findEntryScript } from './script.js';
import { findWorker } from './workers.js';

export { portInArgs } from './procfile.js';

export type PythonFramework = 'django' | 'flask' | 'fastapi' | 'starlette' | 'quart' | 'litestar' | 'dash' | 'streamlit' | 'gradio' | 'panel' | 'chainlit' | 'google-adk' | 'none';

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
  /** The server's own default port, used when nothing else names one (Streamlit 8501, Gradio 7860). */
  defaultPort?: number;
  /** Variables the server reads its address from; `${PORT}` in a value becomes the chosen port. */
  env?: Array<[string, string]>;
  /** A background worker (Celery, RQ …): it serves no port. */
  worker?: boolean;
  /** The production server is not among the dependencies: the image installs this one, pinned. */
  installs?: 'gunicorn' | 'uvicorn';
}

export interface PythonAppFacts {
  framework: Fact<PythonFramework>;
  django?: DjangoFacts;
  start?: Fact<PythonStart>;
  /** Why no start command could be chosen, when that is the reason. */
  startProblem?: string;
  /** A port the code itself names (`os.environ.get("PORT", "8080")`). */
  codePort?: Fact<number>;
  /** The code reads PORT: it is a network service even when no port literal is found. */
  readsPort: boolean;
}

/**
 * How the app starts, in priority order: a Procfile `web:` line (the project's own declaration) >
 * Django > an ASGI/WSGI app object (Flask, FastAPI, Starlette, Dash …) > an app server that runs a
 * script (Streamlit, Gradio, Panel, Chainlit, Google ADK) > a console script > `if __name__ ==
 * "__main__"` > a package's __main__.py > a Procfile worker line > a script whose top-level code runs
 * something > a worker tool (Celery, RQ …). A WSGI/ASGI app without its server gets one installed.
 */
export function detectPythonStart(fs: ProjectFs, deps: Requirement[], pyproject: PyProject | undefined, warnings: string[]): PythonAppFacts {
  const has = dependencyCheck(deps);
  const result: PythonAppFacts = { framework: fact<PythonFramework>('none', 'default', undefined, 'no web framework among the dependencies'), readsPort: false };
  const found = findStart(fs, has, pyproject, warnings, result);
  if (found) {
    result.start = found;
    // One process per image (R1): a worker the project also declares gets an image of its own.
    if (!found.value.worker && found.evidence.source !== 'Procfile') {
      const worker = findWorker(fs, has);
      if (worker) warnings.push(`${describe(worker.start)} defines a ${worker.tool} worker; this image runs the app (one process per container, R1). Build another image for the worker with --cmd "${worker.start.value.argv.join(' ')}".`);
    }
  }
  return result;
}

function describe(start: Fact<PythonStart>): string {
  return start.evidence.source === 'dependencies' ? 'The dependencies' : start.evidence.source;
}

function findStart(fs: ProjectFs, has: (name: string) => boolean, pyproject: PyProject | undefined, warnings: string[], result: PythonAppFacts): Fact<PythonStart> | undefined {
  const procfile = procfileWeb(fs, warnings);
  const django = has('django') ? detectDjango(fs) : undefined;
  if (django) {
    result.framework = fact<PythonFramework>('django', django.evidence.source, django.evidence.field, django.evidence.value);
    result.django = django.value;
  }
  if (procfile) {
    const script = /^python3?$/.test(procfile.value.argv[0] ?? '') ? procfile.value.argv[1] : undefined;
    if (script?.endsWith('.py')) Object.assign(result, portInCode(fs.tryReadText(script) ?? '', script));
    return procfile;
  }
  if (django) {
    const { wsgi, asgi } = django.value;
    if (has('gunicorn') && wsgi) return fact(serve('gunicorn', [wsgi]), django.evidence.source, 'WSGI application', wsgi);
    if (has('uvicorn') && asgi) return fact(serve('uvicorn', [asgi]), django.evidence.source, 'ASGI application', asgi);
    if (wsgi) return fact({ ...serve('gunicorn', [wsgi]), installs: 'gunicorn' }, django.evidence.source, 'WSGI application', wsgi);
    if (asgi) return fact({ ...serve('uvicorn', [asgi]), installs: 'uvicorn' }, django.evidence.source, 'ASGI application', asgi);
    // No wsgi.py: Django's own factory builds the WSGI app from the settings module, which gunicorn
    // calls (`module:function()`); DJANGO_SETTINGS_MODULE tells it which settings. Settings with no
    // ROOT_URLCONF serve no URL at all (a project kept for manage.py commands): nothing to run.
    if (!settingsRouteUrls(fs, django.value.settingsModule)) {
      result.startProblem = `a Django project whose settings (${django.value.settingsModule}) set no ROOT_URLCONF and that has no wsgi.py or asgi.py: it serves no URLs`;
      return undefined;
    }
    const factory = 'django.core.wsgi:get_wsgi_application()';
    const start: PythonStart = { ...serve('gunicorn', [factory]), env: [['DJANGO_SETTINGS_MODULE', django.value.settingsModule]] };
    return fact(has('gunicorn') ? start : { ...start, installs: 'gunicorn' }, django.evidence.source, 'DJANGO_SETTINGS_MODULE (no wsgi.py)', factory);
  }

  const brokenDjango = has('django') ? djangoProblem(fs) : undefined;
  if (brokenDjango) result.startProblem = `a Django project (${brokenDjango})`;

  const kinds = new Set<AppObject['kind']>(['flask', 'fastapi', 'starlette', 'quart', 'litestar', 'dash'].filter((k) => has(k)) as AppObject['kind'][]);
  const serveApp = (app: AppObject): Fact<PythonStart> | undefined => {
    result.framework = fact<PythonFramework>(app.kind, app.file, `line ${app.line}`, app.target);
    if (app.problem) {
      result.startProblem = app.problem;
      return undefined;
    }
    return fact(appServer(app, has), app.file, `line ${app.line}`, app.target);
  };
  const app = kinds.size > 0 ? findAppObject(fs, kinds, 'packages') : undefined;
  if (app) return serveApp(app);

  const served = findScriptServer(fs, has) ?? findAdkServer(fs, has);
  if (served) {
    warnings.push(...served.warnings);
    const framework = served.start.value.argv[0] === 'adk' ? 'google-adk' : served.name.toLowerCase() as PythonFramework;
    result.framework = fact(framework, served.start.evidence.source, served.start.evidence.field, served.name);
    if (framework === 'gradio') Object.assign(result, portInCode(fs.tryReadText(served.start.evidence.source) ?? '', served.start.evidence.source));
    return served.start;
  }

  const script = consoleScript(fs, pyproject, warnings);
  if (script) {
    if (script.file) Object.assign(result, portInCode(fs.tryReadText(script.file) ?? '', script.file));
    return script.start;
  }
  // An app in a folder without __init__.py is a weaker find than a declared console script.
  const namespaced = kinds.size > 0 ? findAppObject(fs, kinds, 'namespace folders') : undefined;
  if (namespaced) return serveApp(namespaced);
  const entry = findEntryScript(fs);
  if (entry?.guarded) return scriptStart(fs, entry, result);
  const pkg = packageDirs(fs).find(({ dir }) => fs.isFile(`${dir}/__main__.py`));
  if (pkg) {
    Object.assign(result, portInCode(fs.tryReadText(`${pkg.dir}/__main__.py`) ?? '', `${pkg.dir}/__main__.py`));
    return fact({ argv: ['python', '-m', pkg.module], server: 'other', needsProjectInstall: false }, `${pkg.dir}/__main__.py`);
  }
  const declared = procfileWorker(fs, warnings);
  if (declared) return declared;
  // A Procfile that names its processes but none dockgen can choose: guessing another would
  // override the project's own list; the error asks for --cmd.
  if (procfileLines(fs).some((line) => line.type !== 'release')) return undefined;
  if (entry) return scriptStart(fs, entry, result);
  const worker = findWorker(fs, has);
  if (worker) {
    warnings.push(...worker.warnings);
    return worker.start;
  }
  return undefined;
}

function scriptStart(fs: ProjectFs, entry: { file: string; line: number; guarded: boolean }, result: PythonAppFacts): Fact<PythonStart> {
  Object.assign(result, portInCode(fs.tryReadText(entry.file) ?? '', entry.file));
  const why = entry.guarded ? 'if __name__ == "__main__"' : 'code at the top level';
  return fact({ argv: ['python', entry.file], server: 'other', needsProjectInstall: false }, entry.file, `line ${entry.line}`, why);
}

/** Console script names that say "the service", preferred when a project declares several. */
const SERVICE_SCRIPTS = ['start', 'serve', 'server', 'web', 'app', 'run', 'main'];

/**
 * A `[project.scripts]` / `[tool.poetry.scripts]` entry: the only one, the one named like the
 * project, else a conventional service name (with a warning naming the others). When installing
 * the project does not create it (no build system, Poetry's package-mode = false), the image calls
 * the function the way the console script would: `python -c "…; sys.exit(main())"`.
 */
function consoleScript(fs: ProjectFs, pyproject: PyProject | undefined, warnings: string[]): { start: Fact<PythonStart>; file?: string } | undefined {
  const scripts = pyproject?.scripts ?? {};
  const names = Object.keys(scripts);
  const script = names.length === 1 ? names[0] : names.find((s) => s === pyproject?.name) ?? SERVICE_SCRIPTS.find((s) => names.includes(s));
  if (!script || !/^[\w.-]+$/.test(script)) return undefined;
  if (names.length > 1 && script !== pyproject?.name) {
    warnings.push(`pyproject.toml declares the scripts ${names.join(', ')}; the image runs "${script}". Pass --cmd to run another.`);
  }
  const target = scripts[script]!;
  const [module = '', call = ''] = target.split(':').map((part) => part.trim());
  const path = module.replaceAll('.', '/');
  const file = [`${path}.py`, `src/${path}.py`, `${path}/__init__.py`, `src/${path}/__init__.py`].find((f) => fs.isFile(f));
  if (pyproject?.buildable) {
    return { start: fact({ argv: [script], server: 'other', needsProjectInstall: true }, 'pyproject.toml', '[project.scripts]', script), ...(file ? { file } : {}) };
  }
  if (!/^[A-Za-z_][\w.]*$/.test(module) || !/^[A-Za-z_][\w.]*$/.test(call)) return undefined;
  const head = call.split('.')[0]!;
  const argv = ['python', '-c', `import sys; from ${module} import ${head}; sys.exit(${call}())`];
  warnings.push(
    `The script "${script}" (${target}) is not installed: the project is not installed as a package (${pyproject?.poetry?.packageMode === false ? 'Poetry package-mode = false' : 'no [build-system]'}). ` +
      'The image calls the function the way the console script would.',
  );
  return { start: fact({ argv, server: 'other', needsProjectInstall: false }, 'pyproject.toml', `scripts.${script}`, target), ...(file ? { file } : {}) };
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

/**
 * WSGI apps (Flask, Dash) run under gunicorn; ASGI apps under uvicorn, or gunicorn with uvicorn
 * workers when both are there. A server missing from the dependencies is installed (`installs`).
 */
function appServer(app: AppObject, has: (name: string) => boolean): PythonStart {
  if (app.kind === 'flask' || app.kind === 'dash') return { ...serve('gunicorn', [app.target]), ...(has('gunicorn') ? {} : { installs: 'gunicorn' as const }) };
  if (has('gunicorn') && has('uvicorn-worker')) return serve('gunicorn', ['--worker-class', 'uvicorn_worker.UvicornWorker', app.target]);
  if (has('gunicorn') && has('uvicorn')) return serve('gunicorn', ['--worker-class', 'uvicorn.workers.UvicornWorker', app.target]);
  // uvicorn takes no `module:factory()` call syntax: it has a flag for factories.
  const start = serve('uvicorn', app.factory ? ['--factory', app.factory] : [app.target]);
  return has('uvicorn') ? start : { ...start, installs: 'uvicorn' };
}

/** A port the code names: a PORT fallback, `port=8000` in a run() call, an HTTPServer address,
 *  a `PORT = 8080` constant, Gradio's `server_port=`. */
function portInCode(text: string, file: string): Pick<PythonAppFacts, 'codePort' | 'readsPort'> {
  const readsPort = /environ(?:\.get)?\s*[[(]\s*['"]PORT['"]|getenv\(\s*['"]PORT['"]/.test(text);
  const patterns = [
    /(?:environ\.get|getenv)\(\s*['"]PORT['"]\s*,\s*['"]?(\d{2,5})/,
    /\.(?:run|launch)\([^)]*\b(?:server_)?port\s*=\s*(\d{2,5})/,
    /(?:HTTPServer|TCPServer|make_server)\(\s*\(?\s*['"][^'"]*['"]\s*,\s*(\d{2,5})/,
    /^PORT\s*(?::\s*int\s*)?=\s*(\d{2,5})\s*(?:#.*)?$/m,
  ];
  for (const pattern of patterns) {
    const match = pattern.exec(text);
    if (match) return { readsPort, codePort: fact(Number(match[1]), file, undefined, `port ${match[1]}`) };
  }
  return { readsPort };
}

/**
 * Whether a Django settings module (or a file beside it: split settings import a base module)
 * sets ROOT_URLCONF, without which Django answers no request.
 */
function settingsRouteUrls(fs: ProjectFs, settingsModule: string): boolean {
  const path = settingsModule.replace(/\./g, '/');
  const folder = fs.isDirectory(path) ? path : path.split('/').slice(0, -1).join('/');
  const files = fs.list(folder).filter((name) => name.endsWith('.py')).map((name) => (folder ? `${folder}/${name}` : name));
  return files.some((file) => /^\s*ROOT_URLCONF\s*=/m.test(fs.tryReadText(file) ?? ''));
}
