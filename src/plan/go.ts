import { describeEvidence, fact, type Evidence, type Fact } from '../detect/evidence.js';
import type { GoFacts, GoMain } from '../detect/go/index.js';
import type { ModulelessMode } from '../detect/go/moduleless.js';
import { compareGo } from '../detect/go/version.js';
import { DockgenError } from '../errors.js';
import { chooseMain } from './go-main.js';
import { packageIndex, withNetrc } from './package-index.js';
import { privilegedPortWarning } from './privileged-port.js';
import type { GenerateOptions, GoRuntime } from '../options.js';
import { DEFAULT_GO_MINOR, GO_TABLE_CHECKED, defaultGoVersion, goDebian, resolveGoVersion } from '../versions/go.js';
import { planHeader } from './header.js';
import { goIgnore } from './ignore.js';
import { aptInstall, decisionLog } from './steps.js';
import { initChoice } from './tini.js';
import { commentText, envValue, execForm, safePath } from './safe.js';
import type { CopyStep, GoPlan, PlanContext, RunStep } from './types.js';

/** distroless's `nonroot` user; scratch and debian runtimes get the same ids, so switching keeps file ownership (R14). */
const NONROOT = '65532';
const DEFAULT_PORT = 8080;
const BINARY_DIR = '/usr/local/bin';
const MOD_CACHE = '--mount=type=cache,target=/go/pkg/mod';
const BUILD_CACHE = '--mount=type=cache,target=/root/.cache/go-build';

/** Facts + options → the Go DockerPlan. Pure: reads no files. */
export function planGo(facts: GoFacts, options: GenerateOptions, context: PlanContext): GoPlan {
  const warnings = [...facts.warnings];
  const { decisions, decide } = decisionLog();

  const go = chooseGoVersion(facts, options, context.defaults?.goVersion);
  warnings.push(...go.warnings);
  decide('Go version', go.version, go.evidence, go.source);
  const debian = goDebian(go.version);

  if (facts.moduleless && facts.importPath) decide('build mode', modulelessDecision(facts.moduleless.value, facts.importPath), facts.moduleless.evidence);
  const main = chooseMain(facts, options, context.folderName);
  decide('main package', `${main.value.path} (binary ${binaryName(main.value)})`, main.evidence);
  const others = facts.mains.filter((m) => m !== main.value);
  if (options.main === undefined && others.length > 0) {
    warnings.push(`Building ${main.value.path} (${main.evidence.value}); the image does not contain ${others.map((m) => m.path).join(', ')}. Pass --main (e.g. --main ${others[0]!.path}) to build another one instead.`);
  }
  const binary = `${BINARY_DIR}/${binaryName(main.value)}`;
  const pkg = main.value.path === '.' ? '.' : `./${safePath(main.value.path, '--main or the main package folder')}`;

  const cgo = main.value.cgo;
  const runtimeChoice: Fact<GoRuntime> | undefined = options.runtime ? fact(options.runtime, '--runtime', undefined, options.runtime) : context.defaults?.runtime;
  const runtime: GoRuntime = runtimeChoice?.value ?? 'distroless';
  if (cgo) decide('cgo', 'on (glibc runtime)', cgo);
  else decide('cgo', 'off (static binary)', { source: 'default', value: 'no import "C" and no cgo-only dependency' });
  if (cgo && runtime === 'scratch') {
    throw new DockgenError(
      `This program needs cgo (${describeEvidence(cgo)}), so its binary links glibc dynamically: it cannot run on scratch.`,
      'Use --runtime distroless (distroless/cc, the default for cgo) or --runtime debian.',
    );
  }
  for (const library of main.value.systemLibraries) {
    warnings.push(`A dependency links against ${library}, which dockgen does not install: add its -dev package to the build stage and its runtime library to a --runtime debian final stage.`);
  }
  decide('runtime', runtimeImage(runtime, cgo !== undefined, debian), runtimeChoice?.evidence ?? { source: 'default', value: cgo ? 'cgo binary: glibc needed' : 'static binary' });

  const port = choosePort(main.value, options);
  if (port) {
    decide('port', String(port.value), port.evidence);
    const privileged = privilegedPortWarning(port.value, NONROOT, describeEvidence(port.evidence));
    if (privileged) warnings.push(privileged);
  }
  if (main.value.port?.loopback && options.port === undefined) {
    warnings.push(`The code listens on ${main.value.port.evidence.value} (${main.value.port.evidence.source}), a loopback address: nothing outside the container can reach it. Listen on ":${main.value.port.value}" instead.`);
  }
  const init = initChoice(options, context);
  const tini = init?.value === 'tini';
  decide('PID 1', tini ? 'tini' : 'the binary', init?.evidence ?? { source: 'default', value: 'a Go binary handles SIGTERM itself' });

  const vendored = facts.vendor !== undefined;
  const gopath = facts.moduleless?.value === 'gopath';
  const downloads = !vendored && facts.modules.some((m) => m.requires > 0);
  const plan: GoPlan = {
    stack: 'go',
    header: planHeader(context, 'Go', undefined, port?.value),
    args: [{ name: 'GO_VERSION', value: go.version, comment: commentText(`Go ${go.version}: ${go.source}`) }],
    builderImage: 'golang',
    builderVariant: debian.codename,
    crossCompile: cgo === undefined,
    workdir: gopath ? `/go/src/${safePath(facts.importPath!.value, 'the import path')}` : '/src',
    buildComment: cgo === undefined
      ? ['The build runs on the build machine\'s platform and cross-compiles for the target (TARGETOS/TARGETARCH):', 'multi-arch builds need no emulation.']
      : [commentText(`cgo (${describeEvidence(cgo)}) needs a C compiler for the target platform, so this stage`), 'runs on the target platform (emulated in multi-arch builds).'],
    manifests: downloads ? manifestCopies(facts.manifests) : [],
    buildStepComment: buildComment(facts, cgo !== undefined, vendored, runtime),
    build: buildStep(facts, { cgo: cgo !== undefined, vendored, downloads, runtime, pkg, binary }),
    runtime: runtimeStage(runtime, cgo !== undefined, debian, tini, binary),
    user: `${NONROOT}:${NONROOT}`,
    runtimeEnv: [],
    entrypoint: execForm([...(tini ? ['/usr/bin/tini', '--'] : []), ...(options.cmd ?? [binary])], options.cmd ? '--cmd' : 'dockgen'),
    cmd: '',
    processComment: tini
      ? 'tini as PID 1 (--init tini) forwards signals to the binary and reaps zombies (R2).'
      : 'Exec form: the binary is PID 1 and gets SIGTERM directly; a Go program handles it itself (R2).',
    // A GOPATH-era vendor/ is the build's source of dependencies too: it stays in the context.
    dockerignore: goIgnore(vendored || gopath),
    notes: notes(facts, downloads, vendored).map(commentText),
    decisions,
    warnings,
  };
  if (downloads) {
    plan.download = withNetrc({ parts: [MOD_CACHE, 'go mod download'] });
    plan.index = packageIndex('go', context.packageIndexes?.go);
  }
  if (runtime === 'scratch') plan.rootfs = scratchRootfs();
  if (tini && runtime !== 'debian') plan.tiniStage = { image: `debian:${debian.codename}-slim`, run: aptInstall(['tini']) };
  if (port) {
    plan.port = port.value;
    // Only a program that reads PORT is told the port through it (R22); for the others it would be a dead setting.
    if (main.value.readsPort || options.port !== undefined) plan.runtimeEnv.push(['PORT', envValue(String(port.value), 'the port')]);
  }
  if (options.goVersion !== undefined && facts.goVersionSpec && /^(go)?\d+\.\d+/.test(facts.goVersionSpec.value)
    && facts.goVersionSpec.evidence.source.endsWith('go.mod') && compareGo(go.version, facts.goVersionSpec.value) < 0) {
    // The golang image does not switch toolchains (GOTOOLCHAIN=local): `go build` would stop with "go.mod requires go >= …".
    throw new DockgenError(
      `--go-version ${options.goVersion} (Go ${go.version}) is older than ${describeEvidence(facts.goVersionSpec.evidence)}, the minimum the module needs: the build would fail.`,
      `Pass --go-version ${facts.goVersionSpec.value.replace(/^go/, '')} or newer, or leave it out to use the go line.`,
    );
  }
  return plan;
}

/**
 * The Go release and a sentence that says why: which file named it, whether that was a minimum
 * (a go line) or the version itself (a toolchain line, a version manager's pin, a flag), and how
 * it became a release (itself, the newest patch of its line, or dockgen's newest line).
 */
function chooseGoVersion(facts: GoFacts, options: GenerateOptions, orgDefault?: Fact<string>) {
  const table = `dockgen's table, ${GO_TABLE_CHECKED}`;
  const spec = options.goVersion !== undefined ? fact(options.goVersion, '--go-version', undefined, options.goVersion) : facts.goVersionSpec ?? orgDefault;
  if (!spec) {
    const source = `${facts.moduleless ? 'no go.mod' : 'no go line in go.mod'}, and nothing pins a Go (.go-version, .tool-versions, mise.toml): the newest stable line (${table})`;
    return { version: defaultGoVersion(), warnings: [] as string[], evidence: { source: 'default', value: `Go ${DEFAULT_GO_MINOR}` } as Evidence, source };
  }
  const resolved = resolveGoVersion(spec.value, spec.evidence);
  const where = describeEvidence(spec.evidence);
  const how = {
    exact: 'that release',
    'newest patch': `the line's newest patch (${table})`,
    'language level': `the newest stable line (${table})`,
  }[resolved.how];
  const source = /^go \(line/.test(spec.evidence.field ?? '')
    ? `${where} is only a minimum${resolved.how === 'language level' ? ' (a language level before Go 1.21)' : ''} and nothing pins a Go (toolchain line, .go-version, .tool-versions, mise.toml): ${how}`
    : `${where}${/^toolchain/.test(spec.evidence.field ?? '') ? ', which the go command itself switches to' : ''}: ${how}`;
  return { ...resolved, evidence: spec.evidence, source };
}

function binaryName(main: GoMain): string {
  const name = main.name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[.-]+/, '');
  return name === '' ? 'app' : name;
}

/** Port: --port > the code's PORT fallback or listen address > 8080 for a server; none for a worker or CLI. */
function choosePort(main: GoMain, options: GenerateOptions): { value: number; evidence: Evidence } | undefined {
  if (options.port !== undefined) return fact(options.port, '--port', undefined, String(options.port));
  if (main.port) return main.port;
  if (main.serves) return fact(DEFAULT_PORT, 'default', undefined, main.readsPort ? 'the code reads PORT and has no fallback' : 'a server with no port in the code');
  return undefined;
}

function manifestCopies(manifests: string[]): CopyStep[] {
  // One COPY per folder: a multi-source COPY flattens into its destination.
  const byDir = new Map<string, string[]>();
  for (const file of manifests.map((f) => safePath(f, 'the module files'))) {
    const dir = file.includes('/') ? file.slice(0, file.lastIndexOf('/')) : '';
    byDir.set(dir, [...(byDir.get(dir) ?? []), file]);
  }
  return [...byDir].map(([dir, files]) => ({ sources: files, dest: dir === '' ? './' : `./${dir}/` }));
}

function buildComment(facts: GoFacts, cgo: boolean, vendored: boolean, runtime: GoRuntime): string[] {
  const lines = [cgo
    ? 'cgo on: the binary links glibc, which the runtime image provides.'
    : 'CGO_ENABLED=0: a static binary that needs no libc, for a distroless or scratch runtime.'];
  lines.push('-trimpath and -s -w: no local paths or debug symbols in the binary (smaller, reproducible).');
  if (vendored) lines.push('-mod=vendor: the committed vendor/ folder is the source of every dependency; nothing is downloaded.');
  if (facts.moduleless?.value === 'gopath') lines.push('GO111MODULE=off: no go.mod, so GOPATH mode, which takes dependencies from the committed vendor/ folder.');
  if (facts.moduleless?.value === 'tidy') lines.push('No go.mod: `go mod tidy` resolves the newest version of each import; nothing pins them (R9).');
  if (runtime === 'scratch') lines.push('-tags timetzdata: scratch has no time zone database, so the binary embeds one.');
  return lines;
}

function buildStep(facts: GoFacts, o: { cgo: boolean; vendored: boolean; downloads: boolean; runtime: GoRuntime; pkg: string; binary: string }): RunStep {
  const flags = ['-trimpath', ...(o.vendored ? ['-mod=vendor'] : []), ...(o.runtime === 'scratch' ? ['-tags timetzdata'] : []), '-ldflags="-s -w"'];
  const env = o.cgo ? 'CGO_ENABLED=1' : 'CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH';
  const build = `go build ${flags.join(' ')} -o ${o.binary} ${o.pkg}`;
  const moduleless = facts.moduleless?.value;
  const tidy = moduleless === 'tidy';
  const parts = [...(o.downloads || tidy ? [MOD_CACHE] : []), BUILD_CACHE];
  if (moduleless === 'gopath') {
    parts.push(`GO111MODULE=off ${env}`, build);
  } else if (moduleless && facts.importPath) {
    const path = safePath(facts.importPath.value, 'the import path');
    parts.push(`go mod init ${path}`, ...(tidy ? ['&& go mod tidy'] : []), `&& ${env} ${build}`);
  } else {
    parts.push(env, build);
  }
  return { parts };
}

function runtimeImage(runtime: GoRuntime, cgo: boolean, debian: ReturnType<typeof goDebian>): string {
  if (runtime === 'scratch') return 'scratch';
  if (runtime === 'debian') return `debian:${debian.codename}-slim`;
  return `gcr.io/distroless/${cgo ? 'cc' : 'static'}-debian${debian.number}:nonroot`;
}

function runtimeStage(runtime: GoRuntime, cgo: boolean, debian: ReturnType<typeof goDebian>, tini: boolean, binary: string): GoPlan['runtime'] {
  const copies: CopyStep[] = [];
  const image = runtimeImage(runtime, cgo, debian);
  if (tini && runtime !== 'debian') copies.push({ from: 'tini', sources: ['/usr/bin/tini-static'], dest: '/usr/bin/tini', comment: 'tini as PID 1 (--init tini): it forwards signals and reaps zombies (R2).' });
  if (runtime === 'scratch') copies.push({ from: 'build', sources: ['/rootfs/'], dest: '/' });
  copies.push({ from: 'build', sources: [binary], dest: binary, comment: 'The binary is all the image holds (R10); owned by root, so the app cannot change it (R14).' });
  if (runtime === 'scratch') {
    return { image, comment: ['scratch is empty: CA certificates, a passwd entry for the numeric user and a writable /tmp', 'come from the build stage. No shell, no package manager (R13).'], copies };
  }
  if (runtime === 'debian') {
    return {
      image,
      comment: ['Debian slim: glibc, and a shell for debugging. CA certificates and time zones for the app;', 'a system user with the same ids as distroless\'s nonroot (R14).'],
      setup: {
        parts: [
          ...aptInstall(['ca-certificates', 'tzdata', ...(tini ? ['tini'] : [])]).parts,
          `&& groupadd --system --gid ${NONROOT} nonroot`,
          `&& useradd --system --uid ${NONROOT} --gid nonroot --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin nonroot`,
        ],
      },
      copies,
    };
  }
  return {
    image,
    comment: [`distroless ${cgo ? 'cc (glibc, libgcc, libstdc++)' : 'static'}: CA certificates, time zones and the nonroot user (65532),`, 'no shell and no package manager (R11, R13).'],
    copies,
  };
}

function scratchRootfs(): RunStep {
  return {
    parts: [
      'mkdir -p /rootfs/etc/ssl/certs /rootfs/tmp',
      '&& chmod 1777 /rootfs/tmp',
      '&& cp /etc/ssl/certs/ca-certificates.crt /rootfs/etc/ssl/certs/',
      `&& echo 'nonroot:x:${NONROOT}:${NONROOT}:nonroot:/nonexistent:/sbin/nologin' > /rootfs/etc/passwd`,
      `&& echo 'nonroot:x:${NONROOT}:' > /rootfs/etc/group`,
    ],
  };
}


function modulelessDecision(mode: ModulelessMode, importPath: Fact<string>): string {
  const as = `as ${importPath.value} (${importPath.evidence.source === 'default' ? 'nothing names its import path' : describeEvidence(importPath.evidence)})`;
  if (mode === 'gopath') return `GOPATH mode with vendor/, ${as}`;
  return mode === 'tidy' ? `go mod init && go mod tidy (newest versions), ${as}` : `go mod init (standard library only), ${as}`;
}

function notes(facts: GoFacts, downloads: boolean, vendored: boolean): string[] {
  const out: string[] = [];
  const moduleless = facts.moduleless?.value;
  const importPath = facts.importPath;
  if (moduleless === 'gopath' && importPath) out.push(`No go.mod: the project is built in GOPATH mode as ${importPath.value}${importPath.evidence.source === 'default' ? ' (nothing in it names its import path)' : ` (${describeEvidence(importPath.evidence)})`}.`);
  else if (moduleless && importPath) out.push(`No go.mod: the build creates one (\`go mod init ${importPath.value}\`); commit your own to pin the module path${moduleless === 'tidy' ? ', the Go version and the dependencies' : ' and the Go version'}.`);
  if (!downloads && !vendored && !moduleless) out.push('The module requires nothing: there is no download step.');
  for (const module of facts.modules) {
    if (downloads && module.requires > 0 && !module.hasGoSum) out.push(`${module.dir ? `${module.dir}/` : ''}go.mod has no go.sum: downloads are not verified and the build fails until go.sum is committed (R9).`);
  }
  return out;
}
