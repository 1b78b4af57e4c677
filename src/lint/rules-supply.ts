import { issue } from './catalog.js';
import { imageRepository, imageTag, lineOf, type Model } from './model.js';
import type { Issue } from './types.js';
import { endOfLife } from '../versions/end-of-life.js';

/**
 * Opt-in supply-chain checks (`dockgen lint --enable from-digest,eol-runtime`): useful in a
 * hardened pipeline, noise for a project that has decided to move on tags, so off by default.
 */
export function checkSupplyChain(model: Model, today: string): Issue[] {
  const issues: Issue[] = [];
  for (const stage of model.stages) {
    if (stage.parent || stage.image.toLowerCase() === 'scratch' || stage.image.includes('<unset')) continue;
    const line = lineOf(stage.from);
    if (!stage.image.includes('@sha256:')) issues.push(issue('from-digest', line, `FROM ${stage.image} is not pinned to a digest`));
    const tag = imageTag(stage.image);
    const ended = tag === null ? undefined : endOfLife(imageRepository(stage.image), tag, today);
    if (ended) {
      const since = ended.since.startsWith('before') ? `is older than every supported line (${ended.since})` : `reached its end of life in ${ended.since}`;
      issues.push(issue('eol-runtime', line, `FROM ${stage.image}: ${ended.runtime} ${ended.line} ${since} and gets no security fixes (table checked ${ended.checked})`));
    }
  }
  return issues;
}
