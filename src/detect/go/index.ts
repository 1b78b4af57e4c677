import { posix } from 'node:path';
import { DockgenError } from '../../errors.js';
import { fact, type Evidence, type Fact } from '../evidence.js';
import type { ProjectFs } from '../fs.js';
import { hugoConfigFile } from '../static/hugo.js';
import { cgoModuleFor } from './cgo.js';
import { moduleBaseName, parseGoMod, parseGoWork, type GoModFile } from './gomod.js';
import { findMainDirs } from './mains.js';
import { modulelessImportPath, type ModulelessMode } from './moduleless.js';
import { PackageReader, type ImportRoots } from './packages.js';
import { resolvePort } from './port-resolve.js';
import { detectGoVersionSpec, type GoModSource } from './version.js';

/** A main package the image could build. */
export interface GoMain {
  /** The package as `go build` takes it: `.` or `./cmd/api`. */
  path: string;
  /** The binary's name: the folder's, or the module's for a module root. */
  name: string;
  /** Module path of the module it belongs to, and whether it is named like that module. */
  module: string;
  namedLikeModule: boolean;
  /** Why it needs cgo (a file that imports "C", or a cgo-only dependency). */
  cgo?: Evidence;
  /** C libraries a dependency links against: the image cannot provide them by itself. */
  systemLibraries: string[];
  /** The code reads PORT. */
  readsPort?: Evidence;
  /** The port the code listens on, with where it was found; `loopback` when it binds 127.0.0.1. */
  port?: Fact<number> & { loopback: boolean };
  /** It listens at all (a listen/serve call, an address literal, or PORT). */
  serves: boolean;
  /** External packages it imports (not in the project or vendor/). */
  externalImports: string[];
}

export interface GoModule {
  /** Project-relative folder ('' for the root). */
  dir: string;
  path: string;
  requires: number;
  hasGoSum: boolean;
}

export interface GoFacts {
  stack: 'go';
  name?: string;
  /** The declared version; resolved to a release by the plan. */
  goVersionSpec?: Fact<string>;
  /** go.work and its `use` folders, when the project is a workspace. */
  workspace?: Fact<string[]>;
  modules: GoModule[];
  /** Manifests to copy before the module download (go.mod/go.sum, go.work, local replacements). */
  manifests: string[];
  /** A committed vendor/ (with modules.txt): build with -mod=vendor and download nothing. */
  vendor?: Fact<string>;
  /** No go.mod at all: how the image builds the code anyway (see moduleless.ts), and the import
   *  path it builds the code as. */
  moduleless?: Fact<ModulelessMode>;
  importPath?: Fact<string>;
  /** Main packages dockgen picks among (the root, cmd/…, other folders), then those in example,
   *  tool, test and internal folders (only for --main). */
  mains: GoMain[];
  otherMains: GoMain[];
  /** cgo-only modules go.mod requires. */
  cgoModules: Array<{ path: string; system?: string; evidence: Evidence }>;
  warnings: string[];
}

/** Main packages analysed at most (each is followed through its imports). */
const MAX_MAINS = 60;

export function hasGoMarker(fs: ProjectFs): boolean {
  if (fs.isFile('go.work')) return true;
  if (!fs.isFile('go.mod')) return false;
  // A Hugo Modules site has a go.mod for its themes and no Go code: it is a static site.
  return !(hugoConfigFile(fs) !== undefined && !fs.list('').some((name) => name.endsWith('.go')) && !fs.isDirectory('cmd'));
}

export function detectGo(fs: ProjectFs): GoFacts {
  const warnings: string[] = [];
  const sources: GoModSource[] = [];
  const modules: Array<GoModule & { mod: GoModFile }> = [];
  const manifests: string[] = [];
  let workspace: Fact<string[]> | undefined;

  const workText = fs.readText('go.work');
  if (workText !== undefined) {
    const work = parseGoWork(workText, 'go.work');
    sources.push({ file: 'go.work', mod: work });
    manifests.push('go.work', ...(fs.isFile('go.work.sum') ? ['go.work.sum'] : []));
    const dirs = work.uses.map((use) => useDir(use));
    workspace = fact(dirs, 'go.work', 'use', work.uses.join(' '));
    for (const dir of dirs) addModule(dir);
    if (modules.length === 0) throw new DockgenError('go.work uses no module with a go.mod.', 'Add `use ./<module>` lines to go.work, or delete it.');
  } else if (fs.isFile('go.mod')) {
    addModule('');
  }

  const noModule = modules.length === 0;
  const reader = new PackageReader(fs);
  // Without go.mod, a vendor/ folder is GOPATH-era vendoring (no modules.txt): still where imports come from.
  const vendorDir = fs.isFile('vendor/modules.txt') || (noModule && fs.isDirectory('vendor')) ? 'vendor' : undefined;
  const cgoModules = modules.flatMap((m) =>
    m.mod.requires.flatMap((r) => {
      const known = cgoModuleFor(r.path);
      const file = join(m.dir, 'go.mod');
      return known ? [{ path: r.path, ...(known.system ? { system: known.system.what } : {}), evidence: { source: file, field: 'require', value: `${r.path} ${r.version}` } }] : [];
    }),
  );

  // Every main package of every module first: a module-less project's import path is read from them.
  const moduleDirs = new Set(modules.map((m) => m.dir));
  const found = (noModule ? [{ path: '', dir: '' }] : modules).map((module) => ({ module, ...findMainDirs(fs, reader, module.dir, moduleDirs) }));
  const importPath = noModule ? modulelessImportPath(fs, reader, [...found[0]!.primary, ...found[0]!.secondary]) : undefined;
  if (importPath) found[0]!.module.path = importPath.value;
  const roots: ImportRoots = { modules: found.map(({ module }) => ({ path: module.path, dir: module.dir })) };
  if (vendorDir) roots.vendorDir = vendorDir;

  const describe = (dir: string, module: { path: string; dir: string }): GoMain => {
    // The folder named cmd holds the module's one command: it is named like the module.
    const name = dir === module.dir || posix.basename(dir) === 'cmd' ? moduleBaseName(module.path) : posix.basename(dir);
    return analyseMain(reader, dir, name, module.path, roots, cgoModules);
  };
  const mains = found.flatMap(({ module, primary }) => primary.map((dir) => describe(dir, module))).slice(0, MAX_MAINS);
  const otherMains = found.flatMap(({ module, secondary }) => secondary.map((dir) => describe(dir, module))).slice(0, MAX_MAINS);

  const facts: GoFacts = {
    stack: 'go',
    modules: modules.map(({ mod: _mod, ...module }) => module),
    manifests,
    mains,
    otherMains,
    cgoModules,
    warnings,
  };
  if (modules.length === 1 && !workspace) facts.name = moduleBaseName(modules[0]!.path);
  if (workspace) facts.workspace = workspace;
  if (vendorDir && !noModule) facts.vendor = fact(vendorDir, 'vendor/modules.txt');
  const spec = detectGoVersionSpec(fs, sources, warnings);
  if (spec) facts.goVersionSpec = spec;
  if (importPath) {
    facts.importPath = importPath;
    // The candidates' imports: an example's own dependencies do not decide how the service builds.
    facts.moduleless = modulelessMode(vendorDir !== undefined, importPath.value, mains.length > 0 ? mains : otherMains, warnings);
  }
  for (const module of modules) {
    if (module.requires > 0 && !module.hasGoSum && !vendorDir) {
      warnings.push(`${join(module.dir, 'go.mod')} requires modules but there is no ${join(module.dir, 'go.sum')}: nothing verifies the downloads, and \`go build\` refuses to run (R9). Run \`go mod tidy\` and commit go.sum.`);
    }
  }
  return facts;

  function addModule(dir: string): void {
    const file = join(dir, 'go.mod');
    const text = fs.readText(file);
    if (text === undefined) {
      if (dir === '') return;
      throw new DockgenError(`go.work uses ./${dir}, but ${file} does not exist.`, `Fix the use line in go.work, or run \`go mod init\` in ${dir}.`);
    }
    const mod = parseGoMod(text, file);
    sources.push({ file, mod });
    const hasGoSum = fs.isFile(join(dir, 'go.sum'));
    modules.push({ dir, path: mod.module!, requires: mod.requires.length, hasGoSum, mod });
    manifests.push(file, ...(hasGoSum ? [join(dir, 'go.sum')] : []));
    for (const replace of mod.localReplaces) {
      const target = posix.normalize(posix.join(dir || '.', replace.dir));
      if (target.startsWith('..') || posix.isAbsolute(target)) {
        warnings.push(`${file} replaces ${replace.path} with ${replace.dir}, outside the project folder: the image build cannot see it. Build from a folder that contains both, or vendor the module (\`go mod vendor\`).`);
      } else if (fs.isFile(join(target, 'go.mod')) && !manifests.includes(join(target, 'go.mod')) && !modules.some((m) => m.dir === target)) {
        // The download resolves the replacement's own requirements, so its go.mod comes early too.
        manifests.push(join(target, 'go.mod'));
      }
    }
  }
}

/** How code without go.mod builds: every import either vendored, or resolved by `go mod tidy`. */
function modulelessMode(vendored: boolean, importPath: string, mains: GoMain[], warnings: string[]): Fact<ModulelessMode> {
  const external = [...new Set(mains.flatMap((m) => m.externalImports))];
  const imports = `${external.slice(0, 3).join(', ')}${external.length > 3 ? ` and ${external.length - 3} more` : ''}`;
  if (vendored) {
    if (external.length > 0) {
      throw new DockgenError(
        `There is no go.mod, and vendor/ does not contain ${imports}, which the code imports: the build could not find them.`,
        'Run `go mod init <module path> && go mod tidy && go mod vendor` and commit go.mod, go.sum and vendor/.',
      );
    }
    warnings.push(`There is no go.mod: the image builds in GOPATH mode (GO111MODULE=off) as ${importPath}, with the committed vendor/ folder. Run \`go mod init ${importPath} && go mod tidy\` and commit go.mod and go.sum to build as a module.`);
    return fact('gopath', 'vendor', undefined, 'vendor/ without go.mod or vendor/modules.txt');
  }
  if (external.length > 0) {
    warnings.push(`There is no go.mod: the build runs \`go mod init ${importPath} && go mod tidy\`, which downloads the newest version of ${imports}; nothing pins those versions (R9). Run the same commands and commit go.mod and go.sum.`);
    const importer = mains.find((m) => m.externalImports.length > 0)!;
    return fact('tidy', importer.path, 'imports', imports);
  }
  warnings.push(`There is no go.mod: the image builds the code as a module named "${importPath}" (\`go mod init\`). Run \`go mod init <module path>\` and commit go.mod.`);
  return fact('init', 'default', undefined, 'no go.mod; only standard-library imports');
}

function analyseMain(reader: PackageReader, dir: string, name: string, module: string, roots: ImportRoots, cgoModules: GoFacts['cgoModules']): GoMain {
  const { packages, external } = reader.walk(dir, roots);
  const main: GoMain = { path: dir === '' ? '.' : `./${dir}`, name, module, namedLikeModule: name === moduleBaseName(module), systemLibraries: [], serves: false, externalImports: external };
  const cgoFile = packages.flatMap((p) => p.cgoFiles)[0];
  const cgoImport = external.map((path) => ({ path, known: cgoModuleFor(path) })).find((i) => i.known);
  if (cgoFile) {
    main.cgo = { source: cgoFile, field: 'import', value: 'C' };
  } else if (cgoImport) {
    // Prefer go.mod's require line as evidence: it names the version too.
    const required = cgoModules.find((m) => cgoImport.path === m.path || cgoImport.path.startsWith(`${m.path}/`));
    main.cgo = required?.evidence ?? { source: `packages of ${main.path}`, field: 'import', value: cgoImport.path };
  } else if (cgoModules[0]) {
    // Required (perhaps indirectly, e.g. through a GORM driver) but not imported by the project's own code.
    main.cgo = cgoModules[0].evidence;
  }
  const libraries = new Set([...cgoModules.flatMap((m) => (m.system ? [m.system] : [])), ...external.flatMap((p) => cgoModuleFor(p)?.system?.what ?? [])]);
  main.systemLibraries = [...libraries];

  const port = resolvePort(packages.flatMap((p) => p.hints));
  if (port.readsPort) main.readsPort = port.readsPort;
  if (port.port) main.port = port.port;
  main.serves = port.serves;
  return main;
}

function join(dir: string, path: string): string {
  return dir === '' ? path : `${dir}/${path}`;
}

/** A go.work `use` folder as a project-relative folder ('' for `.`). */
function useDir(use: string): string {
  const normal = posix.normalize(use.replace(/\\/g, '/'));
  if (normal.startsWith('..') || posix.isAbsolute(normal)) {
    throw new DockgenError(`go.work uses ${use}, outside the project folder: the image build cannot see it.`, 'Run dockgen (and docker build) in the folder that contains every module of the workspace.');
  }
  return normal === '.' ? '' : normal.replace(/\/+$/, '');
}
