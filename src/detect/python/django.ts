import { fact, type Fact } from '../evidence.js';
import type { ProjectFs } from '../fs.js';

export interface DjangoFacts {
  /** `manage.py`, `src/manage.py` for a project kept under src/, or `mysite/manage.py` for a
   *  repository whose Django project sits in one folder next to the root's requirements. */
  manage: string;
  /** The folder manage.py is in, when it is neither the root nor src/: the project's modules are
   *  imported from there, so the server needs it on PYTHONPATH. */
  codeRoot?: string;
  /** `mysite.settings` */
  settingsModule: string;
  /** `mysite.wsgi:application` */
  wsgi?: string;
  /** `mysite.asgi:application` */
  asgi?: string;
  /** STATIC_ROOT is set: static files are collected at build time. */
  collectStatic: boolean;
  /** An environment variable the settings require to import at all (e.g. the secret key):
   *  collectstatic gets a throwaway value for it, at build time only. */
  requiredEnv: string[];
}

/** Django: manage.py names the settings module; the settings name the WSGI application. */
export function detectDjango(fs: ProjectFs): Fact<DjangoFacts> | undefined {
  const manageFile = findManage(fs);
  const manage = manageFile && fs.tryReadText(manageFile);
  if (!manageFile || manage === undefined) return undefined;
  const settings = /DJANGO_SETTINGS_MODULE['"]\s*,\s*['"]([\w.]+)['"]/.exec(manage)?.[1];
  if (!settings) return undefined;
  const text = settingsText(fs, settings, 0, codeRootOf(manageFile));
  // The package holding wsgi.py: the settings' parent, or its parent for a settings/ package.
  const parents = settings.split('.').slice(0, -1).map((_, i, all) => all.slice(0, all.length - i).join('.'));
  const codeRoot = codeRootOf(manageFile);
  const roots = codeRoot ? [`${codeRoot}/`] : ['', 'src/'];
  const inProject = (p: string, file: string) => roots.some((root) => fs.isFile(`${root}${p.replaceAll('.', '/')}/${file}`));
  const project = parents.find((p) => inProject(p, 'wsgi.py') || inProject(p, 'asgi.py')) ?? parents[0] ?? settings;
  const facts: DjangoFacts = {
    manage: manageFile,
    settingsModule: settings,
    collectStatic: /^STATIC_ROOT\s*=/m.test(text),
    requiredEnv: requiredEnvironment(text),
  };
  if (codeRoot) facts.codeRoot = codeRoot;
  const wsgiSetting = /^WSGI_APPLICATION\s*=\s*['"]([\w.]+)\.(\w+)['"]/m.exec(text);
  if (wsgiSetting) facts.wsgi = `${wsgiSetting[1]}:${wsgiSetting[2]}`;
  else if (inProject(project, 'wsgi.py')) facts.wsgi = `${project}.wsgi:application`;
  const asgiSetting = /^ASGI_APPLICATION\s*=\s*['"]([\w.]+)\.(\w+)['"]/m.exec(text);
  if (asgiSetting) facts.asgi = `${asgiSetting[1]}:${asgiSetting[2]}`;
  else if (inProject(project, 'asgi.py')) facts.asgi = `${project}.asgi:application`;
  return fact(facts, manageFile, 'DJANGO_SETTINGS_MODULE', settings);
}

/** Folders that hold no Django project of the app's own, whatever is in them. */
const NOT_PROJECT = new Set(['tests', 'test', 'docs', 'node_modules', 'venv', 'env', 'site-packages', 'build', 'dist', 'examples', 'example']);

/**
 * manage.py at the root or in src/; else in exactly one first-level folder (`mysite/manage.py`, the
 * layout `django-admin startproject mysite` leaves when the repository root holds the
 * requirements). Two such folders are two projects: no guess.
 */
function findManage(fs: ProjectFs): string | undefined {
  const direct = ['manage.py', 'src/manage.py'].find((file) => fs.isFile(file));
  if (direct) return direct;
  const nested = fs.list('.')
    .filter((name) => /^[A-Za-z_][\w-]*$/.test(name) && !NOT_PROJECT.has(name) && fs.isFile(`${name}/manage.py`))
    .map((name) => `${name}/manage.py`);
  return nested.length === 1 ? nested[0] : undefined;
}

/** The folder modules are imported from, for a manage.py outside the root and src/. */
function codeRootOf(manageFile: string): string | undefined {
  const dir = manageFile.slice(0, -'/manage.py'.length);
  return manageFile.includes('/') && dir !== 'src' ? dir : undefined;
}

/** Where a module's file may be: the code root when there is one, else the root or src/. */
function moduleFiles(path: string, codeRoot: string | undefined): string[] {
  const roots = codeRoot ? [`${codeRoot}/`] : ['', 'src/'];
  return roots.flatMap((root) => [`${root}${path}.py`, `${root}${path}/__init__.py`]);
}

/**
 * Why a project that depends on Django and has a manage.py is not a Django project dockgen can
 * serve: the settings module manage.py names is missing or is not a module name at all.
 */
export function djangoProblem(fs: ProjectFs): string | undefined {
  const manageFile = findManage(fs);
  const manage = manageFile && fs.tryReadText(manageFile);
  if (!manageFile || manage === undefined) return undefined;
  const named = /DJANGO_SETTINGS_MODULE['"]\s*,\s*['"]([^'"\n]{1,200})['"]/.exec(manage)?.[1];
  if (named === undefined) return `${manageFile} but no DJANGO_SETTINGS_MODULE in it`;
  const path = named.replaceAll('.', '/');
  const exists = moduleFiles(path, codeRootOf(manageFile)).some((f) => /^[\w.]+$/.test(named) && fs.isFile(f));
  return exists ? undefined : `${manageFile} naming the settings module "${named.replace(/[^\x20-\x7e]/g, '?')}", which is not a module in the project`;
}

/**
 * The settings module's text, preceded by the modules it star-imports (`from .base import *`, as in
 * split settings such as cookiecutter-django's config/settings/{base,local,production}.py), so a
 * setting made in a base module counts and a later override wins. A few levels deep at most.
 */
function settingsText(fs: ProjectFs, module: string, depth: number, codeRoot: string | undefined): string {
  const path = module.replaceAll('.', '/');
  const file = moduleFiles(path, codeRoot).find((f) => fs.isFile(f));
  const text = (file && fs.tryReadText(file)) ?? '';
  if (depth >= 3) return text;
  const parts: string[] = [];
  for (const match of text.matchAll(/^from\s+(\.*)([\w.]*)\s+import\s+\*/gm)) {
    const dots = match[1]!.length;
    const base = dots === 0 ? match[2]! : [...module.split('.').slice(0, -dots), ...(match[2] ? [match[2]] : [])].join('.');
    if (base && base !== module) parts.push(settingsText(fs, base, depth + 1, codeRoot));
  }
  return [...parts, text].join('\n');
}

/** Variables read without a default at import time: `os.environ["X"]`, `env("X")` (django-environ). */
function requiredEnvironment(text: string): string[] {
  const names = new Set<string>();
  for (const match of text.matchAll(/^\w+\s*=\s*(?:os\.environ\[\s*['"](\w+)['"]\s*\]|env(?:\.str)?\(\s*['"](\w+)['"]\s*\))/gm)) {
    names.add((match[1] ?? match[2])!);
  }
  return [...names];
}
