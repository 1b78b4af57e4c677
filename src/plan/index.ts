import type { ProjectFacts } from '../detect/index.js';
import type { GenerateOptions } from '../options.js';
import { planNode } from './node.js';
import { planPython } from './python.js';
import type { DockerPlan, PlanContext } from './types.js';

/** Facts of any stack → that stack's plan. Pure, like every planner. */
export function planProject(facts: ProjectFacts, options: GenerateOptions, context: PlanContext): DockerPlan {
  switch (facts.stack) {
    case 'node':
      return planNode(facts, options, context);
    case 'python':
      return planPython(facts, options, context);
  }
}
