import type { Evidence } from '../detect/evidence.js';
import type { Decision, RunStep } from './types.js';

/** Debian packages in one RUN: update, install without recommends, drop the lists (R6). */
export function aptInstall(packages: readonly string[]): RunStep {
  return {
    parts: ['apt-get update', `&& apt-get install -y --no-install-recommends ${packages.join(' ')}`, '&& rm -rf /var/lib/apt/lists/*'],
  };
}

/** The decisions a planner makes, each with its evidence, for `--explain` and `--json`. */
export function decisionLog(): { decisions: Decision[]; decide(topic: string, value: string, evidence: Evidence, why?: string): void } {
  const decisions: Decision[] = [];
  return { decisions, decide: (topic, value, evidence, why) => void decisions.push({ topic, value, evidence, ...(why !== undefined ? { why } : {}) }) };
}
