import { describe, expect, it } from 'vitest';
import { generate } from '../../src/core.js';
import { MemoryFs } from '../../src/detect/fs.js';
import { detectProject } from '../../src/detect/index.js';
import { importedPackages } from '../../src/detect/node/lone-script.js';
import { detectPortInEntry } from '../../src/detect/node/port.js';
import { DockgenError } from '../../src/errors.js';
import { parseGenerateFlags } from '../../src/options.js';
import type { NodePlan } from '../../src/plan/types.js';

const SERVER = "const http = require('http');\nhttp.createServer((q, r) => r.end('ok')).listen(process.env.PORT || 8080);\n";

function node(files: Record<string, string>) {
  const generation = generate(new MemoryFs(files), '/tmp/app', parseGenerateFlags({}));
  return { plan: generation.plan as NodePlan, dockerfile: generation.files.find((f) => f.path === 'Dockerfile')!.content };
}

describe('a Node.js server without package.json', () => {
  it('runs node server.js with no install stage and no lockfile warning', () => {
    const { plan, dockerfile } = node({ 'server.js': SERVER });
    expect(dockerfile).toContain('CMD ["node", "server.js"]');
    expect(dockerfile).not.toMatch(/AS (deps|build)|npm (ci|install)/);
    expect(dockerfile).toContain('COPY . .');
    expect(plan.port).toBe(8080);
    expect(plan.warnings.join('\n')).not.toMatch(/lockfile/);
    expect(plan.decisions.find((d) => d.topic === 'package manager')?.value).toBe('none (no package.json)');
  });

  it('takes the conventional file that serves, not a helper that does not', () => {
    const { dockerfile } = node({ 'index.js': 'module.exports = 1;\n', 'app.js': SERVER });
    expect(dockerfile).toContain('CMD ["node", "app.js"]');
  });

  it('leaves a client script next to index.html to the static stack', () => {
    const facts = detectProject(new MemoryFs({ 'index.html': '<script src="app.js"></script>', 'app.js': 'document.title = "x";' }));
    expect(facts.stack).toBe('static');
  });

  it('is not found for an empty or non-serving script (nothing tells what it is)', () => {
    expect(() => detectProject(new MemoryFs({ 'index.js': '' }))).toThrow(/Could not tell what kind of project/);
  });

  it('refuses a script that imports packages, naming them and the command that adds a package.json', () => {
    let error: unknown;
    try {
      node({ 'server.js': "const express = require('express');\nconst x = require('@scope/lib/sub');\nexpress().listen(3000);" });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(DockgenError);
    expect((error as DockgenError).message).toMatch(/server\.js imports the packages express, @scope\/lib, but there is no package\.json/);
    expect((error as DockgenError).hint).toContain('npm init -y && npm install express @scope/lib');
  });

  it('runs a lone server.ts through Node.js type stripping, with a warning that says what that allows', () => {
    const { plan, dockerfile } = node({ 'server.ts': "import http from 'http';\nconst port: number = 8080;\nhttp.createServer().listen(port);" });
    expect(dockerfile).toContain('CMD ["node", "server.ts"]');
    expect(plan.warnings.join('\n')).toMatch(/strips the types itself \(Node\.js 22\.18 and later/);
  });

  it('warns when the Node.js version the project asks for cannot strip types', () => {
    const files = { 'server.ts': "import http from 'http';\nhttp.createServer().listen(8080);" };
    expect(node({ ...files, '.nvmrc': '20' }).plan.warnings.join('\n')).toMatch(/the image has Node\.js 20\.\d+\.\d+, which stops at the first type annotation/);
    expect(node({ ...files, '.nvmrc': '24' }).plan.warnings.join('\n')).not.toMatch(/first type annotation/);
  });

  it('--stack node accepts it too', () => {
    const generation = generate(new MemoryFs({ 'server.js': SERVER }), '/tmp/app', parseGenerateFlags({ stack: 'node' }));
    expect(generation.plan.stack).toBe('node');
  });
});

describe('packages a lone script imports', () => {
  it('ignores built-ins (with or without node:), relative files and comments', () => {
    const text = "import fs from 'fs';\nimport { join } from 'node:path';\nconst c = require('./config');\n// require('express')\n/* import x from 'koa' */\nconst t = require('timers/promises');";
    expect(importedPackages(text)).toEqual([]);
  });
});

describe('a port defined in a local module the entry imports', () => {
  const port = (files: Record<string, string>) => detectPortInEntry(new MemoryFs(files), 'server.js');

  it('reads a top-level port of the exported object, not a nested service port', () => {
    const found = port({
      'server.js': "const config = require('./config');\nrequire('http').createServer().listen(config.port);",
      'config.js': 'module.exports = {\n  db: { host: "db", port: 5432 },\n  port: 8080,\n};\n',
    });
    expect(found?.value).toBe(8080);
    expect(found?.evidence).toMatchObject({ source: 'config.js', field: 'line 3' });
  });

  it('reads exports.port, an exported PORT constant and a PORT fallback', () => {
    expect(port({ 'server.js': "const { port } = require('./settings');", 'settings.js': 'exports.port = 4000;' })?.value).toBe(4000);
    expect(port({ 'server.js': "import { PORT } from './lib/config.js';", 'lib/config.ts': 'export const PORT = 5050;' })?.value).toBe(5050);
    expect(port({ 'server.js': "import cfg from './config.mjs';", 'config.mjs': 'export default { port: process.env.PORT ?? 7070 };' })?.value).toBe(7070);
  });

  it('prefers the entry\'s own port, and never reads outside the project', () => {
    expect(port({ 'server.js': "require('./config');\nconst PORT = 9000;", 'config.js': 'exports.port = 4000;' })?.value).toBe(9000);
    expect(port({ 'server.js': "require('../outside/config');" })).toBeUndefined();
  });

  it('finds nothing in a module that exports only other services\' ports', () => {
    expect(port({ 'server.js': "require('./db');", 'db.js': 'module.exports = { pool: { port: 5432 } };' })).toBeUndefined();
  });
});

describe('start command from a Procfile and from a custom entry name', () => {
  const pkg = (data: object) => JSON.stringify({ name: 'app', ...data });

  it('runs the Procfile web process before scripts.start, as Heroku does', () => {
    const { plan, dockerfile } = node({
      'package.json': pkg({ scripts: { start: 'node index.js' } }),
      Procfile: 'release: node migrate.js\nweb: node --enable-source-maps web.js\nworker: node jobs.js\n',
      'web.js': SERVER,
      'index.js': SERVER,
    });
    expect(dockerfile).toContain('CMD ["node", "--enable-source-maps", "web.js"]');
    expect(plan.decisions.find((d) => d.topic === 'start command')?.evidence).toMatchObject({ source: 'Procfile', field: 'line 2' });
  });

  it('follows npm start from the Procfile and drops a port flag given $PORT, saying why', () => {
    const { plan, dockerfile } = node({
      'package.json': pkg({ scripts: { start: 'next start' }, dependencies: { next: '15.0.0' } }),
      Procfile: 'web: npm start\n',
      'pages/index.js': '',
    });
    expect(dockerfile).toContain('CMD ["node_modules/.bin/next", "start"]');
    const direct = node({ 'package.json': pkg({ scripts: { build: 'next build' }, dependencies: { next: '15.0.0' } }), Procfile: 'web: next start -p $PORT' });
    expect(direct.dockerfile).toContain('CMD ["node_modules/.bin/next", "start"]');
    expect(direct.plan.warnings.join('\n')).toMatch(/Procfile line 1 passes \$PORT to the server/);
    expect(plan.warnings.join('\n')).not.toMatch(/passes \$PORT/);
  });

  it('passes over a Procfile line that needs a shell, with the reason, for the next source', () => {
    const { plan, dockerfile } = node({ 'package.json': pkg({ main: 'index.js' }), Procfile: 'web: node a.js && node b.js', 'index.js': SERVER });
    expect(dockerfile).toContain('CMD ["node", "index.js"]');
    expect(plan.warnings.join('\n')).toMatch(/Procfile line 1 .* uses shell features/);
  });

  it('runs the only top-level script that serves when nothing else names the entry, with a warning', () => {
    const { plan, dockerfile } = node({ 'package.json': '{}', 'custom.js': SERVER, 'helpers.js': 'module.exports = {};', 'eslint.config.js': 'export default [];' });
    expect(dockerfile).toContain('CMD ["node", "custom.js"]');
    expect(plan.warnings.join('\n')).toMatch(/dockgen runs custom\.js, the only script at the top of the project that serves/);
    expect(() => node({ 'package.json': '{}', 'a.js': SERVER, 'b.js': SERVER })).toThrow(/Could not find how to start this app/);
  });
});

describe('main and server.js without a start script', () => {
  it('runs server.js first, as npm start does, then main', () => {
    const both = node({ 'package.json': JSON.stringify({ main: 'lib/index.js' }), 'server.js': SERVER, 'lib/index.js': 'module.exports = {};' });
    expect(both.dockerfile).toContain('CMD ["node", "server.js"]');
    const main = node({ 'package.json': JSON.stringify({ main: 'src/entry.js' }), 'src/entry.js': SERVER, 'index.js': SERVER });
    expect(main.dockerfile).toContain('CMD ["node", "src/entry.js"]');
  });
});
