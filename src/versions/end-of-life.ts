import { GO_LINES, GO_TABLE_CHECKED } from './go.js';
import { NODE_LINES, NODE_TABLE_CHECKED, lineName } from './node.js';
import { PYTHON_LINES, PYTHON_TABLE_CHECKED } from './python.js';

/**
 * End of life of a runtime line, from the same dated tables dockgen chooses versions from (Node.js:
 * the Release working group's schedule; Python: python.org's release status; Go: the two newest
 * lines are supported, endoflife.date; each checked on the date its table names).
 */
export interface EndOfLife {
  runtime: string;
  line: string;
  /** When support ended (YYYY-MM-DD or YYYY-MM), or `before <oldest line in the table>`. */
  since: string;
  /** The date the table was checked. */
  checked: string;
}

/** Images whose tag starts with the runtime's version, by repository (registry host removed). */
const RUNTIMES: Record<string, (version: string, today: string) => EndOfLife | undefined> = {
  node: nodeEndOfLife,
  python: pythonEndOfLife,
  golang: goEndOfLife,
};

/** The end of life of the runtime line in `repository:tag`, if it is past on `today` (YYYY-MM-DD). */
export function endOfLife(repository: string, tag: string, today: string): EndOfLife | undefined {
  // By the last part of the path: a mirror's `registry.example.com/base/node` is still Node.js.
  const check = RUNTIMES[repository.split('/').at(-1)!];
  const version = /^(\d+(?:\.\d+){0,2})(?:$|[-.])/.exec(tag)?.[1];
  return check && version ? check(version, today) : undefined;
}

function nodeEndOfLife(version: string, today: string): EndOfLife | undefined {
  const name = lineName(version.includes('.') ? version : `${version}.0`);
  const line = NODE_LINES.find((l) => l.line === name);
  const base = { runtime: 'Node.js', line: name, checked: NODE_TABLE_CHECKED };
  if (!line) return olderThanAll(base, Number(name), Math.min(...NODE_LINES.map((l) => Number(l.line))), '0.8');
  return line.endOfLife < today ? { ...base, since: line.endOfLife } : undefined;
}

function pythonEndOfLife(version: string, today: string): EndOfLife | undefined {
  const minor = version.split('.').slice(0, 2).join('.');
  if (!minor.includes('.')) return undefined; // python:3 follows the newest line
  const line = PYTHON_LINES.find((l) => l.minor === minor);
  const base = { runtime: 'Python', line: minor, checked: PYTHON_TABLE_CHECKED };
  if (!line) return olderThanAll(base, minorNumber(minor), Math.min(...PYTHON_LINES.map((l) => minorNumber(l.minor))), PYTHON_LINES.at(-1)!.minor);
  return line.eol < today.slice(0, 7) ? { ...base, since: line.eol } : undefined;
}

function goEndOfLife(version: string, today: string): EndOfLife | undefined {
  const minor = version.split('.').slice(0, 2).join('.');
  if (!minor.includes('.')) return undefined;
  const line = GO_LINES.find((l) => l.minor === minor);
  const base = { runtime: 'Go', line: minor, checked: GO_TABLE_CHECKED };
  if (!line) return olderThanAll(base, minorNumber(minor), Math.min(...GO_LINES.map((l) => minorNumber(l.minor))), GO_LINES.at(-1)!.minor);
  return line.eol !== undefined && line.eol < today.slice(0, 7) ? { ...base, since: line.eol } : undefined;
}

/** A line the table does not list: ended if it is older than every line listed (a newer one is
 *  not judged: it may have come out after the table was checked). */
function olderThanAll(base: Omit<EndOfLife, 'since'>, number: number, oldest: number, oldestName: string): EndOfLife | undefined {
  return number < oldest ? { ...base, since: `before ${oldestName}` } : undefined;
}

/** `3.9` → 3.009, so that 3.10 sorts after 3.9. */
function minorNumber(minor: string): number {
  const [major = 0, rest = 0] = minor.split('.').map(Number);
  return major + rest / 1000;
}
