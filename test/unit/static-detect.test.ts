import { describe, expect, it } from 'vitest';
import { generate } from '../../src/core.js';
import { MemoryFs } from '../../src/detect/fs.js';
import { detectProject, type ProjectFacts } from '../../src/detect/index.js';
import type { StaticFacts } from '../../src/detect/static/index.js';
import type { Stack } from '../../src/plan/types.js';
import { HUGO_DEFAULT_VERSION } from '../../src/versions/nginx.js';

const pkg = (data: Record<string, unknown>) => JSON.stringify({ name: 'site', ...data });
const detect = (files: Record<string, string>, stack?: Stack): ProjectFacts => detectProject(new MemoryFs(files), stack);
const site = (files: Record<string, string>, stack?: Stack): StaticFacts => {
  const facts = detect(files, stack);
  expect(facts.stack).toBe('static');
  return facts as StaticFacts;
};
const vite = (extra: Record<string, unknown> = {}, files: Record<string, string> = {}) =>
  site({ 'package.json': pkg({ scripts: { build: 'vite build' }, devDependencies: { vite: '6' }, ...extra }), 'index.html': '', ...files });

describe('plain sites', () => {
  it.each([
    [{ 'index.html': '<h1>hi</h1>' }, ''],
    [{ 'public/index.html': '' }, 'public'],
    [{ 'www/index.html': '', 'dist/index.html': '' }, 'www'],
    [{ 'dist/index.html': '', 'README.md': '' }, 'dist'],
  ])('%o is served from "%s"', (files, dir) => {
    const facts = site(files);
    expect(facts.tool.value).toBe('plain');
    expect(facts.siteDir.value).toBe(dir);
    expect(facts.routing.value.spa).toBe(false);
  });

  it('reads root and pushstate from a Staticfile (a single-page app)', () => {
    const facts = site({ Staticfile: 'root: build/\npushstate: enabled # SPA\nforce_https: true\n', 'build/index.html': '' });
    expect(facts.siteDir).toMatchObject({ value: 'build', evidence: { source: 'Staticfile', field: 'root' } });
    expect(facts.routing.value).toEqual({ spa: true, fallback: '/index.html' });
  });

  it('refuses a Staticfile root that does not exist or leaves the project', () => {
    expect(() => site({ Staticfile: 'root: missing\n' })).toThrow(/no such folder/);
    expect(() => generate(new MemoryFs({ Staticfile: 'root: ../etc\n', 'index.html': '' }), '/tmp/x', {})).toThrow();
  });

  it('finds nothing in an empty folder, and says what it looked for', () => {
    expect(() => detect({ 'notes.txt': '' }, 'static')).toThrow(/none of: .*index\.html/);
  });

  it('serves a package.json project with no server and no build as it is, with a warning', () => {
    const facts = site({ 'package.json': pkg({ devDependencies: { prettier: '3' } }), 'index.html': '' });
    expect(facts.tool.value).toBe('plain');
    expect(facts.warnings.join()).toMatch(/no start command and no build script/);
  });
});

describe('Hugo', () => {
  const hugo = { 'hugo.toml': 'title = "x"\n', 'content/_index.md': '' };

  it('is detected by hugo.toml, or by config.toml only next to Hugo folders', () => {
    expect(site(hugo).tool.value).toBe('hugo');
    expect(site({ 'config.toml': 'title = "x"', 'content/a.md': '' }).tool.value).toBe('hugo');
    expect(() => detect({ 'config.toml': 'title = "x"' })).toThrow(/Could not tell/);
  });

  it('pins the version from netlify.toml or .tool-versions, else a newer theme minimum, else the default', () => {
    expect(site({ ...hugo, 'netlify.toml': '[build.environment]\nHUGO_VERSION = "0.150.1"\n' }).hugo!.version.value).toBe('0.150.1');
    expect(site({ ...hugo, '.tool-versions': 'hugo extended_0.149.0\n' }).hugo!.version.value).toBe('0.149.0');
    const min = site({ ...hugo, 'hugo.toml': '[module.hugoVersion]\nmin = "9.1.0"\n' }).hugo!.version;
    expect(min).toMatchObject({ value: '9.1.0', evidence: { field: 'module.hugoVersion.min' } });
    expect(site({ ...hugo, 'hugo.toml': '[module.hugoVersion]\nmin = "0.100"\n' }).hugo!.version.value).toBe(HUGO_DEFAULT_VERSION);
  });

  it('reads publishDir, and warns about what the build stage lacks', () => {
    const config = 'publishDir = "docs"\nenableGitInfo = true\n[module]\n[[module.imports]]\npath = "github.com/x/theme"\n';
    const facts = site({ ...hugo, 'hugo.toml': config });
    expect(facts.siteDir.value).toBe('docs');
    expect(facts.warnings.join('\n')).toMatch(/Hugo Modules[\s\S]*enableGitInfo/);
  });

  it('takes a Hugo site with a package.json for its CSS tooling', () => {
    const facts = site({ ...hugo, 'package.json': pkg({ devDependencies: { tailwindcss: '4' } }) });
    expect(facts.tool.value).toBe('hugo');
    expect(facts.warnings.join()).toMatch(/does not run an npm install/);
  });
});

describe('sites built with Node.js tools', () => {
  it('hands a Vite SPA to the static stack with the Node facts, and keeps an Express server Node.js', () => {
    const facts = vite({ dependencies: { react: '19', 'react-router-dom': '7' } });
    expect(facts.node?.packageManager.value.name).toBe('npm');
    expect(facts.routing.value.spa).toBe(true);
    expect(facts.routing.evidence.value).toBe('react-router-dom');
    const server = detect({ 'package.json': pkg({ scripts: { build: 'vite build', start: 'node server.js' }, dependencies: { express: '4' }, devDependencies: { vite: '6' } }), 'server.js': '' });
    expect(server.stack).toBe('node');
  });

  it('--stack static serves the client build of a server project; --stack node keeps a SPA Node.js', () => {
    const files = { 'package.json': pkg({ scripts: { build: 'vite build --outDir dist/client', start: 'node server.js' }, dependencies: { express: '4' }, devDependencies: { vite: '6' } }), 'server.js': '' };
    expect(site(files, 'static').siteDir.value).toBe('dist/client');
    expect(detect({ 'package.json': pkg({ scripts: { build: 'vite build' }, devDependencies: { vite: '6' } }) }, 'node').stack).toBe('node');
  });

  it.each([
    ['vite.config.ts', "export default defineConfig({ build: { outDir: 'www' } })", 'www'],
    ['vite.config.js', 'export default { build: { outDir: process.env.OUT } }', 'dist'],
  ])('Vite output from %s', (file, text, dir) => {
    expect(vite({}, { [file]: text }).siteDir.value).toBe(dir);
  });

  const tool = (deps: Record<string, string>, files: Record<string, string> = {}, build = 'build-it') =>
    site({ 'package.json': pkg({ scripts: { build }, devDependencies: deps }), ...files });

  it.each([
    [{ 'react-scripts': '5' }, {}, 'BUILD_PATH=./public_html react-scripts build', 'public_html'],
    [{ 'react-scripts': '5' }, {}, 'react-scripts build', 'build'],
    [{ next: '15' }, { 'next.config.js': "module.exports = { output: 'export' }" }, 'next build', 'out'],
    [{ gatsby: '5' }, {}, 'gatsby build', 'public'],
    [{ '@docusaurus/core': '3' }, {}, 'docusaurus build --out-dir site', 'site'],
    [{ '@11ty/eleventy': '3' }, { '.eleventy.js': 'module.exports = () => ({ dir: { input: "src", output: "dist" } })' }, 'eleventy', 'dist'],
    [{ '@11ty/eleventy': '3' }, {}, 'eleventy --output=public', 'public'],
    [{ astro: '5' }, {}, 'astro build', 'dist'],
    [{ '@vue/cli-service': '5' }, { 'vue.config.js': "module.exports = { outputDir: 'static' }" }, 'vue-cli-service build', 'static'],
    [{ '@sveltejs/kit': '2', '@sveltejs/adapter-static': '3' }, { 'svelte.config.js': "adapter({ pages: 'site' })" }, 'vite build', 'site'],
  ])('%o with %o and "%s" builds into %s', (deps, files, build, dir) => {
    expect(tool(deps, files, build).siteDir.value).toBe(dir);
  });

  it.each([
    ['{"projects":{"app":{"projectType":"application","architect":{"build":{"builder":"@angular/build:application","options":{"outputPath":"dist/app"}}}}}}', 'dist/app/browser'],
    ['{"projects":{"app":{"architect":{"build":{"builder":"@angular-devkit/build-angular:application","options":{"outputPath":{"base":"out","browser":""}}}}}}}', 'out'],
    ['{"projects":{"app":{"architect":{"build":{"builder":"@angular-devkit/build-angular:browser","options":{"outputPath":"dist/app"}}}}}}', 'dist/app'],
    ['// comments are allowed\n{"projects":{"web":{"architect":{"build":{"builder":"@angular/build:application"}}}}}', 'dist/web/browser'],
  ])('Angular: %s → %s', (angularJson, dir) => {
    const facts = tool({ '@angular/core': '20', '@angular/router': '20' }, { 'angular.json': angularJson }, 'ng build');
    expect(facts.siteDir.value).toBe(dir);
    expect(facts.routing.value.spa).toBe(true);
  });

  it('tells single-page apps from multi-page sites', () => {
    expect(tool({ '@docusaurus/core': '3', 'react-router-dom': '6' }).routing.value.spa).toBe(false);
    expect(vite().routing.value.spa).toBe(false);
    expect(vite({ dependencies: { vue: '3' } }).routing.value.spa).toBe(true);
    const pages = vite({ dependencies: { react: '19' } }, { 'vite.config.js': "input: { main: 'index.html', about: 'about.html' }" });
    expect(pages.routing.value.spa).toBe(false);
    const fallback = tool({ '@sveltejs/kit': '2', '@sveltejs/adapter-static': '3' }, { 'svelte.config.js': "adapter({ fallback: '200.html' })" });
    expect(fallback.routing.value).toEqual({ spa: true, fallback: '/200.html' });
  });

  it('finds the public build-time variables the code reads, skipping node_modules', () => {
    const facts = vite({}, {
      'index.html': '<title>%VITE_APP_TITLE%</title>',
      'src/api.ts': "const a = import.meta.env.VITE_API_URL; const b = import.meta.env['VITE_STRIPE_KEY']; const c = import.meta.env.MODE;",
      'src/deep/x/y.vue': 'import.meta.env.VITE_API_URL',
      'node_modules/lib/index.js': 'import.meta.env.VITE_FROM_A_DEPENDENCY',
    });
    expect(facts.publicEnv.map((f) => f.value)).toEqual(['VITE_API_URL', 'VITE_APP_TITLE', 'VITE_STRIPE_KEY']);
    const svelte = tool({ '@sveltejs/kit': '2', '@sveltejs/adapter-static': '3' }, { 'src/routes/+page.svelte': "import { PUBLIC_A, PUBLIC_B as b } from '$env/static/public';" });
    expect(svelte.publicEnv.map((f) => f.value)).toEqual(['PUBLIC_A', 'PUBLIC_B']);
  });

  it('refuses Astro server output and a site without a build script', () => {
    // Detected on its own, such a project is a Node.js app that lacks its adapter (node-adapters.test.ts).
    const files = { 'package.json': pkg({ scripts: { build: 'astro build' }, devDependencies: { astro: '5' } }), 'astro.config.mjs': "export default { output: 'server' }" };
    expect(() => site(files, 'static')).toThrow(/output: 'server'/);
    expect(() => site({ 'package.json': pkg({ devDependencies: { gatsby: '5' } }) })).toThrow(/no "build" script/);
  });

  it('warns that .env files are not read by the image build', () => {
    expect(vite({}, { '.env.production': 'VITE_API_URL=/api' }).warnings.join()).toMatch(/\.env\.production stays out/);
  });
});
