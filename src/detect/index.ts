import { DockgenError } from '../errors.js';
import type { Stack } from '../plan/types.js';
import { SubFs, type ProjectFs } from './fs.js';
import { detectGo, hasGoMarker, type GoFacts } from './go/index.js';
import { detectNode, type NodeFacts } from './node/index.js';
import { detectLoneNode, loneNodeEntry } from './node/lone-script.js';
import { PYTHON_SCRIPTS, detectPython, hasPythonManifest, type PythonFacts } from './python/index.js';
import { detectNodeOrStatic, detectStatic, hasStaticMarkers, type StaticFacts } from './static/index.js';

/** Facts of one stack; `stack` tells which. */
export type ProjectFacts = NodeFacts | PythonFacts | GoFacts | StaticFacts;

interface Detector {
  stack: Stack;
  /** Files whose presence marks a project of this stack, said the way a user would look for them. */
  markers: string;
  /** Cheap presence check: a few file lookups, never a walk. */
  present(fs: ProjectFs): boolean;
  detect(fs: ProjectFs): ProjectFacts;
  /** For --stack, where it differs: which projects the stack accepts and how it reads them
   *  (without handing the project to another stack). */
  forced?: { present(fs: ProjectFs): boolean; detect(fs: ProjectFs): ProjectFacts };
}

/**
 * Detectors in priority order: the first whose marker files are present wins, and the others that
 * are also present are named in a warning (with the --stack flag that picks them).
 *
 * Python manifests come before package.json: Python web apps often carry a package.json for
 * their front-end assets, while a Node.js project rarely has a requirements.txt or pyproject.toml.
 * A lone Python script (main.py, app.py…) is a weak marker, so it only counts after Node.js.
 * The Node.js detector also recognises static sites built with Node tooling and says so.
 */
const DETECTORS: readonly Detector[] = [
  // go.mod/go.work first: nothing else has them, while Go repositories often carry a package.json
  // or a requirements.txt for tooling (linters, docs sites). A lone main.go is weak: see below.
  { stack: 'go', markers: 'go.mod or go.work', present: hasGoMarker, detect: detectGo },
  { stack: 'python', markers: 'requirements.txt, pyproject.toml, Pipfile or setup.py', present: hasPythonManifest, detect: detectPython },
  // A package.json that only builds a static site (Vite SPA, Astro, Next export…) goes to the static
  // stack; --stack node keeps it Node.js.
  {
    stack: 'node', markers: 'package.json', present: (fs) => fs.isFile('package.json'), detect: detectNodeOrStatic,
    forced: { present: (fs) => fs.isFile('package.json'), detect: detectNode },
  },
  { stack: 'python', markers: PYTHON_SCRIPTS.join(', '), present: (fs) => PYTHON_SCRIPTS.some((file) => fs.isFile(file)), detect: detectPython },
  // main.go without go.mod: a module-less program; any manifest above says more about the folder.
  { stack: 'go', markers: 'main.go', present: (fs) => fs.isFile('main.go'), detect: detectGo },
  // A server.js (index.js, app.js…) without package.json that needs no packages, as buildpacks
  // run it. Only a file that serves counts: a client script next to index.html stays a static site's.
  {
    stack: 'node', markers: 'server.js, index.js, app.js or main.js that serves (without package.json)',
    present: (fs) => loneNodeEntry(fs) !== undefined, detect: detectLoneNode,
  },
  // Last: hand-written HTML, a Staticfile or Hugo. With a package.json the Node.js row decides;
  // --stack static also takes a package.json whose client build it then serves.
  {
    stack: 'static', markers: 'index.html (at the root or in public/, site/, www/, dist/), Staticfile, nginx.conf, httpd.conf, or hugo.toml/config.toml with content/',
    present: (fs) => !fs.isFile('package.json') && hasStaticMarkers(fs), detect: detectStatic,
    forced: { present: (fs) => fs.isFile('package.json') || hasStaticMarkers(fs), detect: detectStatic },
  },
];

/** Every stack whose markers the folder has, in priority order (the first is the one detection picks). */
export function matchingStacks(fs: ProjectFs): Array<{ stack: Stack; markers: string }> {
  return presentDetectors(fs).map(({ stack, markers }) => ({ stack, markers }));
}

// One row per stack: a stack matched by two rows (strong and weak markers) is named once.
function presentDetectors(fs: ProjectFs): Detector[] {
  return DETECTORS.filter((d) => d.present(fs)).filter((d, i, all) => all.findIndex((o) => o.stack === d.stack) === i);
}

export function detectProject(fs: ProjectFs, stack?: Stack): ProjectFacts {
  if (stack) return detectStack(fs, stack);
  const present = presentDetectors(fs);
  const chosen = present[0];
  if (!chosen) {
    const below = projectsBelow(fs);
    throw new DockgenError(
      `Could not tell what kind of project this is: none of ${DETECTORS.map((d) => d.markers).join('; ')} was found.` +
        (below.length > 0 ? ` One level down: ${below.map((p) => `${p.dir}/ (${p.stack})`).join(', ')}.` : ''),
      below.length > 0
        ? `Run dockgen on the service's folder (e.g. ${below[0]!.dir}/ inside this one); each service gets its own Dockerfile. ` +
          '`dockgen --all` here writes every service\'s files and a compose.yaml for them all.'
        : fs.list('.').length === 0
          ? 'This folder is empty. Run dockgen in the folder that holds your project (its package.json, requirements.txt or pyproject.toml, go.mod, or index.html), or pass that folder: `dockgen path/to/app`.'
          : 'Run dockgen in the folder that holds the project\'s manifest (package.json, requirements.txt or pyproject.toml, go.mod) or its index.html, or pass that folder: `dockgen path/to/app`. --stack cannot help here: each stack needs one of these files.',
    );
  }
  const facts = chosen.detect(fs);
  // A Python app whose package.json builds its front-end assets uses it: not another candidate.
  const others = present.slice(1).filter((d) => !(facts.stack === 'python' && facts.assets && d.stack === 'node'));
  if (others.length > 0) {
    facts.warnings.unshift(
      `This folder also looks like a ${others.map((d) => `${d.stack} project (${d.markers})`).join(' and a ')}; ` +
        `dockgen chose ${chosen.stack}. Pass ${others.map((d) => `--stack ${d.stack}`).join(' or ')} to choose otherwise.`,
    );
  }
  return facts;
}

/** Repositories with several services (backend/, frontend/) keep each project in a folder: the
 *  folders right below that would be detected, for the error's hint. One level only, never a walk. */
function projectsBelow(fs: ProjectFs): Array<{ dir: string; stack: Stack }> {
  const found: Array<{ dir: string; stack: Stack }> = [];
  for (const name of fs.list('.')) {
    if (name.startsWith('.') || name === 'node_modules' || !fs.isDirectory(name)) continue;
    const detector = presentDetectors(new SubFs(fs, name))[0];
    if (detector) found.push({ dir: name, stack: detector.stack });
  }
  return found;
}

function detectStack(fs: ProjectFs, stack: Stack): ProjectFacts {
  const candidates = DETECTORS.filter((d) => d.stack === stack);
  const accepts = (d: Detector) => d.forced ?? d;
  const detector = candidates.find((d) => accepts(d).present(fs)) ?? candidates[0];
  if (!detector) {
    throw new DockgenError(
      `The ${stack} stack is not available in this version of dockgen.`,
      `Pass --stack ${[...new Set(DETECTORS.map((d) => d.stack))].join('|')}, or leave --stack out.`,
    );
  }
  if (!accepts(detector).present(fs)) {
    const markers = candidates.map((d) => d.markers).join(', ');
    throw new DockgenError(`--stack ${stack} was given, but the project has none of: ${markers}.`, 'Check the folder, or the --stack value.');
  }
  return accepts(detector).detect(fs);
}
