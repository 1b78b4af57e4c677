import { fact, type Fact } from '../evidence.js';
import type { ProjectFs } from '../fs.js';

export interface DjangoFacts {
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
  const manage = fs.tryReadText('manage.py');
  if (manage === undefined) return undefined;
  const settings = /DJANGO_SETTINGS_MODULE['"]\s*,\s*['"]([\w.]+)['"]/.exec(manage)?.[1];
  if (!settings) return undefined;
  const settingsPath = settings.replaceAll('.', '/');
  const settingsFile = [`${settingsPath}.py`, `${settingsPath}/__init__.py`, `src/${settingsPath}.py`].find((file) => fs.isFile(file));
  const text = (settingsFile && fs.tryReadText(settingsFile)) ?? '';
  const project = settings.split('.').slice(0, -1).join('.') || settings;
  const facts: DjangoFacts = {
    settingsModule: settings,
    collectStatic: /^STATIC_ROOT\s*=/m.test(text),
    requiredEnv: requiredEnvironment(text),
  };
  const wsgiSetting = /^WSGI_APPLICATION\s*=\s*['"]([\w.]+)\.(\w+)['"]/m.exec(text);
  if (wsgiSetting) facts.wsgi = `${wsgiSetting[1]}:${wsgiSetting[2]}`;
  else if (fs.isFile(`${project.replaceAll('.', '/')}/wsgi.py`)) facts.wsgi = `${project}.wsgi:application`;
  const asgiSetting = /^ASGI_APPLICATION\s*=\s*['"]([\w.]+)\.(\w+)['"]/m.exec(text);
  if (asgiSetting) facts.asgi = `${asgiSetting[1]}:${asgiSetting[2]}`;
  else if (fs.isFile(`${project.replaceAll('.', '/')}/asgi.py`)) facts.asgi = `${project}.asgi:application`;
  return fact(facts, 'manage.py', 'DJANGO_SETTINGS_MODULE', settings);
}

/** Variables read without a default at import time: `os.environ["X"]`, `env("X")` (django-environ). */
function requiredEnvironment(text: string): string[] {
  const names = new Set<string>();
  for (const match of text.matchAll(/^\w+\s*=\s*(?:os\.environ\[\s*['"](\w+)['"]\s*\]|env(?:\.str)?\(\s*['"](\w+)['"]\s*\))/gm)) {
    names.add((match[1] ?? match[2])!);
  }
  return [...names];
}
