/** error: fails `dockgen lint`; warning: fails with --strict; info: reported, never fails. */
export type Severity = 'error' | 'warning' | 'info';

export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

/** One problem, anchored to the line where the offending instruction starts (1-based). */
export interface Finding {
  file: string;
  line: number;
  /** The OUTPUT-RULES id (R1–R24), or D1–D5 for Dockerfile correctness checks that no output rule names. */
  rule: string;
  /** A stable short name for the individual check, e.g. `apt-lists`; also accepted by suppressions. */
  check: string;
  severity: Severity;
  message: string;
  /** Why it matters. */
  why: string;
  /** How to fix it. */
  fix: string;
}

/** What a check produces before the engine adds the file name. */
export type Issue = Omit<Finding, 'file'>;

/** The build context, as far as the linter may look at it: the folder the Dockerfile is in. */
export interface BuildContext {
  /** True when the relative path exists in the build context (before .dockerignore). */
  exists(path: string): boolean;
}

export interface LintInput {
  /** Shown in findings, e.g. `services/api/Dockerfile`. */
  dockerfilePath: string;
  dockerfile: string;
  /** The .dockerignore that applies, or null when the context has none; undefined skips its checks. */
  dockerignore?: { path: string; text: string } | null;
  context?: BuildContext;
}
