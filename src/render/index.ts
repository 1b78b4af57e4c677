import Handlebars from 'handlebars';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { DockerPlan } from '../plan/types.js';

const TEMPLATES = fileURLToPath(new URL('../../templates/', import.meta.url));

/**
 * One Handlebars instance with the partials registered once. `noEscape`: HTML escaping is wrong
 * for Dockerfiles; every project value was already made safe for its context by the plan.
 */
let instance: typeof Handlebars | undefined;
const compiled = new Map<string, Handlebars.TemplateDelegate>();

function handlebars(): typeof Handlebars {
  if (instance) return instance;
  instance = Handlebars.create();
  const partials = `${TEMPLATES}dockerfile/partials/`;
  for (const file of readdirSync(partials)) {
    if (file.endsWith('.hbs')) instance.registerPartial(file.slice(0, -4), readFileSync(partials + file, 'utf8'));
  }
  return instance;
}

function template(name: string): Handlebars.TemplateDelegate {
  let fn = compiled.get(name);
  if (!fn) {
    fn = handlebars().compile(readFileSync(`${TEMPLATES}${name}.hbs`, 'utf8'), { noEscape: true, strict: true });
    compiled.set(name, fn);
  }
  return fn;
}

export function renderDockerfile(plan: DockerPlan): string {
  return tidy(template(`dockerfile/${plan.stack}`)(plan));
}

export function renderDockerignore(plan: DockerPlan): string {
  return tidy(template('dockerignore/default')(plan));
}

/** Collapses runs of blank lines that conditional blocks leave behind, and ends with one newline. */
function tidy(text: string): string {
  return text.replace(/\n{3,}/g, '\n\n').trimEnd() + '\n';
}
