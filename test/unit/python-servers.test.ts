import { describe, expect, it } from 'vitest';
import { generate } from '../../src/core.js';
import { MemoryFs } from '../../src/detect/fs.js';
import { callableWithoutArguments } from '../../src/detect/python/app-files.js';
import type { PythonPlan } from '../../src/plan/types.js';

const gen = (files: Record<string, string>, options = {}) => generate(new MemoryFs(files), '/x/app', options);
const dockerfile = (files: Record<string, string>, options = {}) => gen(files, options).files[0]!.content;
const python = (files: Record<string, string>, options = {}) => gen(files, options).plan as PythonPlan;

describe('a requirements file that installs the project itself (-e . or .)', () => {
  const files = {
    'requirements.txt': '-e .\ngunicorn==23.0.0\n',
    'pyproject.toml': '[project]\nname = "svc"\nversion = "1.0"\ndependencies = ["flask>=3"]\n\n[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n',
    'src/svc/__init__.py': '',
    'src/svc/app.py': 'from flask import Flask\n\napp = Flask(__name__)\n',
  };

  it('installs after COPY . ., where the project is, and counts the project\'s own dependencies', () => {
    const text = dockerfile(files);
    const copyAll = text.indexOf('COPY . .');
    expect(copyAll).toBeGreaterThan(0);
    expect(text.indexOf('pip install -r requirements.txt')).toBeGreaterThan(copyAll);
    expect(text).toMatch(/CMD \["gunicorn", "svc\.app:app"\]/);
  });

  it('also for a bare "." line and for -e .. from a requirements/ folder', () => {
    expect(dockerfile({ ...files, 'requirements.txt': '.\ngunicorn==23.0.0\n' }).indexOf('pip install -r requirements.txt')).toBeGreaterThan(dockerfile(files).indexOf('COPY . .'));
    const nested = { ...files, 'requirements.txt': undefined, 'requirements/production.txt': '-e ..\ngunicorn==23.0.0\n' } as unknown as Record<string, string>;
    delete nested['requirements.txt'];
    const text = dockerfile(nested);
    expect(text.indexOf('pip install -r requirements/production.txt')).toBeGreaterThan(text.indexOf('COPY . .'));
  });
});

describe('app factories', () => {
  const flaskr = {
    'requirements.txt': 'flask==3.1.2\ngunicorn==23.0.0\n',
    'flaskr/__init__.py': 'import os\n\nfrom flask import Flask\n\n\ndef create_app(test_config=None):\n    app = Flask(__name__, instance_relative_config=True)\n    return app\n',
  };

  it("finds the Flask tutorial's create_app(test_config=None) and serves it with gunicorn's factory syntax", () => {
    expect(dockerfile(flaskr)).toMatch(/CMD \["gunicorn", "flaskr:create_app\(\)"\]/);
  });

  it('runs a FastAPI factory under uvicorn with --factory (uvicorn has no call syntax)', () => {
    const files = {
      'requirements.txt': 'fastapi==0.118.0\nuvicorn==0.37.0\n',
      'app/__init__.py': '',
      'app/main.py': 'from fastapi import FastAPI\n\n\ndef create_app(\n    settings: "Settings | None" = None,\n    *,\n    debug: bool = False,\n) -> FastAPI:\n    return FastAPI()\n',
    };
    expect(dockerfile(files)).toMatch(/"uvicorn", "--factory", "app\.main:create_app", "--port", "\$PORT"\]/);
  });

  it('does not take a factory that needs arguments for one the server can call', () => {
    const files = { ...flaskr, 'flaskr/__init__.py': 'from flask import Flask\n\ndef create_app(config):\n    return Flask(__name__)\n' };
    expect(() => gen(files)).toThrow(expect.objectContaining({ flag: '--cmd' }));
  });

  it.each([
    ['def create_app():', true],
    ['def create_app(test_config=None):', true],
    ['def create_app(settings: Settings | None = None) -> FastAPI:', true],
    ['def create_app(overrides: dict[str, int] = {}, *args, **kwargs):', true],
    ['def create_app(config):', false],
    ['def create_app(config, debug=False):', false],
    ['def create_app(a: dict[str, int]):', false],
    ['def create_app(\n    debug=False,  # for tests\n):', true],
  ])('%s → callable without arguments: %s', (signature, callable) => {
    expect(callableWithoutArguments(signature)).toBe(callable);
  });
});

describe('gunicorn config files', () => {
  const app = { 'requirements.txt': 'flask==3.1.2\ngunicorn==23.0.0\n', 'app.py': 'from flask import Flask\n\napp = Flask(__name__)\n' };

  it("takes the port from gunicorn.conf.py's bind, which outranks PORT", () => {
    const plan = python({ ...app, 'gunicorn.conf.py': 'workers = 4\nbind = "0.0.0.0:8080"\n' });
    expect(plan.port).toBe(8080);
    expect(plan.decisions.find((d) => d.topic === 'port')!.evidence).toMatchObject({ source: 'gunicorn.conf.py', field: 'line 2' });
    expect(plan.runtimeEnv).toContainEqual(['PORT', '8080']);
  });

  it('reads the file a Procfile names with -c, and a one-item bind list', () => {
    const plan = python({ ...app, Procfile: 'web: gunicorn -c config/gunicorn.py app:app\n', 'config/gunicorn.py': "bind = ['0.0.0.0:9000']\n" });
    expect(plan.port).toBe(9000);
  });

  it('a --bind in the command wins over the file; a computed bind leaves PORT in charge', () => {
    expect(python({ ...app, Procfile: 'web: gunicorn --bind 0.0.0.0:7000 app:app\n', 'gunicorn.conf.py': 'bind = "0.0.0.0:8080"\n' }).port).toBe(7000);
    expect(python({ ...app, 'gunicorn.conf.py': 'import os\nbind = f"0.0.0.0:{os.environ[\'PORT\']}"\n' }).port).toBe(5000);
  });

  it('warns about a loopback bind, and about a --port the file overrides', () => {
    expect(python({ ...app, 'gunicorn.conf.py': 'bind = "127.0.0.1:8000"\n' }).warnings.join('\n')).toMatch(/loopback.*Bind 0\.0\.0\.0:8000/);
    expect(python({ ...app, 'gunicorn.conf.py': 'bind = "0.0.0.0:8080"\n' }, { port: 9000 }).warnings.join('\n')).toMatch(/outranks PORT, so gunicorn listens on 8080, not 9000/);
  });

  it('never reads a config path outside the project', () => {
    const outside = python({ ...app, Procfile: 'web: gunicorn -c ../../etc/gunicorn.py app:app\n' });
    expect(outside.decisions.find((d) => d.topic === 'port')!.evidence.source).not.toMatch(/etc/);
    expect(outside.port).toBe(python({ ...app, Procfile: 'web: gunicorn app:app\n' }).port);
  });
});

describe('Procfile without a web line', () => {
  const celery = { 'requirements.txt': 'celery==5.5.3\n', 'proj/__init__.py': '', 'proj/celery.py': 'from celery import Celery\n\napp = Celery("proj")\n' };

  it('runs the only process it declares, as a worker without a port', () => {
    const plan = python({ ...celery, Procfile: 'worker: celery -A proj worker --loglevel=INFO\n' });
    expect(JSON.parse(plan.cmd)).toEqual(['celery', '-A', 'proj', 'worker', '--loglevel=INFO']);
    expect(plan.port).toBeUndefined();
  });

  it('runs "worker" when there are several (release is a deploy step) and names the others with --cmd', () => {
    const plan = python({ ...celery, Procfile: 'release: python manage.py migrate\nbeat: celery -A proj beat\nworker: celery -A proj worker\n' });
    expect(JSON.parse(plan.cmd)).toEqual(['celery', '-A', 'proj', 'worker']);
    expect(plan.warnings.join('\n')).toMatch(/runs "worker".*Build another image for "beat" with --cmd, e.g. --cmd "celery -A proj beat"/);
  });

  it('asks for --cmd when no process can be chosen', () => {
    expect(() => gen({ ...celery, Procfile: 'beat: celery -A proj beat\nflower: celery -A proj flower\n' })).toThrow(expect.objectContaining({ flag: '--cmd' }));
  });

  it('a web line or an app still comes first', () => {
    const files = { ...celery, 'requirements.txt': 'flask==3.1.2\ngunicorn==23.0.0\ncelery==5.5.3\n', 'app.py': 'from flask import Flask\napp = Flask(__name__)\n', Procfile: 'worker: celery -A proj worker\n' };
    expect(JSON.parse(python(files).cmd)).toEqual(['gunicorn', 'app:app']);
  });
});

describe('Python version from Pipfile', () => {
  const pipenv = (requires: string) => ({
    Pipfile: `[packages]\nflask = "==3.1.2"\ngunicorn = "==23.0.0"\n\n[requires]\n${requires}\n`,
    'Pipfile.lock': '{"_meta": {}, "default": {}}',
    'app.py': 'from flask import Flask\napp = Flask(__name__)\n',
  });

  it('reads [requires] python_version, and python_full_version exactly', () => {
    const minor = python(pipenv('python_version = "3.11"')).decisions.find((d) => d.topic === 'Python version')!;
    expect(minor.value).toMatch(/^3\.11\.\d+$/);
    expect(minor.evidence).toMatchObject({ source: 'Pipfile', field: 'requires.python_version' });
    expect(python(pipenv('python_full_version = "3.12.3"')).decisions.find((d) => d.topic === 'Python version')!.value).toBe('3.12.3');
  });
});

describe('Django split settings (cookiecutter-django layout)', () => {
  const files = {
    'manage.py': 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")\n',
    'config/__init__.py': '',
    'config/wsgi.py': 'application = get_wsgi_application()\n',
    'config/settings/__init__.py': '',
    'config/settings/base.py': 'WSGI_APPLICATION = "config.wsgi.application"\nSTATIC_ROOT = str(BASE_DIR / "staticfiles")\n',
    'config/settings/local.py': 'from .base import *  # noqa\nDEBUG = True\n',
    'requirements/base.txt': 'django==5.2.7\n',
    'requirements/production.txt': '-r base.txt\ngunicorn==23.0.0\n',
  };

  it('follows `from .base import *` for WSGI_APPLICATION and STATIC_ROOT', () => {
    const text = dockerfile(files);
    expect(text).toMatch(/CMD \["gunicorn", "config\.wsgi:application"\]/);
    expect(text).toMatch(/collectstatic/);
  });

  it('finds wsgi.py in the parent package of a settings/ package when no setting names it', () => {
    const text = dockerfile({ ...files, 'config/settings/base.py': 'DEBUG = False\n' });
    expect(text).toMatch(/CMD \["gunicorn", "config\.wsgi:application"\]/);
    expect(text).not.toMatch(/collectstatic/);
  });
});

describe('credentials in a requirements file', () => {
  it('warns where an index URL carries them (the file ends up in the image), and not for a plain URL', () => {
    const app = { 'app.py': 'from flask import Flask\napp = Flask(__name__)\n' };
    const secret = python({ ...app, 'requirements.txt': '--extra-index-url https://deploy:glpat-SECRET@gitlab.example.com/api/v4/simple\nflask==3.1.2\ngunicorn==23.0.0\n' });
    expect(secret.warnings.join('\n')).toMatch(/requirements\.txt line 1: the index URL carries credentials.*PIP_EXTRA_INDEX_URL/);
    const plain = python({ ...app, 'requirements.txt': '--index-url https://pypi.example.com/simple\nflask==3.1.2\ngunicorn==23.0.0\n' });
    expect(plain.warnings.join('\n')).not.toMatch(/credentials/);
  });
});

describe('a Procfile command that passes $PORT to a wrapper', () => {
  it('serves on a port: ENV PORT and EXPOSE, and the command gets PORT at run time', () => {
    const plan = python({
      'requirements.txt': 'fastapi==0.118.0\nuvicorn==0.37.0\n',
      'main.py': 'from fastapi import FastAPI\napp = FastAPI()\n',
      'bin/start-pgbouncer': '#!/bin/sh\nexec "$@"\n',
      Procfile: 'web: bin/start-pgbouncer uvicorn main:app --host 0.0.0.0 --port $PORT\n',
    });
    expect(plan.port).toBe(8000);
    expect(plan.runtimeEnv).toContainEqual(['PORT', '8000']);
    const argv = JSON.parse(plan.cmd) as string[];
    expect(argv.slice(0, 2)).toEqual(['python', '-c']);
    expect(argv[2]).toContain("os.environ.get('PORT') or '8000'");
    expect(argv.slice(3)).toEqual(['bin/start-pgbouncer', 'uvicorn', 'main:app', '--host', '0.0.0.0', '--port', '$PORT']);
  });
});

describe('.dockerignore for Python projects', () => {
  it("keeps cookiecutter-django's .envs/ and Django's development database out of the image", async () => {
    const { isIgnored, pythonIgnore } = await import('../../src/plan/ignore.js');
    for (const path of ['.envs/.production/.django', '.envs/.local/.postgres', 'db.sqlite3', 'backend/db.sqlite3']) {
      expect(isIgnored(path, pythonIgnore()), path).toBe(true);
    }
    expect(isIgnored('app/models.py', pythonIgnore())).toBe(false);
  });
});

describe('--cmd with its own port', () => {
  it('takes EXPOSE and PORT from --bind/--port in the command, as from a Procfile', () => {
    const app = { 'requirements.txt': 'flask==3.1.2\ngunicorn==23.0.0\n', 'app.py': 'from flask import Flask\napp = Flask(__name__)\n' };
    const plan = python(app, { cmd: ['gunicorn', '-b', '0.0.0.0:9000', 'app:app'] });
    expect(plan.port).toBe(9000);
    expect(plan.runtimeEnv).toContainEqual(['PORT', '9000']);
  });
});

describe('Django kept under src/', () => {
  it('finds src/manage.py, runs collectstatic from there and serves the WSGI app with src/ on the path', () => {
    const text = dockerfile({
      'requirements.txt': 'Django==5.1.4\ngunicorn==23.0.0\n',
      'src/manage.py': 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "mysite.settings")\n',
      'src/mysite/__init__.py': '',
      'src/mysite/settings.py': 'STATIC_ROOT = BASE_DIR / "staticfiles"\n',
      'src/mysite/wsgi.py': 'application = get_wsgi_application()\n',
    });
    expect(text).toMatch(/RUN python src\/manage\.py collectstatic --noinput/);
    expect(text).toMatch(/ENV PYTHONPATH=\/app\/src/);
    expect(text).toMatch(/CMD \["gunicorn", "mysite\.wsgi:application"\]/);
  });
});

describe('front-end assets built with Node.js', () => {
  const django = {
    'requirements.txt': 'Django==5.1.4\ngunicorn==23.0.0\n',
    'manage.py': 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings")\n',
    'shop/__init__.py': '',
    'shop/settings.py': 'STATIC_ROOT = BASE_DIR / "staticfiles"\n',
    'shop/wsgi.py': 'application = get_wsgi_application()\n',
  };

  it('builds them in a Node.js stage and copies them over the source before collectstatic', () => {
    const files = { ...django, 'package.json': JSON.stringify({ name: 'shop-assets', scripts: { build: 'webpack --mode production' }, devDependencies: { webpack: '5.0.0' } }), 'package-lock.json': '{}' };
    const generation = gen(files);
    const text = generation.files[0]!.content;
    expect(text).toMatch(/^FROM node:\$\{NODE_VERSION\}-\S+ AS assets$/m);
    expect(text).toMatch(/RUN npm run build \\\n {4}&& rm -rf node_modules/);
    const overlay = text.indexOf('COPY --from=assets /app ./');
    expect(overlay).toBeGreaterThan(text.indexOf('COPY . .\n', text.indexOf('AS build')));
    expect(text.indexOf('collectstatic')).toBeGreaterThan(overlay);
    // Node.js stays in the build: the final stage is the Python image.
    expect(text.slice(text.lastIndexOf('FROM '))).toMatch(/^FROM base AS runtime/);
    expect(generation.plan.warnings.join('\n')).not.toMatch(/also looks like a node project/);
  });

  it('a package.json without a build script is left alone (and named in the usual warning)', () => {
    const generation = gen({ ...django, 'package.json': JSON.stringify({ name: 'tools', devDependencies: { prettier: '3.0.0' } }) });
    expect(generation.files[0]!.content).not.toMatch(/AS assets/);
    expect(generation.plan.warnings.join('\n')).toMatch(/also looks like a node project/);
  });
});

describe('Node.js flags on a Python app', () => {
  const app = { 'requirements.txt': 'flask==3.1.2\ngunicorn==23.0.0\n', 'app.py': 'from flask import Flask\napp = Flask(__name__)\n' };
  const withAssets = { ...app, 'package.json': JSON.stringify({ name: 'a', scripts: { build: 'vite build' } }) };

  it('--node-version and --package-manager set up its front-end build', () => {
    const text = dockerfile(withAssets, { nodeVersion: '22', packageManager: 'pnpm' });
    expect(text).toMatch(/^ARG NODE_VERSION=22\.\d+\.\d+$/m);
    expect(text).toMatch(/pnpm/);
  });

  it('are refused without a front-end build, instead of being ignored', () => {
    expect(() => gen(app, { nodeVersion: '22' })).toThrow(/--node-version applies to node projects, but this is a python project/);
  });
});
