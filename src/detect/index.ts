import { DockgenError } from '../errors.js';
import type { Stack } from '../plan/types.js';
import type { ProjectFs } from './fs.js';
import { detectNode, type NodeFacts } from './node/index.js';

export type ProjectFacts = NodeFacts;

interface Detector {
  stack: Stack;
  /** Cheap presence check: one or two file lookups. */
  present(fs: ProjectFs): boolean;
  detect(fs: ProjectFs): ProjectFacts;
}

/**
 * Detectors in priority order: the first whose marker files are present wins. Node.js comes
 * first because its detector also recognises static sites built with Node tooling and says so.
 * The Python, Go and static-site detectors join this table as those stacks land.
 */
const DETECTORS: readonly Detector[] = [
  { stack: 'node', present: (fs) => fs.isFile('package.json'), detect: detectNode },
];

const PLANNED: readonly Stack[] = ['python', 'go', 'static'];

export function detectProject(fs: ProjectFs, stack?: Stack): ProjectFacts {
  if (stack && PLANNED.includes(stack)) {
    throw new DockgenError(`The ${stack} stack is not available in this version of dockgen; only node is.`, 'Pass --stack node, or leave --stack out.');
  }
  const detector = stack ? DETECTORS.find((d) => d.stack === stack) : DETECTORS.find((d) => d.present(fs));
  if (!detector) {
    throw new DockgenError(
      'Could not tell what kind of project this is: no package.json found.',
      'Run dockgen in the project folder (or pass it as the argument); this version supports Node.js projects.',
    );
  }
  if (!detector.present(fs)) {
    throw new DockgenError(`--stack ${detector.stack} was given, but the project has no package.json.`, 'Check the folder, or the --stack value.');
  }
  return detector.detect(fs);
}
