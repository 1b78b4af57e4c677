import type { ProjectFs } from '../fs.js';
import { normaliseName, type Requirement } from './requirement.js';

/** A folder of vendored wheels the install can read from (`pip install --find-links <folder>`). */
export interface Wheelhouse {
  folder: string;
  /** Every requirement has a wheel there: the install needs no index at all (`--no-index`). */
  complete: boolean;
}

/** Folders that hold build output or environments, never vendored dependencies. */
const NOT_WHEELHOUSE = new Set(['dist', 'build', '.venv', 'venv', 'env', 'node_modules', '.git']);

/**
 * Projects that vendor their dependencies ship the wheels in a folder at the root (`package/`,
 * `wheels/`, `wheelhouse/` …), as Cloud Run's GOOGLE_VENDOR_PIP_DEPENDENCIES does: a wheel there
 * for a requirement means pip must look there, or it asks the index for a package that may not be
 * on it. Only root folders are listed, one level: nothing walks the tree.
 */
export function findWheelhouse(fs: ProjectFs, requirements: Requirement[]): Wheelhouse | undefined {
  for (const folder of fs.list('.').sort()) {
    if (NOT_WHEELHOUSE.has(folder) || folder.startsWith('.') || !/^[\w.-]+$/.test(folder) || !fs.isDirectory(folder)) continue;
    const wheels = new Set(fs.list(folder).filter((name) => name.endsWith('.whl')).map((name) => normaliseName(name.split('-')[0]!)));
    if (wheels.size === 0 || !requirements.some((r) => wheels.has(r.name))) continue;
    return { folder, complete: requirements.every((r) => wheels.has(r.name)) };
  }
  return undefined;
}
