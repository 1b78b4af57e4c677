import type { DockerPlan } from '../plan/types.js';
import { DOCKGEN_VERSION } from '../version.js';
import { ciContext } from './gates.js';
import { githubWorkflow, GITHUB_WORKFLOW } from './github.js';
import { gitlabPipeline, GITLAB_CI } from './gitlab.js';
import type { CiOptions } from './options.js';
import { choosePlatforms, type Platforms } from './platforms.js';
import { renderYaml } from './yaml-doc.js';

export interface CiFile {
  path: string;
  content: string;
  platforms: Platforms;
}

/** The CI file for a project whose Dockerfile dockgen planned: no side effects. */
export function generateCi(plan: DockerPlan, options: CiOptions): CiFile {
  const platforms = choosePlatforms(plan);
  const path = options.provider === 'gitlab' ? GITLAB_CI : GITHUB_WORKFLOW;
  const context = ciContext(DOCKGEN_VERSION, path);
  const file = options.provider === 'gitlab' ? gitlabPipeline(options, platforms, context) : githubWorkflow(options, platforms, context);
  return { path, content: renderYaml(file), platforms };
}
