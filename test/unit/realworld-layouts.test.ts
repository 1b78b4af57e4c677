import { describe, expect, it } from 'vitest';
import { generate } from '../../src/core.js';
import { MemoryFs } from '../../src/detect/fs.js';
import type { NodePlan, PythonPlan } from '../../src/plan/types.js';

/** Layouts common in repositories nobody here wrote, each a class the corpus did not have. */
const run = (files: Record<string, string>) => generate(new MemoryFs(files), '/x/app', {});
const argv = (plan: { cmd: string }) => JSON.parse(plan.cmd) as string[];
const served = (files: Record<string, string>) => argv(run(files).plan as PythonPlan).filter((a) => !a.startsWith('import os'));

describe('Django kept in a folder of its own, requirements at the root', () => {
  const manage = 'import os\nif __name__ == "__main__":\n    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mysite.settings")\n';
  const project = {
    'requirements.txt': 'Django==5.1.4\ngunicorn==23.0.0\n',
    'mysite/manage.py': manage,
    'mysite/mysite/__init__.py': '',
    'mysite/mysite/settings.py': 'ROOT_URLCONF = "mysite.urls"\nSTATIC_ROOT = BASE_DIR / "staticfiles"\n',
    'mysite/mysite/wsgi.py': 'application = get_wsgi_application()\n',
  };

  it('serves the project\'s WSGI app with its folder on PYTHONPATH, and collects static files with its manage.py', () => {
    const { plan, files } = run(project);
    expect(argv(plan as PythonPlan)).toEqual(['gunicorn', 'mysite.wsgi:application']);
    const dockerfile = files.find((f) => f.path === 'Dockerfile')!.content;
    expect(dockerfile).toContain('ENV PYTHONPATH=/app/mysite');
    expect(dockerfile).toContain('python mysite/manage.py collectstatic --noinput');
  });

  it('two Django projects in two folders are no guess: nothing is picked', () => {
    const two = { ...project, 'other/manage.py': manage.replace('mysite', 'other') };
    expect(() => run(two)).toThrow(/how to start/);
  });

  it('a manage.py at the root still wins, with no PYTHONPATH', () => {
    const root = { 'requirements.txt': 'Django==5.1.4\n', 'manage.py': manage, 'mysite/__init__.py': '', 'mysite/settings.py': 'ROOT_URLCONF = "x"\n', 'mysite/wsgi.py': 'application = 1\n', 'tools/manage.py': manage };
    const dockerfile = run(root).files.find((f) => f.path === 'Dockerfile')!.content;
    expect(dockerfile).not.toContain('PYTHONPATH');
    expect(dockerfile).toMatch(/"mysite\.wsgi:application"/);
  });
});

describe('an app folder without __init__.py (a namespace package, as in FastAPI\'s tutorial)', () => {
  it('serves app.main:app with uvicorn', () => {
    expect(served({ 'requirements.txt': 'fastapi==0.115.6\nuvicorn==0.34.0\n', 'app/main.py': 'from fastapi import FastAPI\napp = FastAPI()\n' })).toEqual(
      expect.arrayContaining(['uvicorn', 'app.main:app']),
    );
  });

  it('a console script the project declares outranks an app found in such a folder', () => {
    const files = {
      'pyproject.toml': '[tool.poetry]\nname = "svc"\nversion = "0.1.0"\n\n[tool.poetry.dependencies]\npython = "^3.12"\nflask = "3.1.0"\n\n[tool.poetry.scripts]\nsvc = "svc.server:run"\n\n[build-system]\nrequires = ["poetry-core"]\nbuild-backend = "poetry.core.masonry.api"\n',
      'poetry.lock': '',
      'svc/server.py': 'from flask import Flask\napp = Flask(__name__)\ndef run():\n    app.run()\n',
    };
    expect(argv(run(files).plan as PythonPlan)).toEqual(['svc']);
  });

  it('a regular package is looked at first, and example folders never', () => {
    const files = {
      'requirements.txt': 'flask==3.1.0\ngunicorn==23.0.0\n',
      'examples/app.py': 'from flask import Flask\ndemo = Flask(__name__)\n',
      'web_api/__init__.py': '',
      'web_api/app.py': 'from flask import Flask\nserver = Flask(__name__)\n',
      'zeta/main.py': 'from flask import Flask\nother = Flask(__name__)\n',
    };
    expect(served(files)).toEqual(['gunicorn', 'web_api.app:server']);
    const onlyExamples = { 'requirements.txt': 'flask==3.1.0\n', 'examples/app.py': 'from flask import Flask\ndemo = Flask(__name__)\n' };
    expect(() => run(onlyExamples)).toThrow(/how to start/);
  });
});

describe('Bun apps whose only script is the development one (Hono and Elysia templates)', () => {
  const hono = (scripts: Record<string, string>) => ({
    'package.json': JSON.stringify({ name: 'api', scripts, dependencies: { hono: '4.6.14' }, devDependencies: { '@types/bun': '1.1.14' } }),
    'bun.lock': '{ "lockfileVersion": 1, "workspaces": { "": { "name": "api" } }, "packages": {} }',
    'src/index.ts': 'import { Hono } from "hono";\nconst app = new Hono();\nexport default app;\n',
  });

  it('runs the file the dev script runs, on Bun, without --hot, and says so', () => {
    const { plan } = run(hono({ dev: 'bun run --hot src/index.ts' }));
    expect(argv(plan as NodePlan)).toEqual(['bun', 'src/index.ts']);
    expect((plan as NodePlan).image).toBe('oven/bun');
    expect(plan.warnings.join('\n')).toMatch(/scripts\.dev.*without its watch flags/);
  });

  it('a dev script that chains commands or names a missing file is no evidence', () => {
    expect(() => run(hono({ dev: 'bun run --hot src/main.ts' }))).toThrow(/how to start/);
    expect(() => run(hono({ dev: 'bun install && bun run src/index.ts' }))).toThrow(/how to start/);
  });
});

describe('"start": "node ." runs the package folder', () => {
  const project = (main: string | undefined, files: Record<string, string>) => ({
    'package.json': JSON.stringify({ name: 'api', ...(main ? { main } : {}), scripts: { build: 'tsc', start: 'node .' }, dependencies: { express: '4.21.2' }, devDependencies: { typescript: '5.7.2' } }),
    'tsconfig.json': '{ "compilerOptions": { "outDir": "dist", "rootDir": "src" } }',
    ...files,
  });

  it('its "main" (a build output) is the entry, from the start script, with no warning about "."', () => {
    const { plan } = run(project('./dist/index.js', { 'src/index.ts': 'import express from "express";\nexpress().listen(3000);\n' }));
    expect(argv(plan as NodePlan)).toEqual(['node', 'dist/index.js']);
    expect((plan as NodePlan).decisions.find((d) => d.topic === 'start command')?.evidence).toMatchObject({ field: 'scripts.start' });
    expect(plan.warnings.join('\n')).not.toMatch(/runs \./);
  });

  it('without "main", index.js', () => {
    expect(argv(run(project(undefined, { 'index.js': 'require("express")().listen(3000);\n' })).plan as NodePlan)).toEqual(['node', 'index.js']);
  });
});

describe('a Pipfile without Pipfile.lock', () => {
  const files = {
    Pipfile: '[[source]]\nurl = "https://pypi.org/simple"\nverify_ssl = true\nname = "pypi"\n\n[packages]\nflask = "*"\ngunicorn = "*"\n',
    'app.py': 'from flask import Flask\napp = Flask(__name__)\n',
  };

  it('is locked by the build (from the mirror when one is given), with a warning that names the fix', () => {
    const { plan, files: out } = run(files);
    expect(plan.warnings.join('\n')).toMatch(/No Pipfile\.lock: the build runs `pipenv lock`.*commit Pipfile\.lock/);
    const dockerfile = out.find((f) => f.path === 'Dockerfile')!.content;
    expect(dockerfile).toContain('COPY Pipfile ./\n');
    expect(dockerfile).toMatch(/PIPENV_PYPI_MIRROR="\$PIP_INDEX_URL"\} \/opt\/tools\/bin\/pipenv lock \\\n\s+&& env -u PIPENV_VERSION \/opt\/tools\/bin\/pipenv requirements --hash/);
    expect(argv(plan as PythonPlan)).toEqual(['gunicorn', 'app:app']);
  });

  it('a Pipfile.lock alone is refused: pipenv needs the Pipfile', () => {
    expect(() => run({ 'Pipfile.lock': '{}', 'app.py': files['app.py'] })).toThrow(/without its Pipfile/);
  });
});

describe('a site whose build script has a namespaced name (VitePress: "docs:build")', () => {
  const site = (scripts: Record<string, string>, extra: Record<string, string> = {}) => ({
    'package.json': JSON.stringify({ name: 'handbook', private: true, scripts, devDependencies: { vitepress: '1.6.4' } }),
    'docs/index.md': '# Handbook\n',
    ...extra,
  });

  it('runs that script and serves the folder it builds, reading base from that folder\'s config', () => {
    const files = site({ 'docs:dev': 'vitepress dev docs', 'docs:build': 'vitepress build docs' }, { 'docs/.vitepress/config.mts': "export default { base: '/handbook/', outDir: '../public-site' }\n" });
    const dockerfile = run(files).files.find((f) => f.path === 'Dockerfile')!.content;
    expect(dockerfile).toContain('RUN npm run docs:build\n');
    expect(dockerfile).toMatch(/COPY --from=build \/app\/public-site \/usr\/share\/nginx\/html\/handbook/);
  });

  it('two namespaced build scripts are no guess: the "build" script is asked for', () => {
    expect(() => run(site({ 'build:staging': 'vitepress build docs', 'build:prod': 'vitepress build docs' }))).toThrow(/no "build" script/);
  });
});
