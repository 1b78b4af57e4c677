import type { Evidence, Fact } from '../detect/evidence.js';
import type { GoRuntime, InitChoice } from '../options.js';
import type { IndexedStack, PackageIndex } from './package-index.js';

export type Stack = 'node' | 'python' | 'go' | 'static';
export const STACKS: readonly Stack[] = ['node', 'python', 'go', 'static'];

/** A global ARG before the first FROM: every version a template uses lives in one (R19). */
export interface PlanArg {
  name: string;
  value: string;
  /** Where the value came from, written above the ARG. */
  comment: string;
}

/**
 * One RUN instruction as the parts it is written in: `--mount` flags first, then one command
 * per line (later ones start with `&&`). The template joins them with line continuations.
 */
export interface RunStep {
  parts: string[];
  /** Comment lines directly above the RUN (e.g. a `dockgen-ignore` that tells the linter why). */
  comments?: string[];
}

export interface CopyStep {
  /** Stage to copy from; absent for the build context. */
  from?: string;
  /** Exec-form source list and destination, already validated (see plan/safe.ts). */
  sources: string[];
  dest: string;
  /** `--chown=<uid:gid>` and `--chmod=<mode>`, for a file the server must read but not change. */
  chown?: string;
  chmod?: string;
  comment?: string;
  /** Further comment lines, for a copy that needs its reason spelled out. */
  commentMore?: string[];
}

/** A decision and the evidence it rests on, for `--explain`. */
export interface Decision {
  topic: string;
  value: string;
  evidence: Evidence;
  /** How the value follows from the evidence, where that is not obvious. */
  why?: string;
}

export interface IgnoreSection {
  comment: string;
  entries: string[];
}

/** What every stack's plan has: header, ARGs, runtime user/port/command, .dockerignore. */
export interface PlanBase {
  stack: Stack;
  /** Comment lines at the top of the Dockerfile (without the leading "# "). */
  header: string[];
  args: PlanArg[];
  /** Final-stage user as numeric UID:GID (R14). */
  user: string;
  port?: number;
  /** ENV lines of the final stage, as [name, rendered value]. */
  runtimeEnv: Array<[string, string]>;
  /** Exec-form JSON arrays (R2). */
  entrypoint: string;
  /** Empty when the ENTRYPOINT is the whole command. */
  cmd: string;
  /** Comment lines right above ENTRYPOINT (e.g. why there is no tini). */
  processNotes?: string[];
  dockerignore: IgnoreSection[];
  decisions: Decision[];
  warnings: string[];
  /** `--healthcheck`: the probe the final stage's HEALTHCHECK runs (src/plan/healthcheck.ts). */
  healthcheck?: HealthcheckPlan;
  /** What the app writes at run time, for a read-only root (R15): /tmp first, then any path a
   *  framework writes beside its code (a stack's planner sets those; planProject adds /tmp). */
  writablePaths?: WritablePath[];
  /** A workspace package built from a monorepo: its name and folder (the image is named after it,
   *  and its package.json versions it). Absent when the image is the project itself. */
  app?: { name: string; dir: string };
}

/** A HEALTHCHECK that runs a program the image already has (R13) against the app's own port. */
export interface HealthcheckPlan {
  /** The HTTP path probed (nginx with dockgen's config: /healthz for a bare flag). */
  path: string;
  port: number;
  /** `--interval=… --timeout=… --start-period=… --retries=…` */
  options: string;
  argv: string[];
  /** `argv` as the exec-form JSON array. */
  command: string;
  comments: string[];
}

/** A path the running app writes to: a tmpfs or emptyDir when the root filesystem is read-only. */
export interface WritablePath {
  /** Absolute path in the image. */
  path: string;
  /** Why it must be writable, for the files that declare it. */
  reason: string;
}

export interface NodePlan extends PlanBase {
  stack: 'node';
  /** Image repository, e.g. `node`; the tag is built from NODE_VERSION and `imageVariant`. */
  image: string;
  imageVariant: string;
  /** Present when the package manager is not npm: a stage that installs it. */
  packageManagerSetup?: { arg: string; run: RunStep; path: string };
  /** Manifests, lockfile and install configuration, copied before any install (R5). */
  manifests: CopyStep[];
  /** Monorepos with many packages: a stage that gathers their package.json files in one layer. */
  manifestsStage?: { count: number; run: RunStep };
  /** Production-only install; absent when there are no production dependencies. */
  deps?: { run: RunStep; env: Array<[string, string]> };
  /** The project's files without what only the install reads (a Yarn offline cache), for a
   *  final stage that has no build stage to take them from. */
  sourceStage?: { prune: RunStep };
  /** A native addon at the root (binding.gyp): a stage with a toolchain that compiles it
   *  (full install, source, `npm rebuild`); the final stage copies its build/ only. */
  addon?: { comments: string[]; toolchain: RunStep; env: Array<[string, string]>; install: RunStep; rebuild: RunStep };
  /** Full install and build; absent without a build script. */
  build?: { install: RunStep; env: Array<[string, string]>; command: RunStep };
  /** Installs tini in the final stage. Absent with --init none, and where the image's apt no
   *  longer works: then `tiniStage` installs it and `tiniCopy` copies its static build. */
  tiniInstall?: RunStep;
  tiniStage?: { image: string; run: RunStep; comment: string };
  tiniCopy?: CopyStep;
  /** What the final stage copies, in cache order. */
  runtimeCopies: CopyStep[];
  /** Monorepo: the final stage's WORKDIR, the workspace package's folder (after the copies). */
  workdir?: string;
  /** Comment lines explaining a missing lockfile, dev dependencies shipped, and the like. */
  notes: string[];
  /** The app runs on Bun: the official Bun image (`image`:${BUN_VERSION}-`imageVariant`), which
   *  brings Bun itself. Absent for Node.js. */
  bun?: { tiniComment: string };
}

/** What every planner gets besides facts and options. */
export interface PlanContext {
  projectName: string;
  /** The project folder's name (a Go main package named like it is the likely service). */
  folderName?: string;
  dockgenVersion: string;
  /** An organisation's ids for the user dockgen creates (org config). */
  user?: { uid: number; gid: number };
  /** An organisation's defaults (org config `defaults`): used where the project and the flags say
   *  nothing, instead of dockgen's own defaults. */
  defaults?: OrgDefaults;
  /** An organisation's package mirrors (org config `packageIndexes`): the index arguments' defaults. */
  packageIndexes?: Partial<Record<IndexedStack, string>>;
  /** A service of a monorepo: its Dockerfile's path from the repository root, the build context. */
  dockerfile?: string;
}

export interface OrgDefaults {
  nodeVersion?: Fact<string>;
  pythonVersion?: Fact<string>;
  goVersion?: Fact<string>;
  runtime?: Fact<GoRuntime>;
  init?: Fact<InitChoice>;
}

/** One plan type per stack; `stack` selects the template (templates/dockerfile/<stack>.hbs). */
export type DockerPlan = NodePlan | PythonPlan | GoPlan | StaticPlan;

/** A static site: nginx serves files that were copied as written or built in an earlier stage. */
/** A Node.js stage that installs with the project's package manager and builds (src/plan/node-build-stage.ts). */
export interface NodeBuildStage {
  image: string;
  imageVariant: string;
  packageManagerSetup?: { arg: string; run: RunStep; path: string };
  env: Array<[string, string]>;
  manifests: CopyStep[];
  install: RunStep;
}

export interface StaticPlan extends PlanBase {
  stack: 'static';
  /** `nginxinc/nginx-unprivileged` (or `httpd` for a site with its own httpd.conf); the tag is
   *  `imageTag`, its version an ARG (`${NGINX_VERSION}-trixie`). */
  image: string;
  imageVariant: string;
  imageTag: string;
  /** Node.js-built sites: the install (as in the Node.js stack) and the build. */
  nodeBuild?: NodeBuildStage & {
    /** Public build-time variables the code reads, declared as ARGs before the build. */
    buildArgs: string[];
    build: RunStep;
  };
  /** Hugo sites: a Debian stage that downloads the pinned Hugo and builds. */
  hugoBuild?: { image: string; versionArg: string; tools: RunStep; download: RunStep; build: RunStep };
  /** A site whose folder also holds files that must not be served (dockgen's own config, the
   *  Staticfile's password file): a stage that copies `source` and drops them. */
  siteStage?: { source: string; prune: RunStep };
  /** The server configuration, then the site's files. */
  runtimeCopies: CopyStep[];
  stopSignal: string;
  /** Why that signal (R4). */
  stopComment: string;
  /** The nginx server block, written next to the Dockerfile (templates/nginx/default.hbs); absent
   *  when the project brings its own nginx.conf. */
  nginx?: NginxPlan;
  /** The project's own nginx.conf, adapted for the image (templates/nginx/own.hbs). */
  ownNginx?: { file: string; header: string[]; text: string };
  notes: string[];
}

export interface NginxPlan {
  /** Project-relative file name the server block is written to. */
  file: string;
  header: string[];
  port: number;
  root: string;
  /** A site built for a sub-path: its files are under root + `bare`; `path` is `bare` + '/'.
   *  Absent for a site built for / (the common case). */
  base?: { path: string; bare: string };
  /** SPA: the document unknown paths get; absent for a multi-page site (real 404s). */
  fallback?: string;
  /** Regex locations whose files are fingerprinted: cached for a year as immutable. */
  immutable: Array<{ comment: string; pattern: string }>;
  /** File extensions that never fall back to the SPA's HTML (a missing script is a 404). */
  assetPattern: string;
  securityHeaders: Array<[string, string]>;
  /** Compression on (the default) with these types; absent: `gzip off` (Staticfile `gzip: off`). */
  gzipTypes?: string;
  /** `error_page` lines, and the pages they name (served only as error pages). */
  errorPages: Array<{ codes: string; page: string }>;
  errorPageLocations: string[];
  /** Files whose names start with a dot get a 404 (unless Staticfile `host_dot_files`). */
  hideDotFiles: boolean;
  /** Staticfile options: HTTPS redirect behind a proxy, SSI, directory listings, basic auth,
   *  and nginx directives of the project's own, included in the site's location. */
  forceHttps?: boolean;
  ssi?: boolean;
  autoindex?: boolean;
  basicAuth?: { userFile: string };
  locationInclude?: string;
}

export interface PythonPlan extends PlanBase {
  stack: 'python';
  /** Front-end assets built with Node.js in a stage of their own, copied over the source. */
  assets?: NodeBuildStage & { build: RunStep };
  /** tini is installed and is PID 1 (not with --init none). */
  tini: boolean;
  /** `python:${PY_VERSION}-<imageVariant>` */
  image: string;
  imageVariant: string;
  /** ENV of every stage (R22). */
  baseEnv: Array<[string, string]>;
  /** A stage with the pinned dependency manager, when it is not pip. */
  tools?: { arg: string; run: RunStep };
  /** The package index's build argument, in every stage that downloads (absent when none does). */
  index?: PackageIndex;
  build: {
    /** Compilers and headers for dependencies without wheels (build stage only). */
    systemPackages?: { comment: string; run: RunStep };
    env: Array<[string, string]>;
    venv?: RunStep;
    manifests: CopyStep[];
    dependencies?: RunStep;
    /** A production server the dependencies lack (pinned with an ARG), installed before the source. */
    server?: { arg: string; run: RunStep };
    afterSource?: RunStep;
    /** Build-time steps after the source: collectstatic, byte-code compilation. */
    steps: Array<{ comment: string; run: RunStep }>;
  };
  /** Installs tini and the shared libraries the dependencies load, and creates the user (R14). */
  runtimeSetup: RunStep;
  runtimeCopies: CopyStep[];
  notes: string[];
}

/** Go: a build stage that compiles one static (or cgo) binary; a final stage with only that binary. */
export interface GoPlan extends PlanBase {
  stack: 'go';
  /** `golang:${GO_VERSION}-<builderVariant>` */
  builderImage: string;
  builderVariant: string;
  /** Build on the builder's platform and cross-compile (absent with cgo, which needs the target's C compiler). */
  crossCompile: boolean;
  /** The build stage's folder: /src, or $GOPATH/src/<import path> for a GOPATH-mode build. */
  workdir: string;
  /** Comment lines above the build stage. */
  buildComment: string[];
  /** Modules' manifests, copied before the download (R5); absent when nothing is downloaded. */
  manifests: CopyStep[];
  download?: RunStep;
  /** The module proxy's build argument, with the download (absent when nothing is downloaded). */
  index?: PackageIndex;
  /** scratch only: CA certificates, passwd/group for the numeric user and /tmp, under /rootfs. */
  rootfs?: RunStep;
  buildStepComment: string[];
  build: RunStep;
  /** A stage that provides Debian's static tini for a shell-less runtime (`--init tini`). */
  tiniStage?: { image: string; run: RunStep };
  runtime: { image: string; comment: string[]; setup?: RunStep; copies: CopyStep[] };
  /** Why PID 1 is what it is (R2), written above ENTRYPOINT. */
  processComment: string;
  notes: string[];
}
