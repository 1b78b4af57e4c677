import { buildModel, parseDockerfile, type Model } from './model.js';
import { checkDockerignore } from './rules-dockerignore.js';
import { checkVariables } from './rules-env.js';
import { checkToolchain, checkUser } from './rules-image.js';
import { checkLayout } from './rules-layout.js';
import { checkHealthcheck } from './rules-health.js';
import { checkPackages } from './rules-packages.js';
import { checkProcess } from './rules-process.js';
import { checkFromTags, checkPortability, checkStages, checkSyntax } from './rules-structure.js';
import { checkSupplyChain } from './rules-supply.js';
import { dockerfileSuppressions, dockerignoreSuppressions, isSuppressed } from './suppress.js';
import type { BuildContext, Finding, Issue, LintInput } from './types.js';

export interface LintOptions {
  /** Rule ids (R7) or check names (apt-lists) to leave out, as from --ignore. */
  ignore?: readonly string[];
  /** Opt-in checks to run (from-digest, eol-runtime), as from --enable. */
  enable?: readonly string[];
  /** The date end-of-life is judged on (YYYY-MM-DD); today by default. */
  today?: string;
}

/** Rule families over the parsed file; each is independent and returns its issues. */
const FAMILIES: ((model: Model, context: BuildContext | undefined) => Issue[])[] = [
  checkStages,
  checkFromTags,
  checkUser,
  checkProcess,
  checkPackages,
  checkLayout,
  checkVariables,
  checkToolchain,
  checkHealthcheck,
  checkPortability,
];

/**
 * Lints one Dockerfile (and the .dockerignore of its context) against OUTPUT-RULES. Pure: the
 * caller reads the files. A file the builder would refuse gets its syntax findings only, since
 * the other rules would describe a build that cannot happen.
 */
export function lint(input: LintInput, options: LintOptions = {}): Finding[] {
  const dockerfile = parseDockerfile(input.dockerfile);
  const model = buildModel(dockerfile);
  const suppressed = dockerfileSuppressions(dockerfile);
  const ignored = options.ignore ?? [];

  const syntax = checkSyntax(model);
  const issues = syntax.length > 0 ? syntax : FAMILIES.flatMap((family) => family(model, input.context));
  if (syntax.length === 0 && options.enable && options.enable.length > 0) {
    const enabled = new Set(options.enable);
    issues.push(...checkSupplyChain(model, options.today ?? new Date().toISOString().slice(0, 10)).filter((i) => enabled.has(i.check)));
  }
  let ignoreIssues: Issue[] = [];
  if (syntax.length === 0 && input.dockerignore !== undefined) {
    const result = checkDockerignore(model, input.dockerignore, input.context);
    issues.push(...result.dockerfile);
    const inFile = input.dockerignore ? dockerignoreSuppressions(input.dockerignore.text) : [];
    ignoreIssues = result.dockerignore.filter((i) => !isSuppressed(i, inFile));
  }

  // The Dockerfile's findings first, then its .dockerignore's, each in line order.
  const findings: Finding[] = [
    ...issues.filter((i) => !isSuppressed(i, suppressed.get(i.line) ?? [])).sort(byLine).map((i) => ({ file: input.dockerfilePath, ...i })),
    ...ignoreIssues.sort(byLine).map((i) => ({ file: input.dockerignore!.path, ...i })),
  ];
  return findings.filter((f) => !isSuppressed(f, ignored));
}

function byLine(a: Issue, b: Issue): number {
  return a.line - b.line || a.rule.localeCompare(b.rule, undefined, { numeric: true });
}

/** Exit status for a set of findings: errors fail; with `strict`, warnings fail too. */
export function failed(findings: readonly Finding[], strict: boolean): boolean {
  return findings.some((f) => f.severity === 'error' || (strict && f.severity === 'warning'));
}
