import { appCommand } from '../plan/app-command.js';
import { basename, resolve } from 'node:path';
import { quote } from 'shell-quote';
import type { Generation } from '../core.js';
import { STACK_WORDS } from './detect.js';
import { IMAGE_TAG } from '../plan/header.js';
import { imageName } from '../plan/safe.js';


/**
 * What a run ends with: where, what was found (stack, framework, command, port, versions) and the
 * commands that build and run the image, ready to copy. The tag is the commit in a git checkout and
 * the time of the build elsewhere, so the commands work in any folder (R20: never only `latest`).
 */
export function formatSummary(dir: string, generation: Generation, service?: { root: string; dockerfile: string; name: string }): string {
  const { plan, facts } = generation;
  const topic = (name: string) => plan.decisions.find((d) => d.topic === name)?.value;
  const framework = topic('framework') ?? topic('site');
  const kind = `${STACK_WORDS[plan.stack]}${framework ? ` (${framework})` : ''}`;
  const versions = plan.decisions.filter((d) => / version$/.test(d.topic)).map((d) => `${d.topic.replace(/ version$/, '')} ${d.value}`);
  const details = [`runs ${appCommand(plan.entrypoint, plan.cmd)}`, plan.port === undefined ? 'no port' : `port ${plan.port}`, ...versions];
  const name = imageName(service?.name ?? facts.name ?? basename(resolve(dir)));
  const folder = quote([dir]);
  const tag = IMAGE_TAG.replace('git rev-parse', `git -C ${folder} rev-parse`);
  // A service built from the repository root: from there, with -f, so that Buildah too finds the
  // Dockerfile's own ignore file (it looks for it relative to the context).
  const build = service
    ? [`  cd ${quote([service.root])}`, `  docker build -f ${quote([service.dockerfile])} -t ${name}:$tag .`]
    : [`  docker build -t ${name}:$tag ${folder}`];
  return [
    `${kind} in ${resolve(dir)}: ${details.join(', ')}.`,
    'Build and run it:',
    `  tag=${tag}`,
    ...build,
    `  docker run --rm${plan.port === undefined ? '' : ` -p ${plan.port}:${plan.port}`} ${name}:$tag`,
  ].join('\n');
}

