import { join } from 'node:path';
import type { Generation } from '../core.js';
import { detectProject } from '../detect/index.js';
import { DiskFs } from '../detect/fs.js';
import { parseGoMod, parseGoWork } from '../detect/go/gomod.js';
import { DockgenError, MissingValueError } from '../errors.js';
import type { GenerateOptions } from '../options.js';
import { readRegularFile } from '../safe-read.js';
import { safePath } from '../plan/safe.js';
import { findWorkspaceRoot, workspaceKind, type WorkspaceKind } from './root.js';

/** The ignore file BuildKit and Buildah read for `-f <service>/Dockerfile` (measured: Buildah
 *  1.28 reads it when -f is given relative to the context, as the header's command does). */
export const SERVICE_IGNORE = 'Dockerfile.dockerignore';

/** A service folder built from its workspace root: where to generate from, and with what. */
export interface ServiceTarget {
  /** The workspace root (the build context), a real path. */
  root: string;
  /** The service folder relative to the root. */
  rel: string;
  kind: WorkspaceKind;
  /** The image's name: the package's, or the Go program's. */
  name: string;
  /** The options to generate with at the root (the package or main package picked). */
  options: GenerateOptions;
}

/**
 * `dockgen apps/api` inside a monorepo: when the folder is a workspace package (npm, pnpm, Yarn,
 * Bun workspaces) or a go.work module that needs its sibling modules, the image is built from the
 * workspace root and the files go in the service folder. undefined when the folder is a project
 * of its own (a workspace root itself, a go.work module that needs no sibling, a folder outside any
 * workspace): it is generated as before, with itself as the build context.
 */
export function resolveService(dir: string, options: GenerateOptions): ServiceTarget | undefined {
  if (workspaceKind(dir) !== undefined) return undefined;
  const found = findWorkspaceRoot(dir);
  if (!found) return undefined;
  const compose = () => {
    if (options.compose) {
      throw new DockgenError(
        `--compose for ${found.rel}, a service built from the repository root: compose.yaml for a monorepo's services is one file at the root.`,
        `Run \`dockgen --all\` in ${found.root}: it writes every service's files and compose.yaml for all of them.`,
      );
    }
  };
  // The path goes into the Dockerfile's header and the build command: it must be a plain one.
  const dockerfile = `${safePath(found.rel, 'the service folder')}/Dockerfile`;
  if (found.kind === 'node') {
    const facts = detectProject(new DiskFs(found.root), 'node');
    const pkg = facts.stack === 'node' ? facts.workspacePackages?.find((p) => p.path === found.rel) : undefined;
    if (!pkg) return undefined;
    if (options.workspace !== undefined && options.workspace !== found.rel) {
      throw new DockgenError(
        `--workspace ${options.workspace} was given for ${found.rel}, which is itself a workspace package.`,
        `Leave --workspace out (the folder is the package), or run dockgen in the repository root with --workspace ${options.workspace}.`,
      );
    }
    compose();
    const name = pkg.name ?? found.rel.split('/').at(-1)!;
    return { root: found.root, rel: found.rel, kind: 'node', name, options: { ...options, workspace: found.rel, service: { dockerfile, name } } };
  }
  if (!goNeedsSiblings(found.root, found.rel)) return undefined;
  compose();
  const main = goMain(found.root, found.rel, options.main);
  return { root: found.root, rel: found.rel, kind: 'go', name: main.name, options: { ...options, main: main.path, service: { dockerfile, name: main.name } } };
}

/**
 * Whether a go.work module imports another module of the workspace (it requires one by module
 * path, or replaces one by a local folder): its image needs the workspace root as context. A
 * module that needs no sibling builds from its own folder, with its own go.mod and go.sum.
 */
function goNeedsSiblings(root: string, rel: string): boolean {
  const read = (file: string) => readRegularFile(join(root, file), { shown: file, root });
  const work = parseGoWork(read('go.work') ?? '', 'go.work');
  const uses = work.uses.map((use) => use.replace(/^\.\/+|\/+$/g, '') || '.');
  if (!uses.includes(rel)) return false;
  const own = read(`${rel}/go.mod`);
  if (own === undefined) return false;
  const mod = parseGoMod(own, `${rel}/go.mod`);
  if (mod.localReplaces.length > 0) return true;
  const siblings = new Set(
    uses.filter((use) => use !== rel).flatMap((use) => {
      const text = read(use === '.' ? 'go.mod' : `${use}/go.mod`);
      const module = text === undefined ? undefined : parseGoMod(text, `${use}/go.mod`).module;
      return module ? [module] : [];
    }),
  );
  if (mod.requires.some((r) => siblings.has(r.path))) return true;
  // In a workspace, go.work resolves a sibling's packages without a require line: the imports say.
  return importsAny(new DiskFs(root), rel, [...siblings]);
}

/** Go source files read at most when looking for imports of sibling modules. */
const MAX_GO_FILES = 2000;

/** Whether a .go file under `dir` imports a package of one of `modules` (a quoted import path). */
function importsAny(fs: DiskFs, dir: string, modules: string[]): boolean {
  if (modules.length === 0) return false;
  const quoted = modules.map((m) => [`"${m}"`, `"${m}/`]).flat();
  let budget = MAX_GO_FILES;
  const visit = (folder: string, depth: number): boolean => {
    for (const name of fs.list(folder)) {
      const path = `${folder}/${name}`;
      if (budget <= 0) return false;
      if (fs.isDirectory(path)) {
        if (depth < 8 && !['vendor', 'testdata', 'node_modules'].includes(name) && !name.startsWith('.') && !name.startsWith('_') && visit(path, depth + 1)) return true;
      } else if (name.endsWith('.go') && !name.endsWith('_test.go') && fs.isFile(path)) {
        budget--;
        const text = fs.readText(path) ?? '';
        if (quoted.some((q) => text.includes(q))) return true;
      }
    }
    return false;
  };
  return visit(dir, 0);
}

/** The main package of a go.work module, as the root's --main: the flag inside the module, else
 *  the only main package under the module's folder. */
function goMain(root: string, rel: string, flag: string | undefined): { path: string; name: string } {
  const prefix = `./${rel}`;
  if (flag !== undefined) {
    const path = flag === '.' || flag === './' ? prefix : `${prefix}/${flag.replace(/^\.\/+/, '')}`;
    return { path, name: path.split('/').at(-1)! };
  }
  const facts = detectProject(new DiskFs(root), 'go');
  const mains = facts.stack === 'go' ? facts.mains.filter((m) => m.path === prefix || m.path.startsWith(`${prefix}/`)) : [];
  if (mains.length === 1) return { path: mains[0]!.path, name: mains[0]!.name };
  if (mains.length === 0) throw new DockgenError(`The Go module ${rel} has no main package: it looks like a library, not a service.`, 'Run dockgen in the folder of a program, or pass --main ./path/to/main (relative to the module).');
  throw new MissingValueError(
    `The Go module ${rel} has several main packages (${mains.map((m) => m.path).join(', ')}).`,
    `Choose one with --main, relative to the module, e.g. --main ${mains[0]!.path.slice(prefix.length + 1) || '.'}.`,
    '--main',
    mains.map((m) => m.path.slice(prefix.length + 1) || '.'),
  );
}

/** The service's files, named from its folder: its Dockerfile, and the ignore file builders read
 *  for that Dockerfile (the root's .dockerignore is left alone: it may belong to another image). */
export function serviceFiles(generation: Generation): Generation {
  const files = generation.files.map((file) => {
    if (file.path === 'Dockerfile') return file;
    if (file.path === '.dockerignore') return { ...file, path: SERVICE_IGNORE };
    throw new DockgenError(`dockgen cannot yet write ${file.path} for a service built from the repository root.`, 'Run dockgen in the repository root for this service.');
  });
  return { ...generation, files };
}

/** The options to record in the service's dockgen.json: the folder implies the workspace package
 *  and a go.work module's main package, so they are recorded as the user gave them (`given`: flags
 *  and the file; `answered`: the same after the questions, when asked). */
export function recordedOptions(target: ServiceTarget, given: GenerateOptions, answered: GenerateOptions): GenerateOptions {
  const { service: _service, workspace: _workspace, main: _main, ...rest } = answered;
  const recorded: GenerateOptions = { ...rest };
  if (target.kind === 'go' && given.main !== undefined) recorded.main = given.main;
  return recorded;
}
