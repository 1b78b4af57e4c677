import { DockgenError } from '../../errors.js';
import { describeEvidence, fact, type Fact } from '../evidence.js';
import type { ProjectFs } from '../fs.js';
import { firstMeaningfulLine, toolVersionsSpec } from '../tool-versions.js';
import type { GoModFile } from './gomod.js';

export interface GoModSource {
  file: string;
  mod: GoModFile;
}

/**
 * The Go version the project declares, in the documented priority: a `toolchain` line (the go
 * command itself switches to it) > .go-version > .tool-versions / mise.toml (the Go its developers
 * run) > a `go` line. A go line is a minimum: a version manager's pin wins over it when it meets
 * that minimum, and is ignored with a warning when it does not (GOTOOLCHAIN=local refuses to build
 * a module that needs a newer Go). In a workspace, go.work's lines come first (the go command runs
 * with the workspace's), then the highest of its modules'. Resolved to a release by the plan
 * (versions/go.ts), so --go-version wins over a bad file.
 */
export function detectGoVersionSpec(fs: ProjectFs, files: GoModSource[], warnings: string[]): Fact<string> | undefined {
  const declared = (key: 'toolchain' | 'go') => {
    const lines = files.filter((f) => f.mod[key] !== undefined).map((f) => ({ file: f.file, ...f.mod[key]! }));
    const chosen = lines.find((d) => d.file === 'go.work') ?? lines.sort((a, b) => compareGo(b.version, a.version))[0];
    return chosen ? fact(chosen.version, chosen.file, `${key} (line ${chosen.line})`, chosen.version) : undefined;
  };
  const toolchain = declared('toolchain');
  if (toolchain) return toolchain;
  const minimum = declared('go');
  const pinned = versionManagerSpec(fs);
  if (pinned && minimum && /^\d+\.\d+/.test(pinned.value) && compareGo(pinned.value, minimum.value) < 0) {
    warnings.push(`${describeEvidence(pinned.evidence)} is older than ${describeEvidence(minimum.evidence)}, the minimum the module needs: the image builds with the go line's version instead. Update ${pinned.evidence.source}.`);
    return minimum;
  }
  return pinned ?? minimum;
}

function versionManagerSpec(fs: ProjectFs): Fact<string> | undefined {
  const pinned = fs.readText('.go-version');
  if (pinned !== undefined) {
    const spec = firstMeaningfulLine(pinned);
    if (spec === undefined) throw new DockgenError('.go-version is empty.', 'Write a Go version in it (e.g. 1.24.3), or delete it.');
    return fact(spec, '.go-version', undefined, spec);
  }
  return toolVersionsSpec(fs, ['golang', 'go']);
}

/** Orders `1.22`, `1.22.3`, `go1.23rc1` by their numbers (pre-releases before the release). */
export function compareGo(a: string, b: string): number {
  const parse = (v: string) => {
    const match = /^(?:go)?(\d+)\.(\d+)(?:\.(\d+))?(?:(rc|beta)(\d+))?/.exec(v);
    if (!match) return [0, 0, 0, 0];
    const pre = match[4] ? Number(match[5]) - 1000 : 0;
    return [Number(match[1]), Number(match[2]), Number(match[3] ?? 0), pre];
  };
  const [x, y] = [parse(a), parse(b)];
  for (let i = 0; i < 4; i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return 0;
}
