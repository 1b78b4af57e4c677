import type { StaticFrameworkId } from './framework.js';
import type { PackageJson } from './package-json.js';

/** Each static tool's build command, as a script starts with it. */
const TOOL_BUILDS: Partial<Record<StaticFrameworkId, RegExp>> = {
  vitepress: /^vitepress\s+build\b/,
  docusaurus: /^docusaurus\s+build\b/,
  vite: /^vite\s+build\b/,
  'astro-static': /^astro\s+build\b/,
  gatsby: /^gatsby\s+build\b/,
  angular: /^ng\s+build\b/,
  eleventy: /^(?:@11ty\/)?eleventy(?![^&|;]*--(?:serve|watch))\b/,
  'vue-cli': /^vue-cli-service\s+build\b/,
  'create-react-app': /^react-scripts\s+build\b/,
};

/** Script names that (re)build the site, as a convention, or only name it. */
const SCRIPT_NAME = /^[\w.-]+:build$|^build:[\w.-]+$/;

/**
 * A site without a "build" script whose one namespaced script runs the tool's build
 * (`"docs:build": "vitepress build docs"`, what `vitepress init` writes): that script is the build.
 * Two candidates are no guess (build:staging and build:production).
 */
export function namespacedBuild(pkg: PackageJson, tool: StaticFrameworkId): { script: string; text: string } | undefined {
  const command = TOOL_BUILDS[tool];
  if (!command) return undefined;
  const found = Object.entries(pkg.scripts).filter(([name, text]) => SCRIPT_NAME.test(name) && command.test(text.trim()));
  if (found.length !== 1) return undefined;
  const [script, text] = found[0]!;
  return { script, text };
}

/** `npm run build` → `npm run docs:build` when the build is a namespaced script. */
export function runBuildScript(buildCommand: string, field: string | undefined): string {
  const script = field?.startsWith('scripts.') ? field.slice('scripts.'.length) : 'build';
  return script === 'build' || !SCRIPT_NAME.test(script) ? buildCommand : buildCommand.replace(/ run build$/, ` run ${script}`);
}
