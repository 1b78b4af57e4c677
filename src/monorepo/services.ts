import { join } from 'node:path';
import { describeEvidence } from '../detect/evidence.js';
import { DiskFs, SubFs, type ProjectFs } from '../detect/fs.js';
import { detectProject, matchingStacks } from '../detect/index.js';
import { DockgenError } from '../errors.js';
import { workspaceKind } from './root.js';

/** One folder `dockgen --all` considered, and why it is built or not. */
export interface ServiceCandidate {
  /** Relative to the repository folder (`.` for the folder itself). */
  dir: string;
  /** What it is: `node workspace package`, `go.work module`, `python project`… */
  kind: string;
  included: boolean;
  reason: string;
}

/** Folders never looked into for projects: dependencies, build output, tests, examples and the
 *  development tools a repository keeps (as Go main packages in tool and test folders are not built). */
const SKIPPED = new Set(['node_modules', 'vendor', 'dist', 'build', 'out', 'target', 'coverage', 'testdata', 'fixtures', 'examples', 'example', 'docs', 'test', 'tests', 'e2e', 'scripts', 'tools', 'tool', 'hack', 'internal']);

/**
 * The deployable services of a repository, by one documented rule (README, "Monorepos"):
 * - a Node.js workspace root's packages that run or serve something (a start script or a server
 *   framework); libraries and static sites are listed as skipped, with the reason;
 * - a go.work's modules that have a main package;
 * - any other project (any stack) in a folder one or two levels down, not inside one of the
 *   above: a Python backend/ next to a Vite frontend/;
 * - the folder itself when it is a project and not a workspace root.
 * Only manifests and detection's own reads are used; nothing is generated here.
 */
export function findServices(root: string): ServiceCandidate[] {
  const fs = new DiskFs(root);
  const found: ServiceCandidate[] = [];
  const claimed = new Set<string>();
  const kind = workspaceKind(root);
  if (kind === 'node') {
    const facts = detectProject(fs, 'node');
    for (const p of facts.stack === 'node' ? (facts.workspacePackages ?? []) : []) {
      claimed.add(p.path);
      found.push(nodePackage(p.path, p.runnable && describeEvidence(p.runnable), p.app.staticOnly && describeEvidence(p.app.staticOnly.evidence), p.problem?.message));
    }
  } else if (kind === 'go') {
    const facts = detectProject(fs, 'go');
    if (facts.stack === 'go') {
      for (const module of facts.modules) {
        if (module.dir === '') continue;
        claimed.add(module.dir);
        const mains = facts.mains.filter((m) => m.path === `./${module.dir}` || m.path.startsWith(`./${module.dir}/`));
        found.push(
          mains.length === 0
            ? { dir: module.dir, kind: 'go.work module', included: false, reason: 'a library: no main package' }
            : { dir: module.dir, kind: 'go.work module', included: true, reason: `main package${mains.length > 1 ? 's' : ''} ${mains.map((m) => m.path).join(', ')}` },
        );
      }
    }
  } else {
    const stacks = matchingStacks(fs);
    if (stacks.length > 0) found.push({ dir: '.', kind: `${stacks[0]!.stack} project`, included: true, reason: `the folder itself (${stacks[0]!.markers})` });
  }
  if (found.some((s) => s.dir === '.')) return found;
  for (const dir of projectFolders(fs, claimed)) found.push(subProject(root, dir));
  return found.sort((a, b) => a.dir.localeCompare(b.dir));
}

function nodePackage(dir: string, runnable: string | undefined, staticSite: string | undefined, problem: string | undefined): ServiceCandidate {
  const kind = 'node workspace package';
  if (problem) return { dir, kind, included: false, reason: problem };
  if (staticSite) return { dir, kind, included: false, reason: `a static site (${staticSite}): dockgen does not build one workspace package as a static site yet` };
  if (!runnable) return { dir, kind, included: false, reason: 'a library: no start script and no server framework' };
  return { dir, kind, included: true, reason: runnable };
}

/** Folders one or two levels down with a project's markers, outside the workspace's packages;
 *  a project folder is not looked into. Listing only: no file is read here. */
function projectFolders(fs: ProjectFs, claimed: ReadonlySet<string>): string[] {
  const found: string[] = [];
  const folders = (dir: string) =>
    fs.list(dir).filter((name) => !name.startsWith('.') && !name.startsWith('_') && !SKIPPED.has(name) && fs.isDirectory(dir === '.' ? name : `${dir}/${name}`));
  for (const first of folders('.')) {
    if (claimed.has(first)) continue;
    if (matchingStacks(subFs(fs, first)).length > 0) {
      found.push(first);
      continue;
    }
    for (const second of folders(first)) {
      const dir = `${first}/${second}`;
      if (!claimed.has(dir) && matchingStacks(subFs(fs, dir)).length > 0) found.push(dir);
    }
  }
  return found;
}

function subFs(fs: ProjectFs, dir: string): ProjectFs {
  return new SubFs(fs, dir);
}

/** A project in a sub-folder: included when detection settles its stack; why not otherwise. */
function subProject(root: string, dir: string): ServiceCandidate {
  try {
    const facts = detectProject(new DiskFs(join(root, dir)));
    return { dir, kind: `${facts.stack} project`, included: true, reason: `a project of its own, built from its folder (${matchingStacks(new DiskFs(join(root, dir)))[0]?.markers ?? facts.stack})` };
  } catch (error) {
    if (error instanceof DockgenError) return { dir, kind: 'project', included: false, reason: error.message };
    throw error;
  }
}
