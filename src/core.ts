import { basename, resolve } from 'node:path';
import { detectProject, type ProjectFacts } from './detect/index.js';
import type { ProjectFs } from './detect/fs.js';
import { completeFacts } from './detect/node/package-manager.js';
import type { GenerateOptions } from './options.js';
import { planProject } from './plan/index.js';
import type { DockerPlan } from './plan/types.js';
import { renderFiles, type GeneratedFile } from './render/index.js';
import { DOCKGEN_VERSION } from './version.js';

export type { GeneratedFile };

export interface Generation {
  facts: ProjectFacts;
  plan: DockerPlan;
  files: GeneratedFile[];
}

/**
 * detect → plan → render, with no side effects: the caller decides whether to write, print or
 * compare the files.
 */
export function generate(fs: ProjectFs, dir: string, options: GenerateOptions): Generation {
  const facts = applyOverrides(fs, detectProject(fs, options.stack), options);
  const context = { projectName: facts.name ?? basename(resolve(dir)), dockgenVersion: DOCKGEN_VERSION };
  const plan = planProject(facts, options, context);
  return { facts, plan, files: renderFiles(plan) };
}

/** Flags that replace a detected fact whose details still come from the project's files. */
function applyOverrides(fs: ProjectFs, facts: ProjectFacts, options: GenerateOptions): ProjectFacts {
  if (options.packageManager === undefined || facts.stack !== 'node') return facts;
  const value = completeFacts(fs, options.packageManager);
  return { ...facts, packageManager: { value, evidence: { source: '--package-manager', value: options.packageManager } } };
}
