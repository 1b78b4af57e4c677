import { DockgenError } from '../errors.js';
import type { Stack } from '../plan/types.js';
import type { ProjectFs } from './fs.js';
import { detectNode, type NodeFacts } from './node/index.js';

/** Facts of one stack; `stack` tells which. */
export type ProjectFacts = NodeFacts;

interface Detector {
  stack: Stack;
  /** Files whose presence marks a project of this stack, said the way a user would look for them. */
  markers: string;
  /** Cheap presence check: a few file lookups, never a walk. */
  present(fs: ProjectFs): boolean;
  detect(fs: ProjectFs): ProjectFacts;
}

/**
 * Detectors in priority order: the first whose marker files are present wins, and the others that
 * are also present are named in a warning (with the --stack flag that picks them).
 *
 * Node.js comes first while it is the only server stack; its detector also recognises static
 * sites built with Node tooling and says so.
 */
const DETECTORS: readonly Detector[] = [
  { stack: 'node', markers: 'package.json', present: (fs) => fs.isFile('package.json'), detect: detectNode },
];

export function detectProject(fs: ProjectFs, stack?: Stack): ProjectFacts {
  if (stack) return detectStack(fs, stack);
  const present = DETECTORS.filter((d) => d.present(fs));
  const chosen = present[0];
  if (!chosen) {
    throw new DockgenError(
      `Could not tell what kind of project this is: none of ${DETECTORS.map((d) => d.markers).join('; ')} was found.`,
      `Run dockgen in the project folder (or pass it as the argument), or name the stack with --stack ${DETECTORS.map((d) => d.stack).join('|')}.`,
    );
  }
  const facts = chosen.detect(fs);
  const others = present.slice(1);
  if (others.length > 0) {
    facts.warnings.unshift(
      `This folder also looks like a ${others.map((d) => `${d.stack} project (${d.markers})`).join(' and a ')}; ` +
        `dockgen chose ${chosen.stack}. Pass ${others.map((d) => `--stack ${d.stack}`).join(' or ')} to choose otherwise.`,
    );
  }
  return facts;
}

function detectStack(fs: ProjectFs, stack: Stack): ProjectFacts {
  const detector = DETECTORS.find((d) => d.stack === stack);
  if (!detector) {
    throw new DockgenError(
      `The ${stack} stack is not available in this version of dockgen.`,
      `Pass --stack ${DETECTORS.map((d) => d.stack).join('|')}, or leave --stack out.`,
    );
  }
  if (!detector.present(fs)) {
    throw new DockgenError(`--stack ${stack} was given, but the project has none of: ${detector.markers}.`, 'Check the folder, or the --stack value.');
  }
  return detector.detect(fs);
}
