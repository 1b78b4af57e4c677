import type HandlebarsModule from 'handlebars';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { readRegularFile } from '../safe-read.js';
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
/** The same, with an organisation's override folder applied, by folder. */
const overridden = new Map<string, Map<string, Template>>();

function load(overrideDir?: string): Map<string, Template> {
  if (overrideDir) return loadWithOverrides(overrideDir);
  if (templates) return templates;
  // The built CLI uses precompiled templates and the small runtime (a faster start); running from
  // source, templates are compiled from the .hbs files with the full compiler.
  if (existsSync(PRECOMPILED)) {
    const runtime = (lazyRequire('handlebars/dist/handlebars.runtime.min.js') as typeof HandlebarsModule).create();
    const specs = lazyRequire(PRECOMPILED) as Record<string, TemplateSpecification>;
    templates = register(runtime, Object.entries(specs).map(([name, spec]) => [name, runtime.template(spec)]));
  } else {
    const compiler = (lazyRequire('handlebars/dist/handlebars.min.js') as typeof HandlebarsModule).create();
    templates = register(compiler, hbsFiles(TEMPLATES).map((name) => [name, compiler.compile(readFileSync(`${TEMPLATES}${name}.hbs`, 'utf8'), COMPILE_OPTIONS)]));
  }
  return templates;
}

/** Built-in templates, each replaced by the override folder's file of the same name, compiled
 *  with the full compiler (an org's templates are not precompiled). */
function loadWithOverrides(dir: string): Map<string, Template> {
  const cached = overridden.get(dir);
  if (cached) return cached;
  const root = dir.endsWith('/') ? dir : `${dir}/`;
  const compiler = (lazyRequire('handlebars/dist/handlebars.min.js') as typeof HandlebarsModule).create();
  const sources = new Map(hbsFiles(TEMPLATES).map((name) => [name, `${TEMPLATES}${name}.hbs`]));
  for (const name of hbsFiles(root)) sources.set(name, `${root}${name}.hbs`);
  // An org's files go through the safe reader (regular files only, inside its folder, capped).
  const read = (file: string) => (file.startsWith(root) ? (readRegularFile(file, { shown: file, root }) ?? '') : readFileSync(file, 'utf8'));
  const compiled = register(compiler, [...sources].map(([name, file]) => [name, compiler.compile(read(file), COMPILE_OPTIONS)]));
  overridden.set(dir, compiled);
  return compiled;
}

type TemplateSpecification = Parameters<typeof HandlebarsModule.template>[0];

function register(instance: typeof HandlebarsModule, entries: Array<[string, Template]>): Map<string, Template> {
  for (const [name, template] of entries) {
    if (name.startsWith(PARTIALS)) instance.registerPartial(name.slice(PARTIALS.length), template);
  }
  return new Map(entries);
}

function hbsFiles(root: string, dir = ''): string[] {
  return readdirSync(root + dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? hbsFiles(root, `${dir}${entry.name}/`) : entry.name.endsWith('.hbs') ? [`${dir}${entry.name.slice(0, -4)}`] : [],
  );
}

function template(name: string, overrideDir?: string): Template {
  const found = load(overrideDir).get(name);
  if (!found) throw new Error(`no template ${name}`);
  return found;
}

export interface GeneratedFile {
  /** Relative to the project folder. */
  path: string;
  content: string;
}

/** Every file a plan produces: the Dockerfile, the .dockerignore, and any the stack adds. */
export function renderFiles(plan: DockerPlan, overrideDir?: string): GeneratedFile[] {
  const files = [
    { path: 'Dockerfile', content: renderDockerfile(plan, overrideDir) },
    { path: '.dockerignore', content: renderDockerignore(plan, overrideDir) },
  ];
  // Static sites also get nginx's server block, which the Dockerfile COPYs.
  if (plan.stack === 'static' && plan.nginx) files.push({ path: plan.nginx.file, content: tidy(template('nginx/default', overrideDir)(plan.nginx)) });
  // …or the project's own nginx.conf, adapted (kept as written apart from the listed changes).
  if (plan.stack === 'static' && plan.ownNginx) files.push({ path: plan.ownNginx.file, content: template('nginx/own', overrideDir)(plan.ownNginx) });
  return files;
}

export function renderDockerfile(plan: DockerPlan, overrideDir?: string): string {
  return tidy(template(`dockerfile/${plan.stack}`, overrideDir)(plan));
}

export function renderDockerignore(plan: DockerPlan, overrideDir?: string): string {
  return tidy(template('dockerignore/default', overrideDir)(plan));
}

/** Collapses runs of blank lines that conditional blocks leave behind, and ends with one newline. */
function tidy(text: string): string {
  return text.replace(/\n{3,}/g, '\n\n').trimEnd() + '\n';
}
