import { basename, resolve } from 'node:path';
import { detectProject, type ProjectFacts } from './detect/index.js';
import type { ProjectFs } from './detect/fs.js';
import { completeFacts } from './detect/node/package-manager.js';
import type { GenerateOptions } from './options.js';
import { planProject } from './plan/index.js';
import type { DockerPlan, PlanContext, Stack } from './plan/types.js';
import type { OrgConfig } from './org/config.js';
import { applyOrgPolicy } from './org/apply.js';
import { DockgenError } from './errors.js';
import { renderFiles, type GeneratedFile } from './render/index.js';
import { DOCKGEN_VERSION } from './version.js';
import { missingCmdFile } from './cmd-file.js';
import { composeAppFromPlan } from './companions/compose-app.js';
import { composeSecretFiles, renderCompose } from './companions/compose.js';
import { kubernetesFile } from './k8s/index.js';
import { dockerReadme } from './readme/docker-readme.js';

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
export function generate(fs: ProjectFs, dir: string, options: GenerateOptions, org?: OrgConfig): Generation {
  const detected = detectProject(fs, options.stack);
  assertFlagsApply(detected, options);
  const facts = applyOverrides(fs, detected, options);
  const folderName = basename(resolve(dir));
  const context: PlanContext = { projectName: options.service?.name ?? facts.name ?? folderName, folderName, dockgenVersion: DOCKGEN_VERSION };
  if (org?.user) context.user = org.user;
  if (org?.defaults) context.defaults = org.defaults;
  if (org?.packageIndexes) context.packageIndexes = org.packageIndexes;
  if (options.service) context.dockerfile = options.service.dockerfile;
  const plan = planProject(facts, options, context);
  // Services built from one repository root each have their own Dockerfile: editing one must not
  // bust another's cache (the context's root-level Docker files are already ignored).
  if (options.service) plan.dockerignore.push({ comment: "Every service's own Docker files", entries: ['**/Dockerfile', '**/Dockerfile.dockerignore', '**/dockgen.json'] });
  const missing = options.cmd && missingCmdFile(fs, facts, options.cmd, options.workspace !== undefined || (facts.stack === 'node' && facts.workspaces));
  if (missing) plan.warnings.push(missing);
  const files = renderFiles(plan, org?.templates);
  const dockerfile = files.find((file) => file.path === 'Dockerfile')!;
  if (org) dockerfile.content = applyOrgPolicy(dockerfile.content, plan, org, fs);
  if (options.compose) files.push(composeFile(plan, facts, fs, context.projectName, options.workspace === undefined ? undefined : workspaceDir(plan)));
  const k8s = options.k8s ? kubernetesFile(fs, plan, options, context.projectName) : undefined;
  if (k8s) files.push({ path: k8s.path, content: k8s.content });
  if (options.readme) files.push(dockerReadme(fs, plan, options, context.projectName, files.map((f) => f.path), k8s));
  return { facts, plan, files };
}

/** Flags that only mean something for some stacks; Node.js flags also fit sites built with Node. */
const STACK_FLAGS: Array<{ flag: string; option: keyof GenerateOptions; stacks: Stack[] }> = [
  { flag: '--node-version', option: 'nodeVersion', stacks: ['node', 'static'] },
  { flag: '--package-manager', option: 'packageManager', stacks: ['node', 'static'] },
  { flag: '--python-version', option: 'pythonVersion', stacks: ['python'] },
  { flag: '--go-version', option: 'goVersion', stacks: ['go'] },
  { flag: '--main', option: 'main', stacks: ['go'] },
  { flag: '--workspace', option: 'workspace', stacks: ['node'] },
  { flag: '--runtime', option: 'runtime', stacks: ['go'] },
  { flag: '--init', option: 'init', stacks: ['node', 'python', 'go'] },
  { flag: '--js-runtime', option: 'jsRuntime', stacks: ['node'] },
  { flag: '--bun-version', option: 'bunVersion', stacks: ['node'] },
];

/** A flag for another stack is a mistake worth stopping for: silently ignoring it would write
 *  something other than what the user asked for. */
function assertFlagsApply(facts: ProjectFacts, options: GenerateOptions): void {
  for (const { flag, option, stacks } of STACK_FLAGS) {
    if (options[option] === undefined || stacks.includes(facts.stack)) continue;
    // A Python app's front-end build is a Node.js build: its flags apply there.
    if (facts.stack === 'python' && facts.assets && (option === 'nodeVersion' || option === 'packageManager')) continue;
    if (facts.stack === 'static' && !facts.node && stacks.includes('node')) {
      throw new DockgenError(`${flag} was given, but this static site is not built with Node.js.`, `Leave ${flag} out.`);
    }
    throw new DockgenError(
      `${flag} applies to ${stacks.filter((s) => s !== 'static').join('/')} projects, but this is a ${facts.stack} project.`,
      `Leave ${flag} out, or pass --stack ${stacks[0]} if the project was detected wrongly.`,
    );
  }
}

/** Flags that replace a detected fact whose details still come from the project's files. */
function applyOverrides(fs: ProjectFs, facts: ProjectFacts, options: GenerateOptions): ProjectFacts {
  if (options.packageManager === undefined) return facts;
  const packageManager = { value: completeFacts(fs, options.packageManager), evidence: { source: '--package-manager', value: options.packageManager } };
  if (facts.stack === 'node') return { ...facts, packageManager };
  if (facts.stack === 'static' && facts.node) return { ...facts, node: { ...facts.node, packageManager } };
  if (facts.stack === 'python' && facts.assets) return { ...facts, assets: { ...facts.assets, packageManager } };
  return facts;
}

/** compose.yaml for this one project (`dockgen --all` renders several services into one file). */
function composeFile(plan: DockerPlan, facts: ProjectFacts, fs: ProjectFs, name: string, workspace: string | undefined): GeneratedFile {
  const app = composeAppFromPlan(plan, facts, fs, name, '.', workspace);
  const secretFiles = composeSecretFiles([app]);
  for (const file of secretFiles) {
    if (fs.readText(file.replace(/^\.\//, '')) === undefined) {
      plan.warnings.push(`compose.yaml reads a password from ${file}, which dockgen never writes: create it (e.g. \`mkdir -p secrets && openssl rand -base64 24 > ${file.replace(/^\.\//, '')}\`) and keep secrets/ out of version control.`);
    }
  }
  const secrets = secretFiles.length > 0 ? ['Passwords: see the secrets section at the end.'] : [];
  const header = [
    `compose.yaml for ${name}, written by dockgen ${DOCKGEN_VERSION}: the image as its Dockerfile builds it, hardened`,
    'as it was built to run (numeric user, read-only root, no capabilities), with the services it needs.',
    'Run: docker compose up --build',
    ...secrets,
  ];
  return { path: 'compose.yaml', content: renderCompose([app], header) };
}

/** A monorepo workspace package's folder, from the final stage's WORKDIR (/app/<dir>). */
function workspaceDir(plan: DockerPlan): string | undefined {
  return plan.stack === 'node' && plan.workdir?.startsWith('/app/') ? plan.workdir.slice('/app/'.length) : undefined;
}
