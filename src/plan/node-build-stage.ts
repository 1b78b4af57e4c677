import { describeEvidence } from '../detect/evidence.js';
import type { NodeFacts } from '../detect/node/index.js';
import type { GenerateOptions } from '../options.js';
import { bundledNpm } from '../versions/node-npm.js';
import { packageManagerNodeWarning } from '../versions/package-manager-engines.js';
import { nodeImageVariant } from '../versions/node.js';
import { chooseNodeVersion } from './node-version.js';
import { PM_PREFIX, nodeManifestCopies, planInstall, yarnSettings, type InstallPlan } from './node-install.js';
import { commentText } from './safe.js';
import type { NodeBuildStage, PlanArg, PlanContext } from './types.js';

/**
 * A Node.js stage that only builds (a static site, a Python app's front-end assets): the version,
 * the package manager and the full install, as the Node.js stack does them. The caller adds the
 * build step and takes from the stage only what the build wrote (R10, R13).
 * `purpose` names the stage in its ARG comment and warnings ("build", "front-end build").
 */
export function planNodeBuildStage(node: NodeFacts, options: GenerateOptions, context: PlanContext, purpose: string) {
  const version = chooseNodeVersion(node, options, context.defaults?.nodeVersion);
  const pm = node.packageManager;
  const install: InstallPlan = planInstall(pm.value, yarnSettings(node), describeEvidence(pm.evidence), bundledNpm(version.version));
  const warnings = [...version.warnings, ...install.warnings];
  const pmTooNew = packageManagerNodeWarning(pm.value.name, pm.value.yarnBerry === true, install.arg?.value, version.version);
  if (pmTooNew) warnings.push(pmTooNew);
  if (!pm.value.lockfile) {
    warnings.push(`No ${pm.value.name} lockfile${purpose === 'build' ? '' : ` for the ${purpose}`}: installs are not reproducible (R9). Commit one.`);
  }
  const args: PlanArg[] = [{ name: 'NODE_VERSION', value: version.version, comment: commentText(`Node.js ${version.version} (${purpose} only): ${version.source}`) }];
  const stage: NodeBuildStage = {
    image: 'node',
    imageVariant: nodeImageVariant(version.debian),
    env: install.env,
    manifests: nodeManifestCopies(node),
    install: install.full,
  };
  if (install.arg && install.setup) {
    args.push({ ...install.arg, comment: commentText(install.arg.comment) });
    stage.packageManagerSetup = { arg: install.arg.name, run: install.setup, path: `${PM_PREFIX}/bin` };
  }
  return { version, install, stage, args, warnings };
}
