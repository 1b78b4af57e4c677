import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DiskFs, MemoryFs, SubFs } from '../../src/detect/fs.js';
import { detectNode } from '../../src/detect/node/index.js';
import { expandWorkspacePatterns, globRegExp, readYamlPackagesList } from '../../src/detect/node/workspace-patterns.js';

const pkg = (data: object) => JSON.stringify(data);

describe('pnpm-workspace.yaml packages list', () => {
  it('reads the block form with quotes, comments and exclusions, and stops at the next key', () => {
    const text = [
      '# workspace',
      'packages:',
      "  - 'apps/*'",
      '  - "packages/**"   # nested too',
      '  # a comment line',
      '  - tools/cli',
      "  - '!**/test/**'",
      '',
      'catalog:',
      '  - not-a-package',
    ].join('\n');
    expect(readYamlPackagesList(text)).toEqual(['apps/*', 'packages/**', 'tools/cli', '!**/test/**']);
  });

  it('reads the flow form and CRLF files; no packages key is an empty list', () => {
    expect(readYamlPackagesList("packages: ['apps/*', \"libs/*\" , services/api]\r\n")).toEqual(['apps/*', 'libs/*', 'services/api']);
    expect(readYamlPackagesList('packages:\r\n  - apps/*\r\n')).toEqual(['apps/*']);
    expect(readYamlPackagesList('onlyBuiltDependencies:\n  - esbuild\n')).toEqual([]);
  });

  it('leaves out entries it cannot read rather than guessing', () => {
    expect(readYamlPackagesList('packages:\n  - *anchor\n  - !tagged\n  - apps/*\n')).toEqual(['apps/*']);
  });
});

describe('workspace pattern expansion', () => {
  const fs = new MemoryFs({
    'package.json': pkg({ workspaces: ['apps/*'] }),
    'apps/api/package.json': pkg({ name: 'api' }),
    'apps/web/package.json': pkg({ name: 'web' }),
    'apps/notes/README.md': 'no package.json: not a package',
    'apps/.hidden/package.json': pkg({ name: 'hidden' }),
    'apps/api/node_modules/dep/package.json': pkg({ name: 'dep' }),
    'packages/ui/package.json': pkg({ name: 'ui' }),
    'packages/scope/button/package.json': pkg({ name: 'button' }),
    'packages/scope/button/test/fixture/package.json': pkg({ name: 'fixture' }),
    'packages/node_modules/x/package.json': pkg({ name: 'x' }),
    'tools/cli/package.json': pkg({ name: 'cli' }),
  });

  it('expands * within one segment, skipping folders without package.json and dot-folders', () => {
    expect(expandWorkspacePatterns(fs, ['apps/*'])).toEqual(['apps/api', 'apps/web']);
    expect(expandWorkspacePatterns(fs, ['./apps/a*/'])).toEqual(['apps/api']);
  });

  it('expands a trailing /** to every depth, never into node_modules', () => {
    expect(expandWorkspacePatterns(fs, ['packages/**'])).toEqual(['packages/scope/button', 'packages/scope/button/test/fixture', 'packages/ui']);
  });

  it('honours ! exclusions and explicit folders, and ignores the root and paths outside the project', () => {
    expect(expandWorkspacePatterns(fs, ['packages/**', '!**/test/**', 'tools/cli', '.', '../other/*'])).toEqual(['packages/scope/button', 'packages/ui', 'tools/cli']);
    expect(expandWorkspacePatterns(fs, ['apps/*', '!apps/web'])).toEqual(['apps/api']);
  });

  it('compiles globs to anchored expressions', () => {
    expect(globRegExp('apps/*').test('apps/api')).toBe(true);
    expect(globRegExp('apps/*').test('apps/api/x')).toBe(false);
    expect(globRegExp('**/test/**').test('packages/a/test/b')).toBe(true);
    expect(globRegExp('**/test/**').test('test')).toBe(true);
    expect(globRegExp('a/**/b').test('a/b')).toBe(true);
    expect(globRegExp('a/**/b').test('a/x/y/b')).toBe(true);
    expect(globRegExp('a.b/*').test('axb/c')).toBe(false);
  });
});

describe('workspace packages in the Node.js facts', () => {
  const monorepo = (root: object, files: Record<string, string> = {}) =>
    detectNode(new MemoryFs({ 'package.json': pkg(root), 'package-lock.json': '{}', ...files }));

  it('lists each package with its name, whether it looks like an app (and why) and its workspace dependencies', () => {
    const facts = monorepo({ workspaces: { packages: ['apps/*', 'packages/*'] }, devDependencies: { vite: '5' } }, {
      'apps/api/package.json': pkg({ name: '@a/api', scripts: { start: 'node server.js' }, dependencies: { '@a/lib': '*' }, devDependencies: { '@a/cfg': '*' } }),
      'apps/api/server.js': 'require("http").createServer().listen(process.env.PORT || 4000)',
      'apps/gw/package.json': pkg({ name: '@a/gw', main: 'index.js', dependencies: { fastify: '5' } }),
      'apps/site/package.json': pkg({ name: '@a/site', scripts: { build: 'vite build' }, devDependencies: { vite: '5' } }),
      'packages/lib/package.json': pkg({ name: '@a/lib', main: 'index.js', devDependencies: { express: '4' } }),
      'packages/cfg/package.json': pkg({ name: '@a/cfg' }),
    });
    expect(facts.workspacePatterns?.evidence).toEqual({ source: 'package.json', field: 'workspaces.packages', value: 'apps/*, packages/*' });
    const byDir = Object.fromEntries(facts.workspacePackages!.map((p) => [p.path, p]));
    expect(Object.keys(byDir)).toEqual(['apps/api', 'apps/gw', 'apps/site', 'packages/cfg', 'packages/lib']);
    expect(byDir['apps/api']!.runnable).toEqual({ source: 'apps/api/package.json', field: 'scripts.start', value: 'node server.js' });
    expect(byDir['apps/gw']!.runnable).toEqual({ source: 'apps/gw/package.json', field: 'dependencies', value: 'fastify' });
    // A static site is nginx's job, a library has main and maybe a dev-only server framework.
    expect(byDir['apps/site']!.runnable).toBeUndefined();
    expect(byDir['packages/lib']!.runnable).toBeUndefined();
    expect(byDir['apps/api']!.workspaceDependencies).toEqual(['packages/lib']);
    expect(byDir['apps/api']!.workspaceDevDependencies).toEqual(['packages/cfg']);
    // App facts are the package's own, with paths relative to its folder and evidence naming it.
    expect(byDir['apps/api']!.app.start?.value.argv).toEqual(['node', 'server.js']);
    expect(byDir['apps/api']!.app.start?.evidence.source).toBe('apps/api/package.json');
    expect(byDir['apps/api']!.app.entryPort).toMatchObject({ value: 4000, evidence: { source: 'apps/api/server.js', field: 'line 1' } });
    // The root's vite is tooling for the packages: the root is not a static site.
    expect(facts.staticOnly).toBeUndefined();
    expect(facts.warnings).toEqual([]);
  });

  it('reads pnpm-workspace.yaml (which pnpm uses instead of package.json workspaces)', () => {
    const facts = detectNode(new MemoryFs({
      'package.json': pkg({ name: 'root' }),
      'pnpm-workspace.yaml': 'packages:\n  - services/*\n',
      'pnpm-lock.yaml': "lockfileVersion: '9.0'\n",
      'services/orders/package.json': pkg({ name: 'orders', scripts: { start: 'node .' } }),
    }));
    expect(facts.workspaces).toBe(true);
    expect(facts.workspacePatterns?.evidence).toMatchObject({ source: 'pnpm-workspace.yaml', field: 'packages' });
    expect(facts.workspacePackages?.map((p) => p.path)).toEqual(['services/orders']);
  });

  it('warns when workspaces are declared but match no package', () => {
    const facts = monorepo({ workspaces: ['apps/*'], scripts: { start: 'node server.js' } });
    expect(facts.workspacePackages).toEqual([]);
    expect(facts.warnings.join()).toMatch(/no workspace package was found/);
  });

  it('gives a sub-folder view that cannot leave its folder', () => {
    const sub = new SubFs(new MemoryFs({ 'apps/api/a.txt': 'A', 'root.txt': 'R' }), 'apps/api');
    expect(sub.readText('a.txt')).toBe('A');
    expect(sub.list('')).toEqual(['a.txt']);
    expect(() => sub.isFile('../../root.txt')).toThrow(/outside the project/);
    expect(sub.tryReadText('../../root.txt')).toBeUndefined();
  });
});

describe('dockgen run inside a workspace package', () => {
  it('warns and names the root and --workspace, looking at most a few folders up', () => {
    const root = mkdtempSync(join(tmpdir(), 'dockgen-ws-'));
    try {
      const write = (path: string, text: string) => {
        mkdirSync(dirname(join(root, path)), { recursive: true });
        writeFileSync(join(root, path), text);
      };
      write('package.json', pkg({ private: true, workspaces: ['apps/*'] }));
      write('package-lock.json', '{}');
      write('apps/api/package.json', pkg({ name: 'api', scripts: { start: 'node server.js' } }));
      write('apps/api/server.js', '');
      const facts = detectNode(new DiskFs(join(root, 'apps/api')));
      // `dockgen apps/api` builds a workspace package from the root (src/monorepo/service.ts): the warning says so.
      expect(facts.warnings.join('\n')).toMatch(/`dockgen` on this folder builds it from the monorepo's root.*`dockgen \.\.\/\.\. --workspace apps\/api`/);
      // A folder that is not one of the root's workspace packages gets no such warning.
      write('tools/x/package.json', pkg({ name: 'x', scripts: { start: 'node x.js' } }));
      expect(detectNode(new DiskFs(join(root, 'tools/x'))).warnings.join()).not.toMatch(/--workspace/);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
