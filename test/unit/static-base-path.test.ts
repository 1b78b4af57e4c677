import { describe, expect, it } from 'vitest';
import { generate } from '../../src/core.js';
import { MemoryFs } from '../../src/detect/fs.js';
import { detectProject } from '../../src/detect/index.js';
import type { StaticFacts } from '../../src/detect/static/index.js';
import { normalizeBasePath } from '../../src/detect/static/base-path.js';
import { readConfigValue } from '../../src/detect/static/js-config.js';
import { DockgenError, EXIT } from '../../src/errors.js';
import { checkDockerfile } from '../helpers/dockerfile-checks.js';

/**
 * Sites built for a sub-path (https://x.github.io/app/): each tool's option is read from its own
 * file, the site is copied under that path, and nginx serves and redirects accordingly. The real
 * nginx checks of these configs are in nginx-config.test.ts.
 */
type Files = Record<string, string>;
const pkg = (data: Record<string, unknown>) => JSON.stringify({ name: 'site', ...data });
const site = (files: Files): StaticFacts => {
  const facts = detectProject(new MemoryFs(files));
  expect(facts.stack).toBe('static');
  return facts as StaticFacts;
};
const run = (files: Files) => generate(new MemoryFs(files), '/tmp/site', {});
const fileOf = (files: Files, name: string) => run(files).files.find((f) => f.path === name)!.content;

const vite = (config: string | undefined, build = 'vite build'): Files => ({
  'package.json': pkg({ scripts: { build }, dependencies: { react: '19' }, devDependencies: { vite: '6' } }),
  'package-lock.json': '{}',
  'index.html': '',
  ...(config !== undefined ? { 'vite.config.ts': config } : {}),
});
const node = (deps: Record<string, string>, build: string, files: Files): Files => ({
  'package.json': pkg({ scripts: { build }, dependencies: deps }),
  'package-lock.json': '{}',
  ...files,
});

describe('the base path each tool builds for', () => {
  it.each<[string, Files, string, { source: string; field: string }]>([
    ['Vite base', vite("import { defineConfig } from 'vite';\nexport default defineConfig({ base: '/app/', build: { outDir: 'web' } });"), '/app/', { source: 'vite.config.ts', field: 'base' }],
    ['Vite base in a config function', vite("export default defineConfig(({ mode }) => ({ plugins: [react()], base: '/app' }));"), '/app/', { source: 'vite.config.ts', field: 'base' }],
    ['Vite --base in the build script', vite("export default { base: '/ignored/' }", 'vite build --base=/cli/'), '/cli/', { source: 'package.json', field: 'scripts.build' }],
    ['Vite full URL (the path part)', vite("export default { base: 'https://cdn.example.com/app/' }"), '/app/', { source: 'vite.config.ts', field: 'base' }],
    ['CRA homepage URL', node({ 'react-scripts': '5' }, 'react-scripts build', { 'package.json': pkg({ homepage: 'https://acme.github.io/support', scripts: { build: 'react-scripts build' }, dependencies: { 'react-scripts': '5' } }) }), '/support/', { source: 'package.json', field: 'homepage' }],
    ['CRA PUBLIC_URL in the build script', node({ 'react-scripts': '5' }, 'PUBLIC_URL=/help react-scripts build', {}), '/help/', { source: 'package.json', field: 'scripts.build' }],
    ['Next.js basePath (static export)', node({ next: '15' }, 'next build', { 'next.config.mjs': "const nextConfig = { output: 'export', basePath: '/docs' };\nexport default nextConfig;" }), '/docs/', { source: 'next.config.mjs', field: 'basePath' }],
    ['Astro base', node({ astro: '5' }, 'astro build', { 'astro.config.mjs': "export default defineConfig({ site: 'https://acme.github.io', base: '/blog' });" }), '/blog/', { source: 'astro.config.mjs', field: 'base' }],
    ['Astro --base', node({ astro: '5' }, 'astro build --base /preview', {}), '/preview/', { source: 'package.json', field: 'scripts.build' }],
    ['SvelteKit kit.paths.base', node({ '@sveltejs/kit': '2', '@sveltejs/adapter-static': '3' }, 'vite build', {
      'svelte.config.js': "import adapter from '@sveltejs/adapter-static';\nexport default { kit: { adapter: adapter({ pages: 'build' }), paths: { base: '/kit' } } };",
    }), '/kit/', { source: 'svelte.config.js', field: 'kit.paths.base' }],
    ['Docusaurus baseUrl from a top-level constant', node({ '@docusaurus/core': '3' }, 'docusaurus build', { 'docusaurus.config.js': 'const baseUrl = "/v0.1/";\n\nconst config = {\n  url: "https://docs.example.com",\n  baseUrl: baseUrl,\n};\nmodule.exports = config;' }), '/v0.1/', { source: 'docusaurus.config.js', field: 'baseUrl' }],
    ['Vite base shorthand from a constant', vite("const base = '/app/'\nexport default defineConfig({ base })"), '/app/', { source: 'vite.config.ts', field: 'base' }],
    ['Docusaurus baseUrl', node({ '@docusaurus/core': '3' }, 'docusaurus build', { 'docusaurus.config.ts': "const config: Config = {\n  url: 'https://acme.github.io',\n  baseUrl: '/handbook/',\n};\nexport default config;" }), '/handbook/', { source: 'docusaurus.config.ts', field: 'baseUrl' }],
    ['Eleventy pathPrefix', node({ '@11ty/eleventy': '3' }, 'eleventy', { 'eleventy.config.js': "export default function (eleventyConfig) {\n  eleventyConfig.addPassthroughCopy('css');\n  return { dir: { input: 'src' }, pathPrefix: '/notes/' };\n}" }), '/notes/', { source: 'eleventy.config.js', field: 'pathPrefix' }],
    ['Eleventy --pathprefix', node({ '@11ty/eleventy': '3' }, 'eleventy --pathprefix=/notes/', {}), '/notes/', { source: 'package.json', field: 'scripts.build' }],
    ['Vue CLI publicPath', node({ '@vue/cli-service': '5', vue: '3' }, 'vue-cli-service build', { 'vue.config.js': "module.exports = { publicPath: '/admin/' };" }), '/admin/', { source: 'vue.config.js', field: 'publicPath' }],
    ['Gatsby pathPrefix with --prefix-paths', node({ gatsby: '5' }, 'gatsby build --prefix-paths', { 'gatsby-config.js': "module.exports = { pathPrefix: '/blog' };" }), '/blog/', { source: 'gatsby-config.js', field: 'pathPrefix' }],
    ['Hugo baseURL (TOML)', { 'hugo.toml': 'baseURL = "https://acme.github.io/site/"\n', 'content/_index.md': '' }, '/site/', { source: 'hugo.toml', field: 'baseURL' }],
    ['Hugo baseurl (YAML, any case)', { 'hugo.yaml': 'baseurl: https://example.org/a/b\n', 'content/_index.md': '' }, '/a/b/', { source: 'hugo.yaml', field: 'baseurl' }],
  ])('%s', (_name, files, value, evidence) => {
    const facts = site(files);
    expect(facts.basePath).toMatchObject({ value, evidence });
    expect(facts.warnings.join('\n')).not.toMatch(/could not read the path/);
  });

  it('Angular: --base-href, else baseHref of the configuration ng build uses, else of its options', () => {
    const angular = (build: Record<string, unknown>, script = 'ng build') => site(node({ '@angular/core': '19' }, script, {
      'angular.json': JSON.stringify({ projects: { portal: { projectType: 'application', architect: { build: { builder: '@angular/build:application', ...build } } } } }),
    })).basePath;
    const target = { defaultConfiguration: 'production', options: { baseHref: '/dev/' }, configurations: { production: { baseHref: '/portal/' }, staging: { baseHref: '/staging/' } } };
    expect(angular(target)).toMatchObject({ value: '/portal/', evidence: { source: 'angular.json', field: 'projects.portal.architect.build.configurations.production.baseHref' } });
    expect(angular(target, 'ng build --configuration staging')!.value).toBe('/staging/');
    expect(angular(target, 'ng build --base-href /cli/')).toMatchObject({ value: '/cli/', evidence: { source: 'package.json', field: 'scripts.build' } });
    expect(angular({ options: { baseHref: '/only/' } })!.value).toBe('/only/');
    expect(angular({ options: { outputPath: 'dist/portal' } })).toBeUndefined();
  });

  it('reads no base where the tool builds for / or for relative URLs', () => {
    expect(site(vite("export default { base: './' }")).basePath).toBeUndefined();
    expect(site(vite("export default { base: '/' }")).basePath).toBeUndefined();
    expect(site(vite(undefined)).basePath).toBeUndefined();
    // A plugin's own `base` option is not the site's.
    expect(site(vite("export default { plugins: [pwa({ base: '/pwa/' })] }")).basePath).toBeUndefined();
    // Comments and strings that mention the option do not count.
    expect(site(vite("// base: '/old/'\n/* base: '/older/' */\nexport default { define: { x: \"base: '/s/'\" } }")).basePath).toBeUndefined();
    expect(site(node({ 'react-scripts': '5' }, 'react-scripts build', { 'package.json': pkg({ homepage: '.', scripts: { build: 'react-scripts build' }, dependencies: { 'react-scripts': '5' } }) })).basePath).toBeUndefined();
    // Gatsby ignores pathPrefix unless the build passes --prefix-paths.
    expect(site(node({ gatsby: '5' }, 'gatsby build', { 'gatsby-config.js': "module.exports = { pathPrefix: '/blog' };" })).basePath).toBeUndefined();
    expect(site({ 'hugo.toml': 'baseURL = "https://blog.example.org/"\n', 'content/_index.md': '' }).basePath).toBeUndefined();
  });

  it.each<[string, Files, RegExp]>([
    ['Vite base from the environment', vite("export default defineConfig({ base: process.env.BASE_PATH ?? '/' })"), /vite\.config\.ts sets base in code \(process\.env\.BASE_PATH \?\? '\/'\)[^]*write it as a string \(base: '\/app\/'\)/],
    ['Vite base as a variable', vite("let base = '/app/';\nexport default { base }"), /vite\.config\.ts sets base in code \(base\)/],
    ['Vite base from a constant built in code', vite("const base = '/' + name + '/';\nexport default { base: base }"), /vite\.config\.ts sets base in code \(base\)/],
    ['Vite --base from a variable', vite(undefined, 'vite build --base $BASE_PATH'), /package\.json scripts\.build takes the path from an environment variable \(vite build --base \$BASE_PATH\)[^]*write it into the script \(--base \/app\/\)/],
    ['CRA PUBLIC_URL from a variable', node({ 'react-scripts': '5' }, 'PUBLIC_URL=$CDN react-scripts build', {}), /write it into the script \(PUBLIC_URL=\/app\/\)/],
    ['Vue CLI NODE_ENV ternary', node({ '@vue/cli-service': '5' }, 'vue-cli-service build', { 'vue.config.js': "module.exports = {\n  publicPath: process.env.NODE_ENV === 'production'\n    ? '/admin/'\n    : '/'\n}" }), /vue\.config\.js sets publicPath in code \(process\.env\.NODE_ENV === 'production' \? '\/admin\/' : '\/'\)/],
    ['SvelteKit base from argv and env', node({ '@sveltejs/kit': '2', '@sveltejs/adapter-static': '3' }, 'vite build', { 'svelte.config.js': "export default { kit: { paths: { base: process.argv.includes('dev') ? '' : process.env.BASE_PATH } } };" }), /svelte\.config\.js sets kit\.paths\.base in code/],
    ['Next.js basePath from a template', node({ next: '15' }, 'next build', { 'next.config.js': 'module.exports = { output: "export", basePath: `/${repo}` };' }), /next\.config\.js sets basePath in code \(`\/\$\{repo\}`\)/],
  ])('a value computed in code (%s) is not guessed: a warning says what to do', (_name, files, message) => {
    const facts = site(files);
    expect(facts.basePath).toBeUndefined();
    const warnings = facts.warnings.join('\n');
    expect(warnings).toMatch(message);
    expect(warnings).toMatch(/which dockgen does not run: it could not read the path the site is built for, so the image serves the site from \/\. If the site is built for a sub-path, .* so that dockgen serves it there\./);
    // And the output is the root-served one.
    expect(fileOf(files, 'nginx-default.conf')).not.toContain('return 302');
  });
});

describe('serving a site under its base path', () => {
  const app = vite("export default { base: '/app/', build: { outDir: 'web' } }");

  it('copies the built files under the base path and says why', () => {
    const dockerfile = fileOf(app, 'Dockerfile');
    expect(dockerfile).toMatch(/^# The site is built for \/app\/: its files go there, where its URLs point\.\nCOPY --from=build \/app\/web \/usr\/share\/nginx\/html\/app$/m);
    expect(checkDockerfile(dockerfile)).toEqual([]);
  });

  it('redirects / to the base, keeps the SPA fallback and the cache rules under it, and 404s the rest', () => {
    const server = fileOf(app, 'nginx-default.conf');
    expect(server).toMatch(/location = \/ \{\s+return 302 \/app\/;\s+\}/);
    expect(server).toMatch(/location = \/app \{\s+return 301 \/app\/;\s+\}/);
    expect(server).toMatch(/location \/ \{\s+return 404;\s+\}/);
    expect(server).toMatch(/location \/app\/ \{[^}]*try_files \$uri \$uri\/ \/app\/index\.html;/);
    expect(server).toContain('location ~ "^/app(?:/assets/)" {');
    expect(server).toContain('root /usr/share/nginx/html;');
  });

  it('puts a multi-page site\'s 404 page under the base', () => {
    const server = fileOf({ 'hugo.toml': 'baseURL = "https://acme.github.io/site/"\n', 'content/_index.md': '' }, 'nginx-default.conf');
    expect(server).toMatch(/location \/site\/ \{\s+# Multi-page site[^}]*try_files \$uri \$uri\.html \$uri\/ =404;/);
    expect(server).toMatch(/error_page 404 \/site\/404\.html;\s+location = \/site\/404\.html \{\s+internal;/);
  });

  it('explains the decision with its evidence (--explain, --json)', () => {
    const { plan } = run(app);
    expect(plan.decisions.find((d) => d.topic === 'base path')).toMatchObject({
      value: expect.stringMatching(/^\/app\/ \(.*\/usr\/share\/nginx\/html\/app\/, \/ redirects there\)$/),
      evidence: { source: 'vite.config.ts', field: 'base', value: '/app/' },
    });
    expect(plan.decisions.find((d) => d.topic === 'routing')!.value).toBe('single-page app (unknown paths under /app/ get /app/index.html)');
  });

  it('changes nothing for a site built for / (no base, base "/" or a relative base)', () => {
    const plain = run(vite(undefined));
    for (const config of ["export default { base: '/' }", "export default { base: './' }", 'export default {}']) {
      const generation = run(vite(config));
      expect(generation.files.map((f) => f.content)).toEqual(plain.files.map((f) => f.content));
      expect(generation.plan.decisions.map((d) => d.topic)).not.toContain('base path');
    }
    const server = plain.files.find((f) => f.path === 'nginx-default.conf')!.content;
    expect(server).not.toMatch(/return 30[12]/);
    expect(server).toMatch(/location \/ \{[^}]*try_files \$uri \$uri\/ \/index\.html;/);
    expect(plain.files[0]!.content).toMatch(/^COPY --from=build \/app\/dist \/usr\/share\/nginx\/html$/m);
  });
});

describe('a base path cannot inject a Dockerfile instruction or an nginx directive', () => {
  it.each([
    ["/app/;\\n    return 200 'owned'", 'vite.config.ts base'],
    ['/app/\\nUSER 0', 'vite.config.ts base'],
    ['/a b/', 'vite.config.ts base'],
    ['/app{}/', 'vite.config.ts base'],
    ['/app"/', 'vite.config.ts base'],
    ['/../../etc/', 'vite.config.ts base'],
    ['/.git/', 'vite.config.ts base'],
    ['/app/$host/', 'vite.config.ts base'],
    ['/%2e%2e/', 'vite.config.ts base'],
  ])('refuses %j with exit code 2, naming the file and the field', (value, where) => {
    const files = vite(`export default { base: ${JSON.stringify(value).replace(/\\\\n/g, '\\n')} }`);
    let error: unknown;
    try {
      run(files);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(DockgenError);
    expect((error as DockgenError).exitCode).toBe(EXIT.usage);
    expect((error as DockgenError).message).toContain(`from ${where} = `);
    expect((error as DockgenError).message).toMatch(/cannot be used in the nginx configuration and the Dockerfile safely/);
    expect((error as DockgenError).message).not.toMatch(/\n/);
    expect((error as DockgenError).hint).toMatch(/letters, digits/);
  });

  it('refuses an unsafe CRA homepage and Hugo baseURL the same way', () => {
    const cra = node({ 'react-scripts': '5' }, 'react-scripts build', { 'package.json': pkg({ homepage: 'https://x.io/a;b/', scripts: { build: 'react-scripts build' }, dependencies: { 'react-scripts': '5' } }) });
    expect(() => run(cra)).toThrow(/from package\.json homepage = "https:\/\/x\.io\/a;b\/"/);
    expect(() => run({ 'hugo.toml': 'baseURL = "https://x.io/a b/"\n', 'content/_index.md': '' })).toThrow(/from hugo\.toml baseURL/);
  });
});

describe('normalizeBasePath and readConfigValue', () => {
  it.each<[string, string | undefined]>([
    ['/app/', '/app/'],
    ['/app', '/app/'],
    ['app/', '/app/'],
    ['/a/b', '/a/b/'],
    ['https://acme.github.io/repo', '/repo/'],
    ['https://github.com/acme/repo#readme', '/acme/repo/'],
    ['//cdn.example.com/x/', '/x/'],
    ['https://example.org', undefined],
    ['https://example.org/', undefined],
    ['/', undefined],
    ['', undefined],
    ['.', undefined],
    ['./', undefined],
  ])('%j → %j', (raw, expected) => {
    expect(normalizeBasePath(raw)).toBe(expected);
  });

  it('finds an option by its enclosing keys, and tells literals from code', () => {
    const config = `
      import adapter from '@sveltejs/adapter-static';
      const re = /{'base: x'/g;
      export default {
        kit: {
          adapter: adapter({ paths: { base: '/wrong/' } }),
          alias: { $lib: \`src/lib\` },
          paths: { assets: '', base: "/right" },
        },
      };`;
    expect(readConfigValue(config, ['kit', 'paths', 'base'])).toEqual({ kind: 'literal', value: '/right' });
    expect(readConfigValue(config, ['kit', 'alias', '$lib'])).toEqual({ kind: 'literal', value: 'src/lib' });
    expect(readConfigValue(config, ['base'])).toBeUndefined();
    expect(readConfigValue("export default { 'base': `/x/` as const }", ['base'])).toEqual({ kind: 'literal', value: '/x/' });
    expect(readConfigValue('export default { base: `/${name}/` }', ['base'])).toEqual({ kind: 'computed', source: '`/${name}/`' });
    expect(readConfigValue("export default { base: '/a/' + x }", ['base'])).toEqual({ kind: 'computed', source: "'/a/' + x" });
  });
});

describe('readConfigValue reads the exported config, not a helper object', () => {
  it.each([
    ["const pwaOptions = { base: '/' };\nexport default defineConfig({ plugins: [pwa(pwaOptions)], base: '/app/' });", '/app/'],
    ["const pwa = { base: '/pwa/' }\nexport default defineConfig({ plugins: [VitePWA(pwa)] })", undefined],
    ["const helper = { basePath: '/x' };\nconst nextConfig = { output: 'export', basePath: '/docs' };\nmodule.exports = nextConfig;", '/docs'],
    ["const config: Config = { baseUrl: '/handbook/' };\nexport default withPlugins(config);", '/handbook/'],
    ["export const config = { pathPrefix: '/notes/' };\nexport default function (eleventyConfig) {}", '/notes/'],
    // No export that dockgen recognises: the first match is all it has.
    ["const config = { base: '/app/' };\nexport { config as default };", '/app/'],
  ])('%s', (text, expected) => {
    const key = /basePath/.test(text) ? 'basePath' : /baseUrl/.test(text) ? 'baseUrl' : /pathPrefix/.test(text) ? 'pathPrefix' : 'base';
    const value = readConfigValue(text, [key]);
    expect(value?.kind === 'literal' ? value.value : value).toBe(expected);
  });
});
