import { describe, expect, it } from 'vitest';
import { MemoryFs } from '../../src/detect/fs.js';
import { detectPython } from '../../src/detect/python/index.js';

const detect = (files: Record<string, string>) => detectPython(new MemoryFs(files));
const flaskApp = 'from flask import Flask\n\napp = Flask(__name__)\n';

describe('dependency manager', () => {
  it('picks the manager by lockfile: uv > poetry > pipenv > pdm > requirements > pyproject', () => {
    const pyproject = '[project]\nname = "x"\ndependencies = ["flask==3.1.2"]\n';
    const all = {
      'pyproject.toml': pyproject, 'uv.lock': '', 'poetry.lock': '', 'Pipfile': '[packages]\n', 'Pipfile.lock': '{}',
      'pdm.lock': '', 'requirements.txt': 'flask==3.1.2\n', 'app.py': flaskApp,
    };
    const order = ['uv.lock', 'poetry.lock', 'Pipfile.lock', 'pdm.lock', 'requirements.txt'];
    const names = ['uv', 'poetry', 'pipenv', 'pdm', 'pip'];
    order.forEach((lock, index) => {
      const files: Record<string, string> = { ...all };
      for (const earlier of order.slice(0, index)) delete files[earlier];
      if (index > 2) delete files['Pipfile'];
      expect(detect(files).manager.value.name).toBe(names[index]);
    });
    expect(detect({ 'pyproject.toml': pyproject, 'app.py': flaskApp }).manager.value.source).toBe('pyproject');
  });

  it('follows -r includes, records hashes and local paths, and copies every file it read', () => {
    const facts = detect({
      'requirements.txt': '-r requirements/base.txt\n--index-url https://pypi.example.com/simple\ngunicorn==23.0.0 \\\n    --hash=sha256:abc\n-e ./libs/common\n',
      'requirements/base.txt': '-c constraints.txt\nflask[async]==3.1.2 ; python_version >= "3.9"\n',
      'requirements/constraints.txt': 'werkzeug==3.1.3\n',
      'app.py': flaskApp,
    });
    const manager = facts.manager.value;
    expect(manager.manifests).toEqual(['requirements.txt', 'requirements/base.txt', 'requirements/constraints.txt']);
    expect(manager.hashes).toBe(true);
    expect(manager.localPaths).toEqual(['libs/common']);
    expect(facts.dependencies.map((d) => d.name)).toEqual(['flask', 'gunicorn']);
    expect(manager.reproducible).toBe(true);
  });

  it('installs a project whose dependencies are dynamic (setup.py, a plugin) from its source', () => {
    const facts = detect({
      'pyproject.toml': '[project]\nname = "x"\ndynamic = ["dependencies", "version"]\n[build-system]\nrequires = ["setuptools"]\n',
      'setup.py': 'from setuptools import setup\nsetup(install_requires=open("requirements.in").read().split())\n',
      'app.py': flaskApp,
    });
    expect(facts.manager.value).toMatchObject({ name: 'pip', source: 'setup', localPaths: [''], reproducible: false });
    expect(facts.warnings.join()).toMatch(/computed by setup\.py at install time/);
  });

  it('warns when requirements are not pinned and there is no lock (R9)', () => {
    const facts = detect({ 'requirements.txt': 'flask>=3\ngunicorn\n', 'app.py': flaskApp });
    expect(facts.manager.value.reproducible).toBe(false);
    expect(facts.warnings.join()).toMatch(/not pinned/);
  });

  it.each([
    ['an option pip does not know', 'flask==3.1.2\n--frobnicate\n', /line 2: "--frobnicate"/],
    ['a line that is no requirement', 'flask==3.1.2\n<<<<<<< HEAD\n', /line 2: "<<<<<<< HEAD" is not a requirement/],
    ['binary junk', 'flask\0\u0001\u0002', /not a text file/],
    ['a missing include', '-r missing.txt\n', /includes missing.txt, which does not exist/],
  ])('refuses %s with the file and line', (_, text, message) => {
    expect(() => detect({ 'requirements.txt': text })).toThrow(message);
  });

  it('refuses bad TOML naming the file; a Pipfile without its lock is locked at build time, not reproducible', () => {
    expect(() => detect({ 'pyproject.toml': '[project\nname = "x"' })).toThrow(/pyproject\.toml is not valid TOML/);
    const unlocked = detect({ 'Pipfile': '[packages]\nflask = "*"\n', 'app.py': flaskApp });
    expect(unlocked.manager.value).toMatchObject({ name: 'pipenv', manifests: ['Pipfile'], reproducible: false });
    expect(unlocked.manager.value.lockfile).toBeUndefined();
  });
});

describe('start command', () => {
  it('serves Flask with gunicorn when gunicorn is a dependency, including app factories in a package', () => {
    expect(detect({ 'requirements.txt': 'flask\ngunicorn\n', 'app.py': flaskApp }).start?.value.argv).toEqual(['gunicorn', 'app:app']);
    const factory = detect({
      'requirements.txt': 'flask\ngunicorn\n',
      'blog/__init__.py': 'from flask import Flask\n\ndef create_app():\n    app = Flask(__name__)\n    return app\n',
    });
    expect(factory.start?.value.argv).toEqual(['gunicorn', 'blog:create_app()']);
  });

  it('installs a pinned server when the dependencies lack one, instead of a binary that is not there', () => {
    const facts = detect({ 'requirements.txt': 'flask==3.1.2\n', 'app.py': flaskApp });
    expect(facts.start?.value).toMatchObject({ argv: ['gunicorn', 'app:app'], installs: 'gunicorn' });
    expect(detect({ 'requirements.txt': 'fastapi==0.118.0\n', 'main.py': 'from fastapi import FastAPI\napp = FastAPI()\n' }).start?.value)
      .toMatchObject({ argv: ['uvicorn', 'main:app'], installs: 'uvicorn' });
  });

  it('serves ASGI apps with uvicorn, or gunicorn with uvicorn workers when both are dependencies', () => {
    const api = 'from fastapi import FastAPI\napp: FastAPI = FastAPI()\n';
    expect(detect({ 'requirements.txt': 'fastapi[standard]\n', 'main.py': api }).start?.value.argv).toEqual(['uvicorn', 'main:app']);
    expect(detect({ 'requirements.txt': 'fastapi\ngunicorn\nuvicorn\n', 'main.py': api }).start?.value.argv).toEqual([
      'gunicorn', '--worker-class', 'uvicorn.workers.UvicornWorker', 'main:app',
    ]);
  });

  it('reads Django settings for the WSGI module, collectstatic and required variables', () => {
    const facts = detect({
      'requirements.txt': 'Django==5.2\ngunicorn\n',
      'manage.py': "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.settings.production')\n",
      'config/settings/production.py': 'SECRET_KEY = env("DJANGO_SECRET_KEY")\nWSGI_APPLICATION = "config.wsgi.application"\nSTATIC_ROOT = BASE_DIR / "static"\n',
    });
    expect(facts.framework.value).toBe('django');
    expect(facts.start?.value.argv).toEqual(['gunicorn', 'config.wsgi:application']);
    expect(facts.django).toMatchObject({ collectStatic: true, requiredEnv: ['DJANGO_SECRET_KEY'] });
  });

  it('takes a Procfile web line first, dropping the $PORT bind gunicorn does by itself', () => {
    const facts = detect({
      'Procfile': 'release: python manage.py migrate\nweb: gunicorn app:app -b 0.0.0.0:$PORT --workers=2\n',
      'requirements.txt': 'flask\ngunicorn\n',
      'app.py': flaskApp,
    });
    expect(facts.start?.value.argv).toEqual(['gunicorn', 'app:app', '--workers=2']);
    expect(facts.start?.evidence).toMatchObject({ source: 'Procfile', field: 'line 2' });
    const uvicorn = detect({ 'Procfile': 'web: uvicorn main:app --host 0.0.0.0 --port ${PORT:-5000}\n', 'requirements.txt': 'uvicorn\n' });
    expect(uvicorn.start?.value).toMatchObject({ argv: ['uvicorn', 'main:app', '--host', '0.0.0.0', '--port', '${PORT}'], port: 5000 });
  });

  it('ignores a Procfile line that needs a shell, with a warning', () => {
    const facts = detect({ 'Procfile': 'web: python manage.py migrate && gunicorn app:app\n', 'requirements.txt': 'flask\ngunicorn\n', 'app.py': flaskApp });
    expect(facts.start?.value.argv).toEqual(['gunicorn', 'app:app']);
    expect(facts.warnings.join()).toMatch(/Procfile web: .* shell features/);
  });

  it('falls back to a console script, then __main__ scripts and packages, finding the port in the code', () => {
    const script = detect({
      'pyproject.toml': '[project]\nname = "svc"\n[project.scripts]\nsvc = "svc.cli:main"\n[build-system]\nrequires = ["hatchling"]\n',
      'src/svc/__init__.py': '', 'src/svc/cli.py': 'def main():\n    run(port=int(os.environ.get("PORT", 7000)))\n',
    });
    expect(script.start?.value).toMatchObject({ argv: ['svc'], needsProjectInstall: true });
    expect(script.codePort?.value).toBe(7000);
    const main = detect({ 'main.py': 'import time\n\nif __name__ == "__main__":\n    time.sleep(1)\n' });
    expect(main.start?.value.argv).toEqual(['python', 'main.py']);
    expect(main.codePort).toBeUndefined();
    expect(main.readsPort).toBe(false);
    const pkg = detect({ 'requirements.txt': '', 'worker/__init__.py': '', 'worker/__main__.py': 'print(1)\n' });
    expect(pkg.start?.value.argv).toEqual(['python', '-m', 'worker']);
  });
});

describe('native dependencies', () => {
  it('adds build headers and runtime libraries only for packages without wheels', () => {
    expect(detect({ 'requirements.txt': 'psycopg2==2.9.10\n', 'main.py': '' }).native).toMatchObject({ build: ['gcc', 'libc6-dev', 'libpq-dev'], runtime: ['libpq5'] });
    expect(detect({ 'requirements.txt': 'psycopg2-binary==2.9.10\nlxml==6.0.0\n', 'main.py': '' }).native).toMatchObject({ build: [], runtime: [] });
    expect(detect({ 'requirements.txt': 'psycopg[binary]==3.2.9\n', 'main.py': '' }).native.runtime).toEqual([]);
    expect(detect({ 'requirements.txt': 'psycopg==3.2.9\n', 'main.py': '' }).native).toMatchObject({ build: [], runtime: ['libpq5'] });
  });
});
