import type HandlebarsModule from 'handlebars';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { lazyRequire } from '../lazy-require.js';
import type { DockerPlan } from '../plan/types.js';

const TEMPLATES = fileURLToPath(new URL('../../templates/', import.meta.url));
/** Written by scripts/precompile-templates.mjs during `npm run build`, next to dist/render/. */
const PRECOMPILED = fileURLToPath(new URL('../templates.cjs', import.meta.url));
const PARTIALS = 'dockerfile/partials/';

/**
 * `noEscape`: HTML escaping is wrong for Dockerfiles; every project value was already made safe
 * for its context by the plan. `strict`: a template that names a missing plan field fails loudly.
 */
const COMPILE_OPTIONS = { noEscape: true, strict: true };

type Template = HandlebarsModule.TemplateDelegate;

/** Templates by name (`dockerfile/node`), with the partials registered once. */
let templates: Map<string, Template> | undefined;

function load(): Map<string, Template> {
  if (templates) return templates;
  // The built CLI uses precompiled templates and the small runtime (a faster start); running from
  // source, templates are compiled from the .hbs files with the full compiler.
  if (existsSync(PRECOMPILED)) {
    const runtime = (lazyRequire('handlebars/dist/handlebars.runtime.min.js') as typeof HandlebarsModule).create();
    const specs = lazyRequire(PRECOMPILED) as Record<string, TemplateSpecification>;
    templates = register(runtime, Object.entries(specs).map(([name, spec]) => [name, runtime.template(spec)]));
  } else {
    const compiler = (lazyRequire('handlebars/dist/handlebars.min.js') as typeof HandlebarsModule).create();
    templates = register(compiler, hbsFiles().map((name) => [name, compiler.compile(readFileSync(`${TEMPLATES}${name}.hbs`, 'utf8'), COMPILE_OPTIONS)]));
  }
  return templates;
}

type TemplateSpecification = Parameters<typeof HandlebarsModule.template>[0];

function register(instance: typeof HandlebarsModule, entries: Array<[string, Template]>): Map<string, Template> {
  for (const [name, template] of entries) {
    if (name.startsWith(PARTIALS)) instance.registerPartial(name.slice(PARTIALS.length), template);
  }
  return new Map(entries);
}

function hbsFiles(dir = ''): string[] {
  return readdirSync(TEMPLATES + dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? hbsFiles(`${dir}${entry.name}/`) : entry.name.endsWith('.hbs') ? [`${dir}${entry.name.slice(0, -4)}`] : [],
  );
}

function template(name: string): Template {
  const found = load().get(name);
  if (!found) throw new Error(`no template ${name}`);
  return found;
}

export interface GeneratedFile {
  /** Relative to the project folder. */
  path: string;
  content: string;
}

/** Every file a plan produces: the Dockerfile, the .dockerignore, and any the stack adds. */
export function renderFiles(plan: DockerPlan): GeneratedFile[] {
  const files = [
    { path: 'Dockerfile', content: renderDockerfile(plan) },
    { path: '.dockerignore', content: renderDockerignore(plan) },
  ];
  // Static sites also get nginx's server block, which the Dockerfile COPYs.
  if (plan.stack === 'static') files.push({ path: plan.nginx.file, content: tidy(template('nginx/default')(plan.nginx)) });
  return files;
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
