import type HandlebarsModule from 'handlebars';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { lazyRequire } from '../lazy-require.js';
import type { DockerPlan } from '../plan/types.js';

// The package's single-file build loads in about a third of the time of its many CommonJS
// modules, which shows in the CLI's start-up time (npm run bench).
const Handlebars = lazyRequire('handlebars/dist/handlebars.min.js') as typeof HandlebarsModule;

const TEMPLATES = fileURLToPath(new URL('../../templates/', import.meta.url));

/**
 * One Handlebars instance with the partials registered once. `noEscape`: HTML escaping is wrong
 * for Dockerfiles; every project value was already made safe for its context by the plan.
 */
let instance: typeof HandlebarsModule | undefined;
const compiled = new Map<string, HandlebarsModule.TemplateDelegate>();

function handlebars(): typeof HandlebarsModule {
  if (instance) return instance;
  instance = Handlebars.create();
  const partials = `${TEMPLATES}dockerfile/partials/`;
  for (const file of readdirSync(partials)) {
    if (file.endsWith('.hbs')) instance.registerPartial(file.slice(0, -4), readFileSync(partials + file, 'utf8'));
  }
  return instance;
}

function template(name: string): HandlebarsModule.TemplateDelegate {
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
