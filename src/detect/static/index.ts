import { DockgenError } from '../../errors.js';
import { describeEvidence, fact, type Fact } from '../evidence.js';
import type { ProjectFs } from '../fs.js';
import { detectStaticOnly, type StaticFrameworkId } from '../node/framework.js';
import { detectNode, type NodeFacts } from '../node/index.js';
import { readPackageJson } from '../node/package-json.js';
import { detectBasePath, hugoBasePath, type BasePath } from './base-path.js';
import { detectHugo, hugoConfigFile, type HugoSite } from './hugo.js';
import { detectOutputDir, jsConfigs, readFirst } from './output.js';
import { detectPlain, hasPlainMarkers } from './plain.js';
import { detectPublicEnv } from './public-env.js';
import { readStaticfile, type ServerOptions } from './staticfile.js';
import { detectOwnHttpd, detectOwnNginx, hasOwnHttpd, hasOwnNginx, OWN_HTTPD_FILE, OWN_NGINX_FILE, unusedNginxWarning, type OwnHttpd, type OwnNginx } from './own-server.js';
import { detectNodeRouting, plainRouting, type Routing } from './routing.js';

export type { Routing };
/** What produces the site: a Node.js tool, Hugo, or nothing (served as written). */
export type StaticToolId = StaticFrameworkId | 'hugo' | 'plain';

export interface StaticFacts {
  stack: 'static';
  name?: string;
  tool: Fact<StaticToolId>;
  /** The folder that holds the files to serve: built output, or the project's own folder ('' = root). */
  siteDir: Fact<string>;
  routing: Fact<Routing>;
  /** The URL path the site is built for (`/app/`), when it is not the root. */
  basePath?: Fact<string>;
  /** Node.js-built sites: the Node detector's facts (package manager, lockfile, Node version). */
  node?: NodeFacts;
  hugo?: HugoSite;
  /** Public build-time variables the code reads (VITE_*, NEXT_PUBLIC_* …). */
  publicEnv: Array<Fact<string>>;
  /** The project's own nginx.conf (Paketo's nginx buildpack layout): it replaces dockgen's server block. */
  ownNginx?: OwnNginx;
  /** The project's own httpd.conf (Paketo's httpd buildpack layout): served by Apache httpd. */
  ownHttpd?: OwnHttpd;
  /** What a Staticfile asks of the server (HTTPS, HSTS, basic auth, error pages …), for any tool. */
  server?: ServerOptions;
  warnings: string[];
}

/** Marker files of a site that needs no Node.js detection: plain HTML, a Staticfile, or Hugo. */
export function hasStaticMarkers(fs: ProjectFs): boolean {
  return hasPlainMarkers(fs) || hugoConfigFile(fs) !== undefined || hasOwnNginx(fs) || hasOwnHttpd(fs);
}

/**
 * The Node.js row of the detector table: a project whose package.json only builds static files
 * (a Vite SPA is not a Node.js server) goes to the static stack, as does one without any start
 * command that is plainly a Hugo or hand-written site with package.json only for tooling.
 * A project with a server (Express serving a Vite build) stays Node.js.
 */
export function detectNodeOrStatic(fs: ProjectFs): NodeFacts | StaticFacts {
  const node = detectNode(fs);
  if (node.staticOnly) return builtWithNode(fs, node, node.staticOnly);
  if (node.start) return node;
  const hugo = detectHugo(fs);
  if (hugo) return hugoSite(fs, hugo, node.name, [...node.warnings]);
  const plain = node.build === undefined ? plainSite(fs, node.name) : undefined;
  if (plain) {
    plain.warnings.push('package.json has no start command and no build script, so the site is served as it is (static stack). Pass --stack node --cmd "…" if it runs a server.');
    return plain;
  }
  return node;
}

/** The static-site stack's own detection, also for `--stack static`. */
export function detectStatic(fs: ProjectFs): StaticFacts {
  if (fs.isFile('package.json')) {
    const node = detectNode(fs);
    // With --stack static a project that also has a server is served from its client build.
    const pkg = readPackageJson(fs)!;
    const tool = node.staticOnly ?? detectStaticOnly(fs, pkg, { id: 'node' });
    if (tool) return builtWithNode(fs, node, tool);
  }
  const hugo = detectHugo(fs);
  if (hugo) return hugoSite(fs, hugo, undefined, []);
  const plain = plainSite(fs, undefined);
  if (plain) return plain;
  throw new DockgenError(
    'No static site found: no index.html (at the root or in public/, site/, www/, dist/), no Staticfile, no Hugo configuration, and no static-site tool in package.json.',
    'Add a Staticfile with `root: <folder>` naming the folder to serve, or pick another --stack.',
  );
}

function builtWithNode(fs: ProjectFs, node: NodeFacts, tool: Fact<StaticFrameworkId>): StaticFacts {
  if (!node.build) {
    throw new DockgenError(
      `This ${tool.value} site has no "build" script in package.json, so dockgen cannot build it.`,
      'Add the build script to package.json (e.g. "build": "vite build").',
    );
  }
  if (tool.value === 'astro-static') assertAstroStatic(fs);
  const pkg = readPackageJson(fs)!;
  const warnings = [...node.warnings];
  const publicEnv = detectPublicEnv(fs, tool.value);
  const envFile = ['.env.production', '.env'].find((file) => fs.isFile(file));
  if (envFile) {
    warnings.push(`${envFile} stays out of the build context (R16), so the image build does not read it: pass its public values with --build-arg NAME=value.`);
  }
  const facts: StaticFacts = {
    stack: 'static',
    tool,
    siteDir: detectOutputDir(fs, tool.value, node.build.value),
    routing: detectNodeRouting(fs, pkg, tool.value),
    node,
    publicEnv,
    warnings,
  };
  withBasePath(facts, detectBasePath(fs, tool.value, node.build.value));
  withStaticfile(fs, facts);
  facts.warnings.push(...unusedNginxWarning(fs, `the site is built with ${tool.value} and its output served`));
  if (node.name !== undefined) facts.name = node.name;
  return facts;
}

/** Astro builds static files unless `output: 'server'`, which needs a server adapter. */
function assertAstroStatic(fs: ProjectFs): void {
  const config = readFirst(fs, jsConfigs('astro.config'));
  if (config && /\boutput\s*:\s*['"`]server['"`]/.test(config.text)) {
    throw new DockgenError(
      `${config.file} sets output: 'server', which renders pages at request time and needs a server; nginx can only serve static files.`,
      "Add @astrojs/node (then dockgen writes a Node.js image), or remove output: 'server'.",
    );
  }
}

function hugoSite(fs: ProjectFs, hugo: HugoSite, name: string | undefined, warnings: string[]): StaticFacts {
  const facts: StaticFacts = {
    stack: 'static',
    tool: fact('hugo', hugo.config),
    siteDir: hugo.publishDir,
    routing: fact({ spa: false }, 'framework', undefined, 'Hugo writes a page per route'),
    hugo,
    publicEnv: [],
    warnings: [...warnings, ...hugo.warnings],
  };
  withBasePath(facts, hugoBasePath(hugo.baseURL));
  withStaticfile(fs, facts);
  facts.warnings.push(...unusedNginxWarning(fs, 'the site is built with Hugo and its output served'));
  if (name !== undefined) facts.name = name;
  return facts;
}

function withBasePath(facts: StaticFacts, base: BasePath): void {
  if (base.basePath) facts.basePath = base.basePath;
  facts.warnings.push(...base.warnings);
}

function plainSite(fs: ProjectFs, name: string | undefined): StaticFacts | undefined {
  // A Staticfile decides how the site is served; without one, the project's own nginx.conf does.
  if (!fs.isFile('Staticfile') && hasOwnNginx(fs)) return ownNginxSite(fs, name);
  if (!fs.isFile('Staticfile') && hasOwnHttpd(fs)) return ownHttpdSite(fs, name);
  const plain = detectPlain(fs);
  if (!plain) return undefined;
  const facts: StaticFacts = {
    stack: 'static',
    tool: fact('plain', plain.siteDir.evidence.source, undefined, 'served as written'),
    siteDir: plain.siteDir,
    routing: plainRouting(plain.pushState, plain.siteDir),
    publicEnv: [],
    warnings: [],
  };
  if (plain.siteDir.value !== '' && !fs.isDirectory(plain.siteDir.value)) {
    throw new DockgenError(`${describeEvidence(plain.siteDir.evidence)}, but there is no such folder.`, 'Fix the root in the Staticfile.');
  }
  withStaticfile(fs, facts);
  facts.warnings.push(...unusedNginxWarning(fs, fs.isFile('Staticfile') ? 'the Staticfile decides how the site is served' : 'it is a server { } block for the official nginx image\'s conf.d, not a whole configuration'));
  if (name !== undefined) facts.name = name;
  return facts;
}

/**
 * A Staticfile's server options apply whatever made the files: a site built with Vite and pushed
 * with the staticfile buildpack asked for its HTTPS redirect or password too. An explicit
 * pushstate wins over the routing dockgen guessed; a root that is not the tool's output is named.
 */
function withStaticfile(fs: ProjectFs, facts: StaticFacts): void {
  const staticfile = readStaticfile(fs);
  if (!staticfile) return;
  facts.server = staticfile.server;
  facts.warnings.push(...staticfile.warnings);
  if (facts.tool.value === 'plain') return;
  const push = staticfile.pushState;
  if (push && push.value !== facts.routing.value.spa) facts.routing = plainRouting(push, facts.siteDir);
  if (staticfile.root && staticfile.root.value !== facts.siteDir.value) {
    facts.warnings.push(`Staticfile root "${staticfile.root.value}" is not what the image serves: ${facts.tool.value} builds into ${facts.siteDir.value || 'the project folder'} inside the image, and that is served.`);
  }
}

/**
 * The project's nginx.conf serves the project folder as it says (its `root` and other paths are
 * relative to that folder, as under the Paketo buildpack): dockgen's own server block is not used.
 */
function ownNginxSite(fs: ProjectFs, name: string | undefined): StaticFacts {
  const ownNginx = detectOwnNginx(fs)!;
  const facts: StaticFacts = {
    stack: 'static',
    tool: fact('plain', OWN_NGINX_FILE, undefined, 'served by its own nginx configuration'),
    siteDir: fact('', OWN_NGINX_FILE, undefined, 'paths in it are relative to the project folder'),
    routing: fact({ spa: false }, OWN_NGINX_FILE, undefined, 'routing is the configuration\'s own'),
    ownNginx,
    publicEnv: [],
    warnings: hasOwnHttpd(fs) ? [`Both ${OWN_NGINX_FILE} and ${OWN_HTTPD_FILE} are here: the site is served by nginx with ${OWN_NGINX_FILE}; ${OWN_HTTPD_FILE} is not used.`] : [],
  };
  if (name !== undefined) facts.name = name;
  return facts;
}

/** The project's httpd.conf serves the project folder (its paths are relative to `${APP_ROOT}`). */
function ownHttpdSite(fs: ProjectFs, name: string | undefined): StaticFacts {
  const facts: StaticFacts = {
    stack: 'static',
    tool: fact('plain', OWN_HTTPD_FILE, undefined, 'served by Apache httpd with its own configuration'),
    siteDir: fact('', OWN_HTTPD_FILE, undefined, 'paths in it are relative to the project folder (${APP_ROOT})'),
    routing: fact({ spa: false }, OWN_HTTPD_FILE, undefined, 'routing is the configuration\'s own'),
    ownHttpd: detectOwnHttpd(fs)!,
    publicEnv: [],
    warnings: [],
  };
  if (name !== undefined) facts.name = name;
  return facts;
}
