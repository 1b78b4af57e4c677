import type { ProjectFs } from '../fs.js';
import { loneRootScript } from './script.js';

/** An application object found in the code: `app = FastAPI()` in app/main.py → `app.main:app`. */
export interface AppObject {
  /** Import target as gunicorn takes it: `module:attr`, or `module:create_app()` for a factory. */
  target: string;
  /** A factory (`def create_app(…)` returning the app): uvicorn needs `--factory module:create_app`. */
  factory?: string;
  kind: 'flask' | 'fastapi' | 'starlette' | 'quart' | 'litestar' | 'dash';
  file: string;
  line: number;
  /** Why the object cannot be served as found (a Dash app without a `server = app.server` name). */
  problem?: string;
}

/** Files where apps conventionally live, at the root and in one package level (never a walk). */
const ROOT_FILES = ['app.py', 'main.py', 'wsgi.py', 'asgi.py', 'server.py', 'application.py', 'api.py', 'run.py'];
const PACKAGE_FILES = ['__init__.py', 'main.py', 'app.py', 'wsgi.py', 'asgi.py', 'api.py', 'server.py', 'application.py'];
/** Folders that are never the application package. */
const NOT_APP = new Set(['tests', 'test', 'docs', 'migrations', 'scripts', 'venv', 'env', 'node_modules', 'site-packages', 'build', 'dist']);

const CONSTRUCTORS: Record<string, AppObject['kind']> = {
  Flask: 'flask', FastAPI: 'fastapi', Starlette: 'starlette', Quart: 'quart', Litestar: 'litestar', Dash: 'dash',
};

/** Python packages at the root and under src/ (folders with __init__.py), as [import prefix, folder]. */
export function packageDirs(fs: ProjectFs): Array<{ module: string; dir: string }> {
  const found: Array<{ module: string; dir: string }> = [];
  for (const base of ['', 'src/']) {
    for (const name of fs.list(base || '.')) {
      if (name.startsWith('.') || name.startsWith('_') || NOT_APP.has(name) || !/^[A-Za-z_]\w*$/.test(name)) continue;
      if (fs.isFile(`${base}${name}/__init__.py`) || fs.isFile(`${base}${name}/__main__.py`)) found.push({ module: name, dir: `${base}${name}` });
    }
  }
  return found;
}

/** Root files and regular packages, or (a weaker find) root folders without __init__.py. */
export type AppPlaces = 'packages' | 'namespace folders';

/** Candidate app files in priority order, with their module names: the conventional names, the one
 *  .py file at the root whatever its name (`custom.py`), then the packages' conventional files. */
export function candidateFiles(fs: ProjectFs, where: AppPlaces = 'packages'): Array<{ file: string; module: string }> {
  const files: Array<{ file: string; module: string }> = [];
  if (where === 'packages') {
    const lone = loneRootScript(fs);
    const root = [...ROOT_FILES, ...(lone && !ROOT_FILES.includes(lone) && /^[A-Za-z_]\w*\.py$/.test(lone) ? [lone] : [])];
    files.push(...root.filter((file) => fs.isFile(file)).map((file) => ({ file, module: file.slice(0, -3) })));
  }
  for (const { module, dir } of where === 'packages' ? packageDirs(fs) : namespaceDirs(fs)) {
    for (const name of PACKAGE_FILES) {
      const file = `${dir}/${name}`;
      if (fs.isFile(file)) files.push({ file, module: name === '__init__.py' ? module : `${module}.${name.slice(0, -3)}` });
    }
  }
  return files;
}

/**
 * Root folders without an __init__.py that hold a conventional app file (`app/main.py`, as FastAPI's
 * tutorial lays a project out): Python 3 imports them as namespace packages, so `app.main:app` is
 * served from /app as it is. Looked at after the regular packages and the console scripts.
 */
function namespaceDirs(fs: ProjectFs): Array<{ module: string; dir: string }> {
  return fs.list('.')
    .filter((name) => /^[A-Za-z]\w*$/.test(name) && !NOT_APP.has(name) && !NOT_NAMESPACE_APP.has(name))
    .filter((name) => fs.isDirectory(name) && !fs.isFile(`${name}/__init__.py`) && !fs.isFile(`${name}/__main__.py`))
    .map((name) => ({ module: name, dir: name }));
}
/** Folders of examples and tools, never the app, even when they hold a main.py. */
const NOT_NAMESPACE_APP = new Set(['examples', 'example', 'samples', 'sample', 'tools', 'benchmarks', 'notebooks', 'lib', 'bin', 'static', 'templates', 'frontend', 'web', 'client']);

/** The first app object in the candidate files: a module-level `name = Flask(…)`, else a factory. */
export function findAppObject(fs: ProjectFs, kinds: ReadonlySet<AppObject['kind']>, where: AppPlaces = 'packages'): AppObject | undefined {
  let factory: AppObject | undefined;
  for (const { file, module } of candidateFiles(fs, where)) {
    const text = fs.tryReadText(file);
    if (text === undefined) continue;
    const lines = text.split('\n');
    for (const [index, line] of lines.entries()) {
      const assignment = /^([A-Za-z_]\w*)\s*(?::\s*[\w.]+\s*)?=\s*(?:[\w.]+\.)?(Flask|FastAPI|Starlette|Quart|Litestar|Dash)\(/.exec(line);
      const kind = assignment && CONSTRUCTORS[assignment[2]!];
      if (assignment && kind && kinds.has(kind)) {
        const found: AppObject = { target: `${module}:${assignment[1]}`, kind, file, line: index + 1 };
        return kind === 'dash' ? dashServer(found, assignment[1]!, text) : found;
      }
      const factoryMatch = /^def (create_app|make_app)\(/.exec(line);
      if (factoryMatch && !factory && callableWithoutArguments(lines.slice(index, index + 10).join('\n'))) {
        const kindInFile = Object.entries(CONSTRUCTORS).find(([name, k]) => kinds.has(k) && text.includes(`${name}(`));
        const name = factoryMatch[1]!;
        if (kindInFile) factory = { target: `${module}:${name}()`, factory: `${module}:${name}`, kind: kindInFile[1], file, line: index + 1 };
      }
    }
  }
  return factory;
}

/**
 * A Dash app is served by the Flask app it wraps, `app.server`. gunicorn takes only a name (or a
 * call) after the colon, not an attribute, so the module must give that server a name of its own:
 * `server = app.server`, as Dash's deployment guide does.
 */
function dashServer(app: AppObject, name: string, text: string): AppObject {
  const alias = new RegExp(`^([A-Za-z_]\\w*)\\s*=\\s*${name}\\.server\\b`, 'm').exec(text);
  if (alias) return { ...app, target: `${app.target.split(':')[0]}:${alias[1]}` };
  return { ...app, problem: `a Dash app (${app.target}) whose Flask server has no name of its own: add \`server = ${name}.server\` to ${app.file} so that gunicorn can serve ${app.target.split(':')[0]}:server` };
}

/**
 * Whether a `def f(…)` can be called as `f()`: servers call factories without arguments, so every
 * parameter needs a default (`test_config=None`, `settings: Settings | None = None`) or be `*args`/`**kw`.
 * Reads the signature from the `def` line on (it may span lines), splitting at top-level commas.
 */
export function callableWithoutArguments(source: string): boolean {
  const open = source.indexOf('(');
  let depth = 0;
  let current = '';
  const params: string[] = [];
  for (const char of source.slice(open + 1)) {
    if (depth === 0 && (char === ')' || char === ',')) {
      params.push(current.replace(/#.*$/gm, '').trim());
      current = '';
      if (char === ')') {
        return params.every((p) => p === '' || p === '/' || p === '*' || p.startsWith('*') || /^[A-Za-z_]\w*\s*(:[^=]*)?=/.test(p));
      }
      continue;
    }
    if ('([{'.includes(char)) depth++;
    if (')]}'.includes(char)) depth--;
    current += char;
  }
  return false; // the signature did not end within the lines read
}
