import type { Evidence } from '../detect/evidence.js';
import type { GoFacts, GoMain } from '../detect/go/index.js';
import { DockgenError, MissingValueError } from '../errors.js';
import type { GenerateOptions } from '../options.js';

/** The conventional folders of a repository's service, in this order. */
const SERVICE_FOLDERS = ['cmd/server', 'cmd/api', 'cmd/app', 'server', 'api', 'app'];

/**
 * The main package to build, by one documented rule (README, "What it detects (Go)"):
 * --main > the only candidate > among several, narrowed step by step until one is left:
 *   1. those that serve on a port (an image runs a service; migrate, seed and CLI tools do not serve),
 *   2. the one named like the module or the project folder (cmd/orders in module …/orders),
 *   3. the first of cmd/server, cmd/api, cmd/app, server, api, app,
 *   4. the module root.
 * Candidates are the module roots, cmd/… and other folders; mains in example, tool, test and
 * internal folders are only built when --main names them. A go.work workspace's modules are
 * candidates alike. When no step decides, the error names --main and the candidates (an
 * interactive run asks instead, preselecting the rule's pick when there is one).
 */
export function chooseMain(facts: GoFacts, options: GenerateOptions, folderName?: string): { value: GoMain; evidence: Evidence } {
  const all = [...facts.mains, ...facts.otherMains];
  if (options.main !== undefined) return mainByFlag(all, options.main);
  const mains = facts.mains;
  if (mains.length === 1) return { value: mains[0]!, evidence: { source: mains[0]!.path, value: 'the only main package' } };
  if (mains.length === 0) {
    throw new MissingValueError(
      `Found no main package at the module root, in cmd/ or in another folder${facts.otherMains.length > 0 ? ` (only in example, tool, test or internal folders: ${list(facts.otherMains)})` : ''}: this looks like a library.`,
      facts.otherMains.length > 0 ? `Choose the program to build with --main, e.g. --main ${facts.otherMains[0]!.path}.` : 'Pass the main package to build with --main ./path/to/main.',
      '--main',
      facts.otherMains.map((m) => m.path),
    );
  }

  const reasons: string[] = [];
  let left = mains;
  const narrow = (keep: (m: GoMain) => boolean, why: string) => {
    const kept = left.filter(keep);
    if (kept.length > 0 && kept.length < left.length) {
      left = kept;
      reasons.push(why);
    }
    return left.length === 1;
  };
  const names = new Set([...facts.modules.length === 1 && !facts.workspace ? [facts.name] : [], folderName].filter((n): n is string => !!n));
  // Each step sees what the previous ones left.
  const conventional = () => SERVICE_FOLDERS.map((folder) => left.find((m) => m.path === `./${folder}` || m.path.endsWith(`/${folder}`))).find(Boolean);
  const decided =
    narrow((m) => m.serves, 'it serves on a port') ||
    narrow((m) => names.has(m.name), `it is named like the module or folder (${[...names].join(', ')})`) ||
    narrow((m) => m === conventional(), `the first conventional service folder (${SERVICE_FOLDERS.join(', ')})`) ||
    narrow((m) => m.path === '.', 'the module root');
  if (decided) return { value: left[0]!, evidence: { source: left[0]!.path, value: reasons.join('; ') } };

  const serving = mains.filter((m) => m.serves);
  throw new MissingValueError(
    `Found several main packages (${list(mains)}) and nothing tells which one the image should run: ${serving.length === 0 ? 'none' : serving.length === mains.length ? 'all' : 'several'} serve on a port, and ${left.length === mains.length ? 'none' : 'more than one'} is named like the module or folder, or cmd/server, cmd/api or cmd/app.`,
    `Choose one with --main, e.g. --main ${left[0]!.path}.`,
    '--main',
    mains.map((m) => m.path),
  );
}

function mainByFlag(all: GoMain[], flag: string): { value: GoMain; evidence: Evidence } {
  const wanted = `./${flag.replace(/\\/g, '/').replace(/^(\.\/)+/, '').replace(/\/+$/, '')}`.replace(/^\.\/(\.)?$/, '.');
  const found = all.find((m) => m.path === wanted);
  if (!found) {
    throw new DockgenError(
      `--main ${flag} is not a main package dockgen found (it looks at the module root and every folder except vendor/, testdata/ and hidden ones).`,
      all.length > 0 ? `Main packages found: ${list(all)}.` : 'The folder needs Go files with `package main` and a func main.',
    );
  }
  return { value: found, evidence: { source: '--main', value: flag } };
}

function list(mains: GoMain[]): string {
  return mains.map((m) => m.path).join(', ');
}
