import { describe, expect, it } from 'vitest';
import { generate } from '../../src/core.js';
import { MemoryFs } from '../../src/detect/fs.js';
import { detectPython } from '../../src/detect/python/index.js';
import { runsAtTopLevel, topLevelStatements } from '../../src/detect/python/script.js';
import type { PythonPlan } from '../../src/plan/types.js';
import { resolvePythonDeclarations, resolvePythonVersion } from '../../src/versions/resolve-python.js';
import { fact } from '../../src/detect/evidence.js';

const plan = (files: Record<string, string>, options = {}) => generate(new MemoryFs(files), '/x/app', options).plan as PythonPlan;
const dockerfile = (files: Record<string, string>, options = {}) => generate(new MemoryFs(files), '/x/app', options).files[0]!.content;
const cmd = (files: Record<string, string>) => JSON.parse(plan(files).cmd) as string[];
/** A command that starts through the PORT launcher (plan/python-port.ts): its fallback port and the server's argv. */
const launched = (argv: string[]) => {
  expect(argv.slice(0, 2)).toEqual(['python', '-c']);
  return { fallback: /os\.environ\.get\('PORT'\) or '(\d+)'/.exec(argv[2]!)?.[1], sets: [...argv[2]!.matchAll(/os\.environ\['(\w+)'\] = port/g)].map((m) => m[1]), server: argv.slice(3) };
};

describe('top-level code', () => {
  it('finds statements at column 0 outside strings and brackets', () => {
    const source = 'import os\n"""doc\nstring()\n"""\napp = make(\n    x=1,\n)\n\n# run()\ndemo.launch(\n  share=False)\n';
    expect(topLevelStatements(source).map((s) => [s.line, s.text])).toEqual([
      [1, 'import os'], [2, '"""doc'], [5, 'app = make('], [10, 'demo.launch('],
    ]);
  });

  it('a script runs something last; a library defines things last', () => {
    expect(runsAtTopLevel('import gradio as gr\nwith gr.Blocks() as demo:\n    pass\n\ndemo.launch()\n')?.line).toBe(5);
    expect(runsAtTopLevel('import time\nwhile True:\n    time.sleep(1)\n')?.text).toBe('while True:');
    expect(runsAtTopLevel('import logging\nlogging.basicConfig()\n\ndef main():\n    pass\n')).toBeUndefined();
    expect(runsAtTopLevel('from flask import Flask\napp = Flask(__name__)\n')).toBeUndefined();
    expect(runsAtTopLevel('def main():\n    pass\n\nif __name__ == "__main__":\n    main()\n')).toBeUndefined();
    expect(runsAtTopLevel('x = """\nrun()\n"""\n')).toBeUndefined();
  });
});

describe('entry scripts without a __main__ guard', () => {
  const server = 'import os\nfrom http.server import HTTPServer, BaseHTTPRequestHandler\nPORT = 8080\nHTTPServer(("", PORT), BaseHTTPRequestHandler).serve_forever()\n';

  it('runs main.py/app.py/server.py, and reads a PORT constant', () => {
    const built = plan({ 'requirements.txt': '', 'server.py': server });
    expect(JSON.parse(built.cmd)).toEqual(['python', 'server.py']);
    expect(built.port).toBe(8080);
  });

  it('runs the one .py file at the root whatever its name, but not one of several', () => {
    expect(cmd({ 'requirements.txt': '', 'serve_it.py': server })).toEqual(['python', 'serve_it.py']);
    expect(() => plan({ 'requirements.txt': '', 'serve_it.py': server, 'other.py': server })).toThrow(/Could not find how to start/);
  });

  it('a guard-less loop is a worker: no port, no EXPOSE', () => {
    const text = dockerfile({ 'requirements.txt': '', 'poll.py': 'import time\nwhile True:\n    time.sleep(5)\n' });
    expect(text).toMatch(/CMD \["python", "poll\.py"\]/);
    expect(text).not.toMatch(/EXPOSE|ENV PORT/);
  });
});

describe('app servers that run a script', () => {
  it('Streamlit on 0.0.0.0 and on PORT at run time, else its default port, by flags', () => {
    const built = plan({ 'requirements.txt': 'streamlit==1.67.0\n', 'main.py': 'import streamlit as st\nst.write("hi")\n' });
    expect(launched(JSON.parse(built.cmd))).toEqual({ fallback: '8501', sets: [], server: ['streamlit', 'run', 'main.py', '--server.port=$PORT', '--server.address=0.0.0.0'] });
    expect(built.port).toBe(8501);
    expect(built.runtimeEnv).toContainEqual(['PORT', '8501']);
    expect(launched(JSON.parse(plan({ 'requirements.txt': 'streamlit==1.67.0\n', 'main.py': 'import streamlit as st\n' }, { port: 9000 }).cmd)).fallback).toBe('9000');
  });

  it("Gradio by its variables (the port one set from PORT at run time), and the port the script's launch() names", () => {
    const files = { 'requirements.txt': 'gradio==6.31.0\n', 'app.py': 'import gradio as gr\ndemo = gr.Interface(fn=str, inputs="text", outputs="text")\ndemo.launch()\n' };
    expect(dockerfile(files)).toMatch(/ENV GRADIO_SERVER_NAME=0\.0\.0\.0\nENV PORT=7860\n/);
    expect(dockerfile(files)).not.toMatch(/ENV GRADIO_SERVER_PORT/);
    expect(launched(cmd(files))).toEqual({ fallback: '7860', sets: ['GRADIO_SERVER_PORT'], server: ['python', 'app.py'] });
    expect(plan({ ...files, 'app.py': 'import gradio as gr\ndemo.launch(server_port=7000)\n' }).port).toBe(7000);
  });

  it('Panel, Chainlit and Google ADK with their own commands', () => {
    expect(launched(cmd({ 'requirements.txt': 'panel==1.10.0\n', 'app.py': 'import panel as pn\npn.panel("hi").servable()\n' })))
      .toEqual({ fallback: '5006', sets: [], server: ['panel', 'serve', 'app.py', '--address', '0.0.0.0', '--port', '$PORT', '--allow-websocket-origin=*'] });
    expect(launched(cmd({ 'requirements.txt': 'chainlit==2.12.0\n', 'app.py': 'import chainlit as cl\n\n@cl.on_message\nasync def main(m):\n    pass\n' })))
      .toEqual({ fallback: '8000', sets: [], server: ['chainlit', 'run', 'app.py', '--host', '0.0.0.0', '--port', '$PORT', '--headless'] });
    expect(launched(cmd({ 'requirements.txt': 'google-adk\n', 'agent_one/__init__.py': 'from . import agent\n', 'agent_one/agent.py': 'root_agent = None\n' })))
      .toEqual({ fallback: '8000', sets: [], server: ['adk', 'api_server', '--host', '0.0.0.0', '--port', '$PORT'] });
  });
});

describe('WSGI/ASGI apps without a production server', () => {
  it('installs a pinned gunicorn before the source, with a warning that says how to add it', () => {
    const built = plan({ 'requirements.txt': 'flask==3.1.2\n', 'app.py': 'from flask import Flask\nserver = Flask(__name__)\n' });
    expect(JSON.parse(built.cmd)).toEqual(['gunicorn', 'app:server']);
    expect(built.build.server?.run.parts.join(' ')).toMatch(/pip install "gunicorn==\$\{GUNICORN_VERSION\}"/);
    expect(built.args.find((a) => a.name === 'GUNICORN_VERSION')?.value).toMatch(/^\d+\.\d+\.\d+$/);
    expect(built.warnings.join('\n')).toMatch(/installs gunicorn .* Add gunicorn to the project \(a pinned line in requirements\.txt\)/);
    const text = dockerfile({ 'requirements.txt': 'flask==3.1.2\n', 'app.py': 'from flask import Flask\nserver = Flask(__name__)\n' });
    expect(text.indexOf('pip install "gunicorn')).toBeLessThan(text.indexOf('COPY . .'));
  });

  it('installs uvicorn with uv into a uv environment, and keeps it through the project sync', () => {
    const files = {
      'pyproject.toml': '[project]\nname = "api"\nversion = "1"\ndependencies = ["fastapi"]\n\n[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n\n[project.scripts]\napi = "api:main"\n',
      'uv.lock': 'version = 1\n',
      'main.py': 'from fastapi import FastAPI\napp = FastAPI()\n',
    };
    const text = dockerfile(files);
    expect(text).toMatch(/uv pip install --python \/opt\/venv\/bin\/python "uvicorn==\$\{UVICORN_VERSION\}"/);
  });

  it('an EOL Python line gets the last server release that supports it', () => {
    const built = plan({ 'requirements.txt': 'fastapi==0.100.0\n', '.python-version': '3.7', 'main.py': 'from fastapi import FastAPI\napp = FastAPI()\n' });
    expect(built.args.find((a) => a.name === 'UVICORN_VERSION')?.value).toBe('0.22.0');
    expect(built.imageVariant).toBe('slim-bookworm');
  });

  it('a Dash app is served through its Flask server, which must have a name', () => {
    expect(cmd({ 'requirements.txt': 'dash==4.4.1\ngunicorn==23.0.0\n', 'app.py': 'import dash\napp = dash.Dash(__name__)\nserver = app.server\n' })).toEqual(['gunicorn', 'app:server']);
    expect(() => plan({ 'requirements.txt': 'dash==4.4.1\n', 'app.py': 'import dash\napp = dash.Dash(__name__)\n' })).toThrow(/add `server = app\.server` to app\.py/);
  });

  it('a Django project without wsgi.py runs Django\'s own WSGI factory with its settings', () => {
    const built = plan({ 'requirements.txt': 'django==5.2.4\n', 'manage.py': "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'site_b.settings')\n", 'site_b/settings.py': 'DEBUG = False\nROOT_URLCONF = "site_b.urls"\n' });
    expect(JSON.parse(built.cmd)).toEqual(['gunicorn', 'django.core.wsgi:get_wsgi_application()']);
    expect(built.runtimeEnv).toContainEqual(['DJANGO_SETTINGS_MODULE', 'site_b.settings']);
  });

  it('a Django project without wsgi.py whose settings route no URLs (no ROOT_URLCONF) is refused: it serves nothing', () => {
    const files = { 'requirements.txt': 'django==5.2.4\n', 'manage.py': "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'site_b.settings')\n", 'site_b/settings.py': 'STATIC_ROOT = "static"\n' };
    expect(() => plan(files)).toThrow(/settings \(site_b\.settings\) set no ROOT_URLCONF and that has no wsgi\.py or asgi\.py: it serves no URLs/);
    // Split settings: ROOT_URLCONF in a base module beside the one manage.py names.
    const split = { ...files, 'manage.py': "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'site_b.settings.prod')\n", 'site_b/settings/prod.py': 'from .base import *\n', 'site_b/settings/base.py': 'ROOT_URLCONF = "site_b.urls"\n' };
    expect(JSON.parse(plan(split).cmd)).toEqual(['gunicorn', 'django.core.wsgi:get_wsgi_application()']);
  });
});

describe('workers', () => {
  it('Celery, Dramatiq, Huey, arq and RQ by their command line, with no port', () => {
    const celery = plan({ 'requirements.txt': 'celery==5.7.0\n', 'proj/__init__.py': '', 'proj/celery.py': 'from celery import Celery\napp = Celery("proj")\n' });
    expect(JSON.parse(celery.cmd)).toEqual(['celery', '-A', 'proj.celery:app', 'worker', '--loglevel=INFO']);
    expect(celery.port).toBeUndefined();
    expect(cmd({ 'requirements.txt': 'dramatiq==2.2.1\n', 'tasks.py': 'import dramatiq\n\n@dramatiq.actor\ndef work():\n    pass\n' })).toEqual(['dramatiq', 'tasks']);
    expect(cmd({ 'requirements.txt': 'huey==3.5.4\n', 'tasks.py': 'from huey import RedisHuey\nhuey = RedisHuey("app")\n' })).toEqual(['huey_consumer', 'tasks.huey']);
    expect(cmd({ 'requirements.txt': 'arq==0.28.0\n', 'worker.py': 'class WorkerSettings:\n    functions = []\n' })).toEqual(['arq', 'worker.WorkerSettings']);
    expect(cmd({ 'requirements.txt': 'rq==2.12.0\n', 'jobs.py': 'def count(url):\n    return 1\n' })).toEqual(['rq', 'worker']);
    expect(cmd({ 'requirements.txt': 'locust==2.47.0\n', 'locustfile.py': 'from locust import HttpUser\n' })).toEqual(['locust', '-f', 'locustfile.py', '--headless']);
  });

  it('a web app comes first, and the warning names the worker image to build', () => {
    const built = plan({ 'requirements.txt': 'flask==3.1.2\ngunicorn==23.0.0\ncelery==5.7.0\n', 'app.py': 'from flask import Flask\napp = Flask(__name__)\n', 'tasks.py': 'from celery import Celery\ncelery = Celery("t")\n' });
    expect(JSON.parse(built.cmd)).toEqual(['gunicorn', 'app:app']);
    expect(built.warnings.join('\n')).toMatch(/tasks\.py defines a Celery worker.*--cmd "celery -A tasks:celery worker --loglevel=INFO"/);
  });
});

describe('console scripts of a project that is not installed', () => {
  it('calls the function as the console script would, preferring a service name', () => {
    const files = {
      'pyproject.toml': '[tool.poetry]\nname = "a"\nversion = "0.1.0"\npackage-mode = false\n\n[tool.poetry.dependencies]\npython = "^3.12"\n\n[tool.poetry.scripts]\ndev = "a.cli:dev"\nstart = "a.cli:serve"\n\n[build-system]\nrequires = ["poetry-core"]\nbuild-backend = "poetry.core.masonry.api"\n',
      'poetry.lock': '',
      'a/cli.py': 'def serve():\n    pass\n',
    };
    const built = plan(files);
    expect(JSON.parse(built.cmd)).toEqual(['python', '-c', 'import sys; from a.cli import serve; sys.exit(serve())']);
    expect(built.warnings.join('\n')).toMatch(/the image runs "start"/);
  });
});

describe('pyproject.toml without a build system', () => {
  it('installs only the dependencies, before the source, on every Python line; never `pip install .`', () => {
    for (const version of ['3.9', '3.13']) {
      const text = dockerfile({ 'pyproject.toml': '[project]\nname = "s"\nversion = "1"\ndependencies = ["flask==3.1.2", "gunicorn==23.0.0"]\n', '.python-version': version, 'main.py': 'from flask import Flask\napp = Flask(__name__)\n' });
      expect(text).not.toMatch(/pip install (--no-deps )?\./);
      expect(text.indexOf('pip install -r /tmp/requirements.txt')).toBeLessThan(text.indexOf('COPY . .'));
    }
  });

  it('with nothing to install, installs nothing', () => {
    const text = dockerfile({ 'pyproject.toml': '[project]\nname = "s"\nversion = "1"\n', 'main.py': 'import time\nwhile True:\n    time.sleep(1)\n' });
    expect(text).not.toMatch(/pip install/);
  });
});

describe('Python version declarations', () => {
  const at = (value: string, source: string) => fact(value, source, undefined, value);

  it('.python-version with several lines: the first, with a warning naming the others', () => {
    const facts = detectPython(new MemoryFs({ 'requirements.txt': '', '.python-version': '# pyenv\n3.12\n3.11\n', 'main.py': 'print(1)\n' }));
    expect(facts.pythonVersionSpec?.value).toBe('3.12');
    expect(facts.warnings.join('\n')).toMatch(/several versions \(3\.12, 3\.11\)/);
  });

  it("runtime.txt's python-X.Y.Z and Pipfile's python_full_version", () => {
    expect(resolvePythonVersion('python-3.12.7', { source: 'runtime.txt' }).version).toBe('3.12.7');
    const facts = detectPython(new MemoryFs({ Pipfile: '[packages]\n\n[requires]\npython_full_version = "3.11.4"\npython_version = "3.12"\n', 'Pipfile.lock': '{}', 'main.py': 'print(1)\n' }));
    expect(facts.pythonVersionSpec?.value).toBe('3.11.4');
    expect(facts.warnings.join('\n')).toMatch(/Pipenv uses python_full_version/);
  });

  it('EOL lines 3.8 and 3.7 resolve, with a warning, on the Debian release of their last images', () => {
    const built = plan({ 'requirements.txt': '', '.python-version': '3.8', 'main.py': 'print(1)\n' });
    expect(built.args[0]!.value).toBe('3.8.20');
    expect(built.imageVariant).toBe('slim-bookworm');
    expect(built.warnings.join('\n')).toMatch(/3\.8 .* end of life .* bookworm/);
    expect(() => resolvePythonVersion('2.7.18', { source: 'runtime.txt' })).toThrow(/older than any line/);
  });

  it('declarations that disagree: one release satisfying both, or an error naming both', () => {
    expect(resolvePythonDeclarations(at('3.12', '.python-version'), [at('>=3.11', 'pyproject.toml')]).version).toBe('3.12.14');
    expect(resolvePythonDeclarations(at('3.12', '.python-version'), [at('python-3.12.7', 'runtime.txt')]).version).toBe('3.12.7');
    expect(resolvePythonDeclarations(at('>=3.10', 'pyproject.toml'), [at('3.11', 'Pipfile')]).version).toBe('3.11.16');
    expect(() => resolvePythonDeclarations(at('3.9', '.tool-versions'), [at('>=3.11', 'pyproject.toml')])).toThrow(/\.tool-versions = "3\.9" and pyproject\.toml = ">=3\.11" disagree/);
  });
});

describe('dependency manager versions the project pins', () => {
  // Each project declares a dependency: with nothing to install, no manager is installed at all.
  const uvProject = { 'pyproject.toml': '[project]\nname = "a"\nversion = "1"\ndependencies = ["requests==2.32.3"]\n', 'uv.lock': '', 'main.py': 'import time\nwhile True:\n    time.sleep(1)\n' };

  it('uv from .tool-versions or mise.toml, exactly', () => {
    expect(plan({ ...uvProject, '.tool-versions': 'uv 0.5.31\n' }).args.find((a) => a.name === 'UV_VERSION')).toMatchObject({ value: '0.5.31', comment: expect.stringMatching(/from \.tool-versions/) });
    expect(plan({ ...uvProject, 'mise.toml': '[tools]\nuv = "0.6.2"\n' }).args.find((a) => a.name === 'UV_VERSION')?.value).toBe('0.6.2');
  });

  it("[tool.uv] required-version: dockgen's default when it fits, else the range for pip", () => {
    const fits = plan({ ...uvProject, 'pyproject.toml': uvProject['pyproject.toml'] + '\n[tool.uv]\nrequired-version = ">=0.5"\n' });
    expect(fits.args.find((a) => a.name === 'UV_VERSION')?.comment).toMatch(/satisfies pyproject\.toml/);
    const old = plan({ ...uvProject, 'pyproject.toml': uvProject['pyproject.toml'] + '\n[tool.uv]\nrequired-version = ">=0.6.0, <0.7.0"\n' });
    expect(old.args.find((a) => a.name === 'UV_VERSION')?.value).toBe('>=0.6.0,<0.7.0');
    expect(old.tools?.run.parts.join(' ')).toMatch(/pip install "uv\$\{UV_VERSION\}"/);
  });

  it("Poetry's requires-poetry, a Poetry 1 build backend, and Pipfile's pipenv pin", () => {
    const poetry = (extra: string, build = '') => plan({ 'pyproject.toml': `[tool.poetry]\nname = "a"\nversion = "1"\n${extra}\n[tool.poetry.dependencies]\npython = "^3.12"\nrequests = "^2"\n${build}`, 'poetry.lock': '', 'main.py': 'import time\nwhile True:\n    time.sleep(1)\n' });
    expect(poetry('requires-poetry = "==1.8.5"\n').args.find((a) => a.name === 'POETRY_VERSION')?.value).toBe('1.8.5');
    expect(poetry('', '\n[build-system]\nrequires = ["poetry-core>=1.0.0,<2.0.0"]\nbuild-backend = "poetry.core.masonry.api"\n').args.find((a) => a.name === 'POETRY_VERSION')?.value).toBe('<2');
    const pipenv = plan({ Pipfile: '[packages]\nrequests = "*"\n\n[dev-packages]\npipenv = "==2024.0.1"\n', 'Pipfile.lock': '{}', 'main.py': 'import time\nwhile True:\n    time.sleep(1)\n' });
    expect(pipenv.args.find((a) => a.name === 'PIPENV_VERSION')?.value).toBe('2024.0.1');
  });
});

describe('top-level code, indented blocks', () => {
  it('a call inside a def at the end of a module does not make it a script', () => {
    expect(runsAtTopLevel('def main():\n    run()\n')).toBeUndefined();
  });
});

describe('a conda environment without a pip manifest', () => {
  it('is refused, naming the file and what to add, rather than an image without its dependencies', () => {
    expect(() => plan({ 'environment.yml': 'dependencies:\n- python=3.9\n- flask=2.0.2\n', 'app.py': 'if __name__ == "__main__":\n    pass\n' }))
      .toThrow(/environment\.yml is a conda environment/);
    expect(JSON.parse(plan({ 'environment.yml': 'dependencies: []\n', 'requirements.txt': '', 'app.py': 'if __name__ == "__main__":\n    pass\n' }).cmd)).toEqual(['python', 'app.py']);
  });
});

describe('vendored wheels', () => {
  const app = { 'main.py': 'if __name__ == "__main__":\n    pass\n', 'package/lib_a-1.0-py3-none-any.whl': 'zip' };

  it('are copied before the install and read with --find-links; --no-index when every requirement is there', () => {
    const text = dockerfile({ ...app, 'requirements.txt': 'lib-a==1.0\n' });
    expect(text).toMatch(/COPY package \.\/package\/\nRUN --mount=type=cache,target=\/root\/\.cache\/pip \\\n    --mount=type=secret,id=netrc,target=\/root\/\.netrc \\\n    pip install --no-index --find-links package -r requirements\.txt/);
    expect(dockerfile({ ...app, 'requirements.txt': 'lib-a==1.0\nflask==3.1.2\n' })).toMatch(/pip install --find-links package -r requirements\.txt/);
  });

  it('a folder of wheels that no requirement names is left alone', () => {
    expect(dockerfile({ ...app, 'requirements.txt': 'flask==3.1.2\n' })).toMatch(/pip install -r requirements\.txt/);
  });
});

describe('dependencies installed from folders of the project', () => {
  const main = { 'main.py': 'import time\nwhile True:\n    time.sleep(1)\n', 'libs/util/pyproject.toml': '[project]\nname = "util"\n' };

  it('uv and Poetry path sources are copied before the locked install', () => {
    const uv = dockerfile({ ...main, 'uv.lock': '', 'pyproject.toml': '[project]\nname = "a"\nversion = "1"\ndependencies = ["util"]\n\n[tool.uv.sources]\nutil = { path = "libs/util", editable = true }\n' });
    expect(uv.indexOf('COPY libs/util ./libs/util/')).toBeGreaterThan(0);
    expect(uv.indexOf('COPY libs/util ./libs/util/')).toBeLessThan(uv.indexOf('uv sync --frozen --no-dev --no-install-project'));
    const poetry = dockerfile({ ...main, 'poetry.lock': '', 'pyproject.toml': '[tool.poetry]\nname = "a"\nversion = "1"\n\n[tool.poetry.dependencies]\npython = "^3.12"\nutil = { path = "./libs/util", develop = true }\n' });
    expect(poetry.indexOf('COPY libs/util ./libs/util/')).toBeLessThan(poetry.indexOf('poetry install --only main --no-root'));
  });

  it('a Pipfile source that is the project itself installs after the source, and says why', () => {
    const text = dockerfile({ ...main, Pipfile: '[packages]\nutil = {file = "libs/util"}\napp = {file = ".", editable = true}\n', 'Pipfile.lock': '{}' });
    const copyAll = text.search(/^COPY \. \.$/m);
    expect(text.indexOf('COPY libs/util ./libs/util/')).toBeLessThan(copyAll);
    expect(text.indexOf('pipenv requirements')).toBeGreaterThan(copyAll);
    expect(text).toMatch(/R5 cannot hold/);
  });
});

describe('warnings for choices the image cannot make for the project', () => {
  it('a manager version range is not reproducible; Chainlit needs its config committed', () => {
    const uv = plan({ 'uv.lock': '', 'pyproject.toml': '[project]\nname = "a"\nversion = "1"\ndependencies = []\n\n[tool.uv]\nrequired-version = "<0.7"\n', 'main.py': 'import time\nwhile True:\n    time.sleep(1)\n' });
    expect(uv.warnings.join('\n')).toMatch(/uv is installed from the range <0\.7 .*pin one version/);
    const chainlit = plan({ 'requirements.txt': 'chainlit==2.12.0\n', 'app.py': 'import chainlit as cl\n' });
    expect(chainlit.warnings.join('\n')).toMatch(/chainlit init/);
    expect(plan({ 'requirements.txt': 'chainlit==2.12.0\n', 'app.py': 'import chainlit as cl\n', '.chainlit/config.toml': '' }).warnings.join('\n')).not.toMatch(/chainlit init/);
  });
});

describe('a Django project whose settings cannot be found', () => {
  it('is refused naming the settings module manage.py points to, unless another app is there', () => {
    const files = { 'requirements.txt': 'django==5.2.4\n', 'manage.py': "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'missing-site.settings')\n" };
    expect(() => plan(files)).toThrow(/settings module "missing-site\.settings", which is not a module in the project/);
    expect(JSON.parse(plan({ ...files, 'requirements.txt': 'django==5.2.4\nflask==3.1.2\ngunicorn==23.0.0\n', 'app.py': 'from flask import Flask\napp = Flask(__name__)\n' }).cmd)).toEqual(['gunicorn', 'app:app']);
  });
});

describe('a lockfile manager with nothing to install', () => {
  const server = 'import os\nfrom http.server import HTTPServer, BaseHTTPRequestHandler\nHTTPServer(("", int(os.environ.get("PORT", "8080"))), BaseHTTPRequestHandler).serve_forever()\n';

  it('installs neither the manager nor anything else when no dependency is declared and the project is not installed', () => {
    const poetry = dockerfile({
      'pyproject.toml': '[tool.poetry]\nname = "a"\nversion = "0"\npackage-mode = false\n\n[tool.poetry.dependencies]\npython = "^3.12"\n',
      'main.py': server,
    });
    expect(poetry).not.toContain('poetry install');
    expect(poetry).not.toContain('AS tools');
    expect(poetry).not.toContain('COPY pyproject.toml');
    expect(poetry).toContain('# pyproject.toml declares no dependencies and the project itself is not installed: nothing to install, so poetry is not installed either.');
    const uv = dockerfile({
      'pyproject.toml': '[project]\nname = "a"\nversion = "0"\nrequires-python = ">=3.12"\ndependencies = []\n',
      'uv.lock': 'version = 1\n',
      'main.py': server,
    });
    expect(uv).not.toContain('uv sync');
    expect(uv).not.toContain('UV_VERSION');
  });

  it('still installs when something is declared, or when the project itself is a package', () => {
    const withDependency = dockerfile({
      'pyproject.toml': '[tool.poetry]\nname = "a"\nversion = "0"\npackage-mode = false\n\n[tool.poetry.dependencies]\npython = "^3.12"\nrequests = "^2"\n',
      'poetry.lock': 'package = []\n',
      'main.py': server,
    });
    expect(withDependency).toContain('/opt/tools/bin/poetry install --only main --no-root');
    expect(withDependency).toContain('COPY pyproject.toml poetry.lock ./');
    const pkg = dockerfile({
      'pyproject.toml': '[tool.poetry]\nname = "a"\nversion = "0"\n\n[tool.poetry.dependencies]\npython = "^3.12"\n\n[tool.poetry.scripts]\nserve = "a.main:run"\n\n[build-system]\nrequires = ["poetry-core"]\nbuild-backend = "poetry.core.masonry.api"\n',
      'poetry.lock': 'package = []\n',
      'a/__init__.py': '',
      'a/main.py': `def run():\n    pass\n`,
    });
    expect(pkg).toContain('poetry install --only main --only-root');
  });
});
