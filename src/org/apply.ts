import { basename } from 'node:path';
import type { ProjectFs } from '../detect/fs.js';
import { DockgenError } from '../errors.js';
import { envValue } from '../plan/safe.js';
import type { DockerPlan } from '../plan/types.js';
import type { OrgConfig } from './config.js';

/**
 * Applies an organisation's image policy to a rendered Dockerfile, after rendering so that every
 * stack and every (overridden) template gets the same treatment: each FROM image is substituted
 * (image map, then registry mirror), checked against the allow-list, and the labels are added to
 * the final stage.
 */
export function applyOrgPolicy(dockerfile: string, plan: DockerPlan, org: OrgConfig, fs: ProjectFs): string {
  const args = new Map(plan.args.map((arg) => [arg.name, arg.value]));
  const stages = new Set<string>();
  const lines = dockerfile.split('\n').map((line) => {
    const from = /^FROM((?:\s+--\S+)*)\s+(\S+)(\s+AS\s+(\S+))?\s*$/i.exec(line);
    if (!from) return line;
    const [, flags = '', image = '', as = '', stage] = from;
    const rewritten = stages.has(image) ? image : substitute(image, org);
    if (!stages.has(image)) assertAllowed(rewritten, args, org);
    if (stage) stages.add(stage);
    return `FROM${flags} ${rewritten}${as}`;
  });
  const labels = labelLines(org, fs, plan);
  return labels.length > 0 ? `${lines.join('\n').trimEnd()}\n${labels.join('\n')}\n` : lines.join('\n');
}

/** `node:${V}-slim` → repository `node`, rest `:${V}-slim`. */
function splitImage(image: string): [string, string] {
  const slash = image.lastIndexOf('/');
  const at = image.indexOf('@', slash + 1);
  const colon = image.indexOf(':', slash + 1);
  const cut = [at, colon].filter((i) => i >= 0).sort((a, b) => a - b)[0] ?? image.length;
  return [image.slice(0, cut), image.slice(cut)];
}

function substitute(image: string, org: OrgConfig): string {
  if (image === 'scratch') return image;
  const [repository, rest] = splitImage(image);
  const mapped = org.images[repository];
  if (mapped) return mapped + rest;
  if (org.registryMirror && isDockerHub(repository)) {
    return `${org.registryMirror}/${repository.includes('/') ? repository : `library/${repository}`}${rest}`;
  }
  return image;
}

/** Docker Hub images have no registry host: their first part has no `.` or `:` and is not localhost. */
function isDockerHub(repository: string): boolean {
  const first = repository.split('/')[0]!;
  return !repository.includes('/') || (!first.includes('.') && !first.includes(':') && first !== 'localhost');
}

function assertAllowed(image: string, args: Map<string, string>, org: OrgConfig): void {
  if (!org.allowedImages || image === 'scratch') return;
  const resolved = image.replace(/\$\{(\w+)\}|\$(\w+)/g, (all, a, b) => args.get(a ?? b) ?? all);
  const allowed = org.allowedImages.some((pattern) => new RegExp(`^${pattern.split('*').map(escape).join('.*')}$`).test(resolved));
  if (!allowed) {
    throw new DockgenError(
      `The base image ${resolved} is not allowed by ${org.file} (allowedImages: ${org.allowedImages.join(', ')}).`,
      `Map it to an allowed image in ${org.file} ("images"), or pass a version that your allowed images provide.`,
    );
  }
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function labelLines(org: OrgConfig, fs: ProjectFs, plan: DockerPlan): string[] {
  const lines: string[] = [];
  for (const [name, value] of Object.entries(org.labels)) {
    const text = value.includes('${gitRemote}') ? gitRemoteLabel(value, fs, plan, name) : value;
    if (text !== undefined) lines.push(`LABEL ${name}=${envValue(text, org.file)}`);
  }
  // By base name, as everywhere in the Dockerfile: `--check` on another machine, where the org
  // file lives elsewhere, must see the same file.
  return lines.length > 0 ? [`# Labels required by ${basename(org.file).replace(/[\r\n]/g, ' ')} (R17).`, ...lines] : [];
}

/** The origin remote of .git/config as a browsable https URL, credentials removed (R16). */
function gitRemoteLabel(value: string, fs: ProjectFs, plan: DockerPlan, name: string): string | undefined {
  const config = fs.tryReadText('.git/config') ?? '';
  const origin = /\[remote "origin"\][^[]*?\burl\s*=\s*(\S+)/.exec(config)?.[1];
  if (!origin) {
    plan.warnings.push(`The org config asks for label ${name} from the git remote, but the project has no "origin" remote; the label is left out.`);
    return undefined;
  }
  const url = origin
    .replace(/^git@([^:]+):/, 'https://$1/')
    .replace(/^ssh:\/\/(?:[^@/]+@)?([^/:]+)(?::\d+)?\//, 'https://$1/')
    .replace(/^(https?:\/\/)[^@/]+@/, '$1')
    .replace(/\.git$/, '');
  return value.replaceAll('${gitRemote}', url);
}
