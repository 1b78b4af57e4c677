import { lstatSync, realpathSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { readRegularFile } from '../safe-read.js';

/** How a folder above a service declares the workspace the service belongs to. */
export type WorkspaceKind = 'node' | 'go';

export interface WorkspaceRoot {
  /** The real path of the workspace root. */
  root: string;
  kind: WorkspaceKind;
  /** The service folder relative to the root, with forward slashes. */
  rel: string;
}

/** Folders walked up at most: a service lives a few levels below its repository root. */
const MAX_LEVELS = 8;

/**
 * The Node.js or Go workspace a folder belongs to: the nearest folder above it whose package.json
 * declares `workspaces`, or that holds pnpm-workspace.yaml or go.work. The walk is bounded: it
 * stops at the first folder with .git (the repository's top, checked itself), at the filesystem
 * root, or after MAX_LEVELS. It starts from the folder's real path and only reads manifests through
 * the safe reader (regular files, no symlinks followed), so nothing outside the repository decides.
 * Whether the folder is a member of that workspace is for the caller (the root's own detection).
 */
export function findWorkspaceRoot(dir: string): WorkspaceRoot | undefined {
  const start = realpathSync(dir);
  let current = start;
  for (let level = 0; level < MAX_LEVELS; level++) {
    const parent = dirname(current);
    if (parent === current) return undefined;
    current = parent;
    const kind = workspaceKind(current);
    if (kind) return { root: current, kind, rel: relative(current, start).split(sep).join('/') };
    if (isPresent(join(current, '.git'))) return undefined;
  }
  return undefined;
}

/** What kind of workspace root a folder is, from its manifests alone. */
export function workspaceKind(folder: string): WorkspaceKind | undefined {
  const read = (name: string) => {
    try {
      return readRegularFile(join(folder, name), { shown: name, root: folder });
    } catch {
      // An unreadable manifest up the tree is not this run's business: the walk goes on.
      return undefined;
    }
  };
  if (read('go.work') !== undefined) return 'go';
  if (read('pnpm-workspace.yaml') !== undefined) return 'node';
  const manifest = read('package.json');
  if (manifest === undefined) return undefined;
  try {
    const parsed = JSON.parse(manifest) as unknown;
    if (typeof parsed === 'object' && parsed !== null && 'workspaces' in parsed) return 'node';
  } catch {
    return undefined;
  }
  return undefined;
}

function isPresent(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}
