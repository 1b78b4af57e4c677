import { builtinModules } from 'node:module';
import { DockgenError } from '../../errors.js';
import { fact } from '../evidence.js';
import type { ProjectFs } from '../fs.js';
import { detectApp } from './app.js';
import { detectBunRuntime } from './bun.js';
import type { NodeFacts } from './index.js';
import type { PackageJson } from './package-json.js';
import { detectLoopbackListen, detectPortInEntry, entryServes } from './port.js';

/**
 * Entry files of a Node.js server kept without a package.json (Google Cloud's and Paketo's
 * buildpacks run them as `node server.js`), in the order those buildpacks look for them.
 * TypeScript ones run through Node.js's own type stripping (unflagged since 22.18 and 23.6).
 */
const LONE_ENTRIES = ['server.js', 'index.js', 'app.js', 'main.js', 'server.mjs', 'index.mjs', 'server.cjs', 'index.cjs', 'server.ts', 'index.ts'];

/** What a folder without package.json holds: an empty manifest, as npm reads one. */
const NO_MANIFEST: PackageJson = { scripts: {}, dependencies: {}, devDependencies: {}, optionalDependencies: {}, engines: {} };

/**
 * The entry of a lone Node.js server: a conventional file name that shows a sign of serving
 * (a listen() call, an HTTP server, reading PORT). A client script next to index.html shows none,
 * so a hand-written site stays the static stack's.
 */
export function loneNodeEntry(fs: ProjectFs): string | undefined {
  if (fs.isFile('package.json')) return undefined;
  return LONE_ENTRIES.find((file) => fs.isFile(file) && entryServes(fs, file) === true);
}

/**
 * A Node.js server without package.json: nothing to install, so the image copies the files and
 * runs `node <entry>`. A package it imports would be missing at run time: refused, naming it.
 */
export function detectLoneNode(fs: ProjectFs): NodeFacts {
  const entry = loneNodeEntry(fs);
  if (!entry) throw new Error('detectLoneNode called without a lone Node.js entry');
  const missing = importedPackages(fs.tryReadText(entry) ?? '');
  if (missing.length > 0) {
    const list = missing.join(' ');
    throw new DockgenError(
      `${entry} imports ${missing.length > 1 ? 'the packages' : 'the package'} ${missing.join(', ')}, but there is no package.json to install ${missing.length > 1 ? 'them' : 'it'} from.`,
      `Create one with \`npm init -y && npm install ${list}\` (which also writes package-lock.json), then run dockgen again.`,
    );
  }
  const warnings: string[] = [];
  const app = detectApp(fs, NO_MANIFEST, warnings, false);
  app.framework = fact({ id: 'node' }, entry, undefined, 'no package.json: plain Node.js');
  app.start = fact({ argv: ['node', entry], env: [] }, entry, undefined, 'no package.json: the entry runs as it is');
  // A lone Bun server (Bun.serve, bun:sqlite) runs on Bun; detectApp looked at other files first.
  const bun = detectBunRuntime(fs, NO_MANIFEST, app.start);
  delete app.bun;
  if (bun?.start) {
    app.bun = bun.runtime;
    app.start = bun.start;
  }
  // detectApp looked at the first conventional file; the entry is the one that serves.
  delete app.entryPort;
  delete app.loopbackListen;
  delete app.worker;
  const port = detectPortInEntry(fs, entry);
  if (port) app.entryPort = port;
  const loopback = detectLoopbackListen(fs, entry, false);
  if (loopback) app.loopbackListen = loopback;
  if (entry.endsWith('.ts') && !app.bun) {
    warnings.push(
      `${entry} is TypeScript and there is no package.json to compile it: the image runs it with node, which strips the types itself ` +
        '(Node.js 22.18 and later; only erasable syntax: no enums or namespaces, type-only imports marked `import type`). ' +
        'Add a package.json with a build step (tsc) to ship JavaScript instead.',
    );
  }
  return {
    stack: 'node',
    ...app,
    packageManager: fact({ name: 'npm', yarnBerry: false }, entry, undefined, 'no package.json: nothing to install'),
    installConfigFiles: [],
    npmrcHasCredentials: false,
    yarnrcHasCredentials: false,
    workspaces: false,
    noManifest: true,
    dependencyEngines: [],
    warnings,
    installWarnings: [],
  };
}

const BUILTINS = new Set(builtinModules);

/** Bare specifiers in import/require calls that are not Node.js built-ins: packages to install. */
export function importedPackages(text: string): string[] {
  const found = new Set<string>();
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  for (const match of code.matchAll(/(?:\brequire\s*\(\s*|\bfrom\s+|\bimport\s*\(\s*|^\s*import\s+)['"]([^'"]+)['"]/gm)) {
    const specifier = match[1]!;
    // Bun's own modules (`bun`, `bun:sqlite`) come with Bun, as node: ones come with Node.js.
    if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('node:') || /^bun(:|$)/.test(specifier)) continue;
    const parts = specifier.split('/');
    const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
    if (!BUILTINS.has(name) && !BUILTINS.has(specifier)) found.add(name);
  }
  return [...found];
}
