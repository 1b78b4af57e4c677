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
  const refuses = (engine: DependencyEngine) => !ranges.get(engine.range)!.test(fallback.version);
  const refusing = engines.filter(refuses);
  if (refusing.length === 0) return fallback;

  const examples = refusing.slice(0, 3).map((e) => `${e.path.replace(/^(.*\/)?node_modules\//, '')} (${e.source} packages["${e.path}"].engines.node = ${JSON.stringify(e.range)})`);
  const more = refusing.length > 3 ? ` and ${refusing.length - 3} more` : '';
  const refused = `${refusing.length === 1 ? 'a dependency refuses' : `${refusing.length} dependencies refuse`} Node.js ${fallback.version}: ${examples.join(', ')}${more}`;
  const choose = 'Declare the version in package.json engines.node (or .nvmrc), or pass --node-version.';
  // Every package first; failing that, the production ones (dev dependencies only build).
  const attempts = [
    { packages: engines, which: 'all dependencies accept' },
    { packages: engines.filter((engine) => !engine.dev), which: 'all production dependencies accept (a dev dependency refuses it)' },
  ];
  let onlyDev = false;
  for (const { packages, which } of attempts) {
    const reason = packages.find(refuses);
    if (!reason) {
      onlyDev = true; // the production packages accept the default: it stays
      break;
    }
    const version = newestAcceptedByAll([...new Set(packages.map((e) => e.range))].map((range) => ranges.get(range)!));
    if (!version) continue;
    const evidence: Evidence = { source: reason.source, field: `packages["${reason.path}"].engines.node`, value: reason.range };
    const chosen = resolveNodeVersion(version, evidence);
    return {
      ...chosen,
      warnings: [`No Node.js version is declared, and ${refused}. Using Node.js ${version}, the newest release that ${which}. ${choose}`, ...chosen.warnings],
      evidence,
      source: `the newest release that ${which.replace(/ \(.*\)$/, '')} (${describeEvidence(evidence)}; no version declared)`,
    };
  }
  const why = onlyDev
    ? 'only dev dependencies refuse it, and no release satisfies them together with the rest, so the default stays (the build stage may fail)'
    : 'no Node.js release satisfies every production dependency, so the default stays';
  return { ...fallback, warnings: [...fallback.warnings, `No Node.js version is declared, and ${refused}; ${why}. ${choose}`] };
}
