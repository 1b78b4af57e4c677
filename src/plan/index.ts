import type { ProjectFacts } from '../detect/index.js';
import type { GenerateOptions } from '../options.js';
import { planGo } from './go.js';
import { planNode } from './node.js';
import { planPython } from './python.js';
import { planStatic } from './static.js';
import type { DockerPlan, PlanContext } from './types.js';
import { planHealthcheck } from './healthcheck.js';
import { withTmp } from './writable.js';

/** Facts of any stack → that stack's plan, with the options every stack shares. Pure, like every planner. */
export function planProject(facts: ProjectFacts, options: GenerateOptions, context: PlanContext): DockerPlan {
  const plan = planStack(facts, options, context);
  if (options.healthcheck !== undefined) {
    const { healthcheck, warning } = planHealthcheck(plan, options.healthcheck);
    if (healthcheck) plan.healthcheck = healthcheck;
    if (warning) plan.warnings.push(warning);
    plan.decisions.push({
      topic: 'healthcheck',
      value: healthcheck ? `${healthcheck.argv[0]} probes ${healthcheck.path} on port ${healthcheck.port}` : 'none (nothing in the image can run a probe)',
      evidence: { source: '--healthcheck', value: options.healthcheck },
    });
  }
  // compose.yaml's password files (secrets/*.txt) sit beside the Dockerfile: never in the build context (R16).
  if (options.compose) plan.dockerignore.find((section) => section.comment.startsWith('Secrets'))?.entries.push('secrets');
  plan.writablePaths = withTmp(plan.writablePaths, plan.stack === 'static');
  return plan;
}

function planStack(facts: ProjectFacts, options: GenerateOptions, context: PlanContext): DockerPlan {
  switch (facts.stack) {
    case 'node':
      return planNode(facts, options, context);
    case 'python':
      return planPython(facts, options, context);
    case 'go':
      return planGo(facts, options, context);
    case 'static':
      // --cmd names a server process: a Node-built site that runs its own server stays Node.js.
      if (options.cmd && facts.node && options.stack !== 'static') return planNode(facts.node, options, context);
      return planStatic(facts, options, context);
  }
}
