import Range from 'semver/classes/range.js';
import { describeEvidence, fact, type Evidence, type Fact } from '../detect/evidence.js';
import type { DependencyEngine } from '../detect/node/dependency-engines.js';
import type { NodeFacts } from '../detect/node/index.js';
import type { GenerateOptions } from '../options.js';
import { DEFAULT_NODE_MAJOR, NODE_TABLE_CHECKED } from '../versions/node.js';
import { defaultNodeVersion, newestAcceptedByAll, resolveNodeVersion, type ResolvedNodeVersion } from '../versions/resolve-node.js';

export interface ChosenNodeVersion extends ResolvedNodeVersion {
  evidence: Evidence;
  /** Where the version came from, for the ARG comment. */
  source: string;
}

/**
 * Node.js version (R18): --node-version > the project's declaration > the org default > the
 * default line. Without a declaration, the dependencies' own engines (npm lockfile) may move the
 * default to an older line that all of them accept.
 */
export function chooseNodeVersion(facts: Pick<NodeFacts, 'nodeVersionSpec' | 'dependencyEngines'>, options: GenerateOptions, orgDefault?: Fact<string>): ChosenNodeVersion {
  const declared = options.nodeVersion !== undefined
    ? fact(options.nodeVersion, '--node-version', undefined, options.nodeVersion)
    : facts.nodeVersionSpec;
  if (declared) return resolved(declared);
  const fallback = orgDefault
    ? resolved(orgDefault)
    : {
        ...resolveNodeVersion(defaultNodeVersion(), { source: 'default' }),
        evidence: { source: 'default', value: `Node.js ${DEFAULT_NODE_MAJOR} (active LTS)` },
        source: `dockgen default, the active LTS line (version table checked ${NODE_TABLE_CHECKED})`,
      };
  return withDependencyEngines(fallback, facts.dependencyEngines ?? []);
}

function resolved(spec: Fact<string>): ChosenNodeVersion {
  return { ...resolveNodeVersion(spec.value, spec.evidence), evidence: spec.evidence, source: `from ${describeEvidence(spec.evidence)}` };
}

/**
 * The default line unless a dependency's `engines.node` refuses it: then the newest release that
 * every dependency accepts (or, failing that, every production dependency), with a warning that
 * names the refusing packages and the ways to decide otherwise. A dependency that refuses the
 * Node.js version fails the install with Yarn and with npm's engine-strict, and may not run.
 */
function withDependencyEngines(fallback: ChosenNodeVersion, engines: readonly DependencyEngine[]): ChosenNodeVersion {
  const ranges = new Map<string, Range>();
  for (const engine of engines) if (!ranges.has(engine.range)) ranges.set(engine.range, new Range(engine.range));
  const accepts = (engine: DependencyEngine, version: string) => ranges.get(engine.range)!.test(version);
  const refusing = engines.filter((engine) => !accepts(engine, fallback.version));
  if (refusing.length === 0) return fallback;

  const examples = refusing.slice(0, 3).map((e) => `${e.path.replace(/^(.*\/)?node_modules\//, '')} (${e.source} packages["${e.path}"].engines.node = ${JSON.stringify(e.range)})`);
  const more = refusing.length > 3 ? ` and ${refusing.length - 3} more` : '';
  const refused = `${refusing.length === 1 ? 'a dependency refuses' : `${refusing.length} dependencies refuse`} Node.js ${fallback.version}: ${examples.join(', ')}${more}`;
  const choose = 'Declare the version in package.json engines.node (or .nvmrc), or pass --node-version.';
  const production = engines.filter((engine) => !engine.dev);
  for (const [candidates, which] of [[engines, 'all dependencies accept'], [production, 'all production dependencies accept (a dev dependency refuses it)']] as const) {
    const version = newestAcceptedByAll([...ranges.entries()].filter(([range]) => candidates.some((e) => e.range === range)).map(([, r]) => r));
    if (!version) continue;
    const evidence: Evidence = { source: refusing[0]!.source, field: `packages["${refusing[0]!.path}"].engines.node`, value: refusing[0]!.range };
    const chosen = resolveNodeVersion(version, evidence);
    return {
      ...chosen,
      warnings: [`No Node.js version is declared, and ${refused}. Using Node.js ${version}, the newest release that ${which}. ${choose}`, ...chosen.warnings],
      evidence,
      source: `the newest release that ${which.replace(/ \(.*\)$/, '')} (${describeEvidence(evidence)}; no version declared)`,
    };
  }
  return {
    ...fallback,
    warnings: [...fallback.warnings, `No Node.js version is declared, and ${refused}; no Node.js release satisfies every dependency, so the default stays. ${choose}`],
  };
}
