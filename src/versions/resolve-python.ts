import { describeEvidence, type Evidence, type Fact } from '../detect/evidence.js';
import { DockgenError } from '../errors.js';
import { DEFAULT_PYTHON_MINOR, PYTHON_LINES, PYTHON_TABLE_CHECKED, findPythonLine, isPythonEol, pythonDebian } from './python.js';

export interface ResolvedPythonVersion {
  /** Exact release, e.g. `3.13.16`. */
  version: string;
  warnings: string[];
}

type Version = [number, number, number];

/** One comparison of a specifier set: PEP 440 operators, plus Poetry's `^` and `~`. */
interface Clause {
  op: '>=' | '<=' | '>' | '<' | '==' | '!=' | 'prefix' | 'not-prefix';
  version: Version;
  /** For prefix matches: how many components must be equal. */
  length: number;
}

export function defaultPythonVersion(): string {
  return findPythonLine(DEFAULT_PYTHON_MINOR)!.latest;
}

/**
 * A declared version (`3.12`, `3.12.7`, `python-3.11.4`, `>=3.10,<3.13`, `^3.11`, `~=3.12`,
 * `3.11.*`) → an exact release: the version itself when exact, else the newest known release that
 * satisfies it (lines newer than the default only when nothing older fits).
 */
export function resolvePythonVersion(spec: string, evidence: Evidence): ResolvedPythonVersion {
  const where = describeEvidence(evidence);
  const raw = spec.trim().replace(/^python-?/i, '').replace(/^cpython-?/i, '');
  if (/^pypy/i.test(raw)) {
    throw new DockgenError(`${where} asks for PyPy; dockgen writes images for CPython (the official python images).`, fixHint(evidence));
  }
  const exact = /^(\d+)\.(\d+)\.(\d+)$/.exec(raw);
  const oldest = PYTHON_LINES.at(-1)!;
  if (exact || /^\d+\.\d+(\.x|\.\*)?$/.test(raw)) {
    const [major = 0, minorPart = 0] = raw.split('.').map(Number);
    if (major < 3 || (major === 3 && minorPart < Number(oldest.minor.split('.')[1]))) {
      throw new DockgenError(
        `${where} asks for Python ${raw}, older than any line with maintained official images dockgen can use (the oldest is ${oldest.minor}).`,
        `Port the app to Python ${DEFAULT_PYTHON_MINOR} (or at least ${oldest.minor}), then ${fixHint(evidence).charAt(0).toLowerCase()}${fixHint(evidence).slice(1)}`,
      );
    }
  }
  if (exact) return withEolWarning(raw, `${exact[1]}.${exact[2]}`, where);
  const minor = /^(\d+\.\d+)(?:\.x|\.\*)?$/.exec(raw);
  if (minor) {
    const line = findPythonLine(minor[1]!);
    if (!line) throw unknownLine(minor[1]!, where, evidence);
    return withEolWarning(line.latest, line.minor, where);
  }
  if (raw === '*' || raw === '') return { version: defaultPythonVersion(), warnings: [] };
  const clauses = parseSpecifiers(raw, where, evidence);
  const line = resolutionOrder().find((candidate) => clauses.every((clause) => matches(parse(candidate.latest), clause)));
  if (!line) {
    throw new DockgenError(
      `No Python release dockgen knows satisfies ${where} (known: ${PYTHON_LINES.map((l) => l.latest).join(', ')}).`,
      fixHint(evidence),
    );
  }
  return withEolWarning(line.latest, line.minor, where);
}

function withEolWarning(version: string, minor: string, where: string): ResolvedPythonVersion {
  const line = findPythonLine(minor);
  const warnings: string[] = [];
  if (!line) {
    warnings.push(`Python ${version} (${where}) is not in dockgen's version table (checked ${PYTHON_TABLE_CHECKED}); make sure the image python:${version}-slim-${pythonDebian(version)} exists.`);
  } else {
    if (compare(parse(version), parse(line.latest)) > 0) {
      warnings.push(`Python ${version} (${where}) is newer than the newest ${line.minor} release dockgen knows (${line.latest}, table checked ${PYTHON_TABLE_CHECKED}); make sure the image python:${version}-slim-${pythonDebian(version)} exists.`);
    }
    if (isPythonEol(line, PYTHON_TABLE_CHECKED)) {
      const debian = line.debian ? ` Its last official images are on Debian ${line.debian} (python:${line.latest}-slim-${line.debian}), which the image uses.` : '';
      warnings.push(`Python ${line.minor} (${where}) reached its end of life in ${line.eol}: it gets no security fixes.${debian} Move to ${DEFAULT_PYTHON_MINOR} or newer.`);
    }
  }
  return { version, warnings };
}

/** Whether an exact version satisfies a declared version or range (`3.12`, `>=3.11`, `python-3.12.7`, `^3.10`). */
export function satisfiesPythonSpec(version: string, spec: string, evidence: Evidence): boolean {
  const raw = spec.trim().replace(/^python-?/i, '').replace(/^cpython-?/i, '');
  if (raw === '*' || raw === '') return true;
  const exact = /^(\d+\.\d+\.\d+)$/.exec(raw);
  if (exact) return version === raw;
  const minor = /^(\d+\.\d+)(?:\.x|\.\*)?$/.exec(raw);
  if (minor) return `${version}.`.startsWith(`${minor[1]}.`);
  return parseSpecifiers(raw, describeEvidence(evidence), evidence).every((clause) => matches(parse(version), clause));
}

/**
 * The project's declarations together (R18): the first (highest priority) is resolved as usual; the
 * release must also satisfy every other one. When it does not, the newest release that satisfies
 * all of them is used instead; when none does, the build stops with an error naming both
 * declarations: silently ignoring one would build for a Python the project says it cannot run on.
 */
export function resolvePythonDeclarations(first: Fact<string>, others: ReadonlyArray<Fact<string>>): ResolvedPythonVersion {
  const resolved = resolvePythonVersion(first.value, first.evidence);
  const conflicts = (version: string) => others.filter((other) => !satisfiesPythonSpec(version, other.value, other.evidence));
  if (conflicts(resolved.version).length === 0) return resolved;
  const candidates = [
    ...others.map((o) => o.value.trim().replace(/^python-?/i, '')).filter((v) => /^\d+\.\d+\.\d+$/.test(v)),
    ...resolutionOrder().map((line) => line.latest),
  ];
  const chosen = candidates.find((v) => satisfiesPythonSpec(v, first.value, first.evidence) && conflicts(v).length === 0);
  if (chosen) {
    const result = resolvePythonVersion(chosen, first.evidence);
    return { version: result.version, warnings: result.warnings };
  }
  const other = conflicts(resolved.version)[0]!;
  throw new DockgenError(
    `${describeEvidence(first.evidence)} and ${describeEvidence(other.evidence)} disagree: no Python release satisfies both.`,
    'Make them agree (one of them is out of date), or choose the version with --python-version.',
  );
}

/** Supported lines from the default down, then the newer ones: the newest "settled" line first. */
function resolutionOrder() {
  const defaultIndex = PYTHON_LINES.findIndex((line) => line.minor === DEFAULT_PYTHON_MINOR);
  return [...PYTHON_LINES.slice(defaultIndex), ...PYTHON_LINES.slice(0, defaultIndex).reverse()];
}

function parseSpecifiers(raw: string, where: string, evidence: Evidence): Clause[] {
  // PEP 440 separates clauses with commas; Poetry also accepts spaces (`>=3.9 <3.13`).
  const parts = raw.split(/\s*,\s*|\s+(?=[<>=!~^])/).filter(Boolean);
  if (raw.includes('||') || raw.includes(' or ')) {
    throw new DockgenError(`${where}: alternatives ("||") are not supported in a Python version range.`, fixHint(evidence));
  }
  return parts.flatMap((part) => {
    const match = /^(~=|===|==|!=|<=|>=|<|>|\^|~)?\s*v?(\d+(?:\.\d+){0,2})(\.\*)?$/.exec(part);
    if (!match) throw new DockgenError(`${where}: "${part}" is not a Python version or range.`, fixHint(evidence));
    const [, op = '==', text, star] = match;
    const numbers = text!.split('.').map(Number);
    const version = parse(text!);
    const length = numbers.length;
    if (star) return [{ op: op === '!=' ? 'not-prefix' : 'prefix', version, length } as Clause];
    switch (op) {
      case '~=': {
        // Compatible release: ~=3.11 → >=3.11, ==3.*; ~=3.11.2 → >=3.11.2, ==3.11.*
        if (length < 2) throw new DockgenError(`${where}: "~=" needs at least two version parts.`, fixHint(evidence));
        return [{ op: '>=', version, length }, { op: 'prefix', version, length: length - 1 }];
      }
      case '^':
        // Poetry caret: ^3.11 → >=3.11,<4.0
        return [{ op: '>=', version, length }, { op: 'prefix', version, length: 1 }];
      case '~':
        // Poetry tilde: ~3.11 → >=3.11,<3.12; ~3 → ==3.*
        return [{ op: '>=', version, length }, { op: 'prefix', version, length: Math.min(length, 2) }];
      case '==':
      case '===':
        // A bare `3.11` in Poetry means 3.11.*; `==3.11` in PEP 440 means 3.11.0 — both
        // are read as the line, which is what people who write them mean.
        return [{ op: length < 3 ? 'prefix' : '==', version, length } as Clause];
      default:
        return [{ op: op as Clause['op'], version, length }];
    }
  });
}

function parse(text: string): Version {
  const [a = 0, b = 0, c = 0] = text.split('.').map(Number);
  return [a, b, c];
}

function compare(a: Version, b: Version): number {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}

function matches(version: Version, clause: Clause): boolean {
  const order = compare(version, clause.version);
  const samePrefix = version.slice(0, clause.length).every((part, i) => part === clause.version[i]);
  switch (clause.op) {
    case '>=': return order >= 0;
    case '<=': return order <= 0;
    case '>': return order > 0;
    case '<': return order < 0;
    case '==': return order === 0;
    case '!=': return order !== 0;
    case 'prefix': return samePrefix;
    case 'not-prefix': return !samePrefix;
  }
}

function unknownLine(minor: string, where: string, evidence: Evidence): DockgenError {
  return new DockgenError(
    `${where} asks for Python ${minor}, which dockgen does not know (known lines: ${PYTHON_LINES.map((l) => l.minor).join(', ')}).`,
    fixHint(evidence),
  );
}

function fixHint(evidence: Evidence): string {
  return evidence.source.startsWith('--')
    ? 'Pass a version such as --python-version 3.13 or 3.13.16.'
    : `Fix ${evidence.source}, or override it with --python-version 3.13.`;
}
