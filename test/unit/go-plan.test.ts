import { DockerfileParser } from 'dockerfile-ast';
import { describe, expect, it } from 'vitest';
import { generate } from '../../src/core.js';
import { MemoryFs } from '../../src/detect/fs.js';
import { DockgenError, MissingValueError } from '../../src/errors.js';
import { parseGenerateFlags, type RawGenerateFlags } from '../../src/options.js';
import type { GoPlan } from '../../src/plan/types.js';
import { baseImages, checkDockerfile } from '../helpers/dockerfile-checks.js';

const service = 'package main\nimport ("net/http"; "os")\nfunc main() { http.ListenAndServe(":"+os.Getenv("PORT"), nil) }\n';
const project = { 'go.mod': 'module github.com/acme/api\n\ngo 1.26\n\nrequire github.com/go-chi/chi/v5 v5.2.3\n', 'go.sum': '', 'main.go': service };

function run(files: Record<string, string>, flags: RawGenerateFlags = {}, dir = '/tmp/api') {
  const generation = generate(new MemoryFs(files), dir, parseGenerateFlags(flags));
  const dockerfile = generation.files[0]!.content;
  const instructions = DockerfileParser.parse(dockerfile).getInstructions();
  const find = (keyword: string) => instructions.filter((i) => i.getKeyword() === keyword).map((i) => i.getArgumentsContent() ?? '');
  return { plan: generation.plan as GoPlan, dockerfile, find, ignore: generation.files[1]!.content };
}

describe('the Go Dockerfile', () => {
  it('downloads modules from the manifests before the source, then cross-compiles a static binary', () => {
    const { dockerfile, find } = run(project);
    expect(checkDockerfile(dockerfile)).toEqual([]);
    expect(baseImages(dockerfile)).toEqual(['golang:1.26.10-trixie', 'gcr.io/distroless/static-debian13:nonroot']);
    expect(dockerfile).toMatch(/^FROM --platform=\$BUILDPLATFORM golang:\$\{GO_VERSION\}-trixie AS build$/m);
    const copies = find('COPY');
    expect(copies.slice(0, 2)).toEqual(['go.mod go.sum ./', '. .']);
    const runs = find('RUN');
    expect(runs[0]).toBe('go mod download');
    // A GOPROXY passed as a build argument, credentials from the netrc build secret (README: package mirrors).
    expect(dockerfile).toContain('ARG GOPROXY\nRUN --mount=type=cache,target=/go/pkg/mod \\\n    --mount=type=secret,id=netrc,target=/root/.netrc \\\n    go mod download\n');
    expect(dockerfile).toContain('RUN --mount=type=cache,target=/go/pkg/mod \\\n    --mount=type=cache,target=/root/.cache/go-build \\\n');
    expect(runs[1]).toMatch(/CGO_ENABLED=0 GOOS=\$TARGETOS GOARCH=\$TARGETARCH\s+go build -trimpath -ldflags="-s -w" -o \/usr\/local\/bin\/api \.$/);
    expect(find('ARG')).toEqual(['GO_VERSION=1.26.10', 'GOPROXY', 'TARGETOS', 'TARGETARCH']);
    expect(find('USER')).toEqual(['65532:65532']);
    expect(find('ENV')).toEqual(['PORT=8080']);
    expect(find('EXPOSE')).toEqual(['8080']);
    expect(find('ENTRYPOINT')).toEqual(['["/usr/local/bin/api"]']);
    expect(find('CMD')).toEqual([]);
    expect(dockerfile).not.toMatch(/^# syntax=|<<|--link/m);
  });

  it('honours --go-version, --port and --main, and refuses a version older than go.mod', () => {
    const files = { ...project, 'cmd/tool/main.go': 'package main\nfunc main() {}\n' };
    expect(() => run(files, { goVersion: '1.25', port: '9000', main: 'cmd/tool/' })).toThrow(
      expect.objectContaining({ message: expect.stringMatching(/--go-version 1.25 \(Go 1.25.14\) is older than go.mod go .*"1.26", the minimum the module needs: the build would fail/), hint: 'Pass --go-version 1.26 or newer, or leave it out to use the go line.' }),
    );
    const { plan, find } = run(files, { goVersion: '1.27', port: '9000', main: 'cmd/tool/' });
    expect(plan.args[0]!.value).toBe('1.27.3');
    expect(find('EXPOSE')).toEqual(['9000']);
    expect(find('ENV')).toEqual(['PORT=9000']);
    expect(find('RUN').at(-1)).toMatch(/-o \/usr\/local\/bin\/tool \.\/cmd\/tool$/);
  });

  it('picks among several mains by one rule: serves, named like the module or folder, conventional folder, root', () => {
    const tool = 'package main\nfunc main() {}\n';
    const pick = (files: Record<string, string>, dir?: string) => run(files, {}, dir).plan.decisions.find((d) => d.topic === 'main package');
    // The only one that serves wins over the one named like the module (a CLI).
    const mod = (name: string) => `module github.com/acme/${name}\ngo 1.26\n`;
    expect(pick({ 'go.mod': mod('orders'), 'cmd/orders/main.go': tool, 'cmd/server/main.go': service })).toMatchObject({ value: './cmd/server (binary server)', evidence: { value: 'it serves on a port' } });
    // Among servers: the one named like the module, then like the project folder.
    expect(pick({ 'go.mod': mod('orders'), 'cmd/orders/main.go': service, 'cmd/admin/main.go': service, 'cmd/migrate/main.go': tool })?.evidence.value).toBe('it serves on a port; it is named like the module or folder (orders, api)');
    expect(pick({ 'go.mod': mod('platform'), 'cmd/billing/main.go': service, 'cmd/admin/main.go': service }, '/work/billing')?.value).toBe('./cmd/billing (binary billing)');
    // Then the conventional service folders, in order; a main outside cmd/ counts too.
    expect(pick({ 'go.mod': mod('platform'), 'cmd/app/main.go': service, 'cmd/server/main.go': service, 'cmd/admin/main.go': service }, '/w/x')?.value).toBe('./cmd/server (binary server)');
    expect(pick({ 'go.mod': mod('platform'), 'server/main.go': service, 'cmd/admin/main.go': service }, '/w/x')?.value).toBe('./server (binary server)');
    // A go.work whose modules are all programs follows the same rule.
    const work = { 'go.work': 'go 1.23\nuse (\n\t./api\n\t./worker\n\t./web\n)\n', 'api/go.mod': 'module example.com/api\ngo 1.23\n', 'worker/go.mod': 'module example.com/worker\ngo 1.23\n', 'web/go.mod': 'module example.com/web\ngo 1.23\n' };
    expect(pick({ ...work, 'api/main.go': service, 'worker/main.go': tool, 'web/main.go': tool }, '/w/shop')?.value).toBe('./api (binary api)');
    expect(pick({ ...work, 'api/main.go': service, 'worker/main.go': tool, 'web/main.go': service }, '/w/shop')?.evidence.value).toBe('it serves on a port; the first conventional service folder (cmd/server, cmd/api, cmd/app, server, api, app)');
    expect(pick({ ...work, 'api/main.go': service, 'worker/main.go': tool, 'web/main.go': service }, '/w/web')?.value).toBe('./web (binary web)');
  });

  it('warns with the others and --main, and asks for --main only when the rule cannot decide', () => {
    const renamed = { 'go.mod': 'module github.com/acme/platform\ngo 1.26\n', 'cmd/orders/main.go': service, 'cmd/migrate/main.go': 'package main\nfunc main() {}\n' };
    const picked = run(renamed).plan;
    expect(picked.warnings.join('\n')).toMatch(/Building \.\/cmd\/orders \(it serves on a port\); the image does not contain \.\/cmd\/migrate\. Pass --main \(e\.g\. --main \.\/cmd\/migrate\)/);
    // Two servers and nothing to tell them apart: a question (or --main).
    const ambiguous = { ...renamed, 'cmd/migrate/main.go': service };
    const error = (() => {
      try {
        run(ambiguous);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(MissingValueError);
    expect((error as MissingValueError).flag).toBe('--main');
    expect((error as MissingValueError).choices).toEqual(['./cmd/migrate', './cmd/orders']);
    expect((error as Error).message).toMatch(/several main packages \(\.\/cmd\/migrate, \.\/cmd\/orders\) and nothing tells which one the image should run: all serve on a port/);
    expect(() => run(ambiguous, { main: './cmd/nope' })).toThrow(/--main \.\/cmd\/nope is not a main package/);
    expect(run(ambiguous, { main: './cmd/migrate' }).plan.warnings.join()).not.toMatch(/does not contain/);
    // Only examples and tools: a library, and the error offers them.
    expect(() => run({ 'go.mod': 'module example.com/lib\n', 'lib.go': 'package lib\n', 'examples/demo/main.go': service })).toThrow(/Found no main package .* \(only in example, tool, test or internal folders: \.\/examples\/demo\)/);
  });

  it('says which Go is used and why, in the ARG comment and --explain', () => {
    const comment = (files: Record<string, string>) => run(files).plan.args[0]!.comment;
    const mod = (lines: string) => ({ 'go.mod': `module example.com/x\n${lines}\n`, 'main.go': service });
    expect(comment(mod('go 1.18'))).toMatch(/^Go 1\.27\.3: go.mod go \(line 2\) = "1.18" is only a minimum \(a language level before Go 1.21\) and nothing pins a Go \(toolchain line, .go-version, .tool-versions, mise.toml\): the newest stable line \(dockgen's table, [\d-]+\)$/);
    expect(comment(mod('go 1.26'))).toMatch(/^Go 1\.26\.10: go.mod go \(line 2\) = "1.26" is only a minimum and nothing pins a Go .*: the line's newest patch/);
    expect(comment(mod('go 1.22\ntoolchain go1.26.4'))).toBe('Go 1.26.4: go.mod toolchain (line 3) = "go1.26.4", which the go command itself switches to: that release');
    expect(comment({ ...mod('go 1.22'), '.tool-versions': 'golang 1.26\n' })).toMatch(/^Go 1\.26\.10: .tool-versions line 1 = "1.26": the line's newest patch/);
    expect(comment({ 'main.go': service })).toMatch(/^Go 1\.27\.3: no go.mod, and nothing pins a Go \(.go-version, .tool-versions, mise.toml\): the newest stable line/);
    expect(run(mod('go 1.18')).plan.decisions.find((d) => d.topic === 'Go version')).toMatchObject({ value: '1.27.3', why: expect.stringMatching(/^go.mod go \(line 2\) = "1.18" is only a minimum/) });
  });

  it('warns where a port below 1024 works for the non-root user', () => {
    const low = run({ 'go.mod': 'module example.com/web\ngo 1.26\n', 'main.go': 'package main\nfunc main() { http.ListenAndServe(":80", nil) }\n' });
    expect(low.find('EXPOSE')).toEqual(['80']);
    const warning = low.plan.warnings.find((w) => w.includes('below 1024'));
    expect(warning).toMatch(/port 80 \(main.go line 2 = ":80"\), below 1024, and the image runs as UID 65532/);
    expect(warning).toMatch(/Docker 20.10 and later, which sets net.ipv4.ip_unprivileged_port_start=0/);
    expect(warning).toMatch(/securityContext.sysctls/);
    expect(run(project, { port: '443' }).plan.warnings.join()).toMatch(/port 443 \(--port = "443"\), below 1024/);
    expect(run(project).plan.warnings.join()).not.toMatch(/below 1024/);
  });

  it('vendored: -mod=vendor, no download, and vendor/ stays in the context', () => {
    const { find, ignore } = run({ ...project, 'vendor/modules.txt': '# github.com/go-chi/chi/v5 v5.2.3\n## explicit\ngithub.com/go-chi/chi/v5\n' });
    expect(find('RUN')).toHaveLength(1);
    expect(find('RUN')[0]).toMatch(/go build -trimpath -mod=vendor /);
    expect(find('RUN')[0]).not.toMatch(/pkg\/mod/);
    expect(ignore.split('\n')).not.toContain('vendor');
  });

  it('cgo: no cross-compilation, distroless/cc by default, debian with a created user, scratch refused', () => {
    const cgo = { ...project, 'go.mod': 'module github.com/acme/api\ngo 1.26\nrequire github.com/mattn/go-sqlite3 v1.14.32\n' };
    const distroless = run(cgo);
    expect(checkDockerfile(distroless.dockerfile)).toEqual([]);
    expect(distroless.dockerfile).toMatch(/^FROM golang:\$\{GO_VERSION\}-trixie AS build$/m);
    expect(distroless.find('FROM')[1]).toBe('gcr.io/distroless/cc-debian13:nonroot AS runtime');
    expect(distroless.find('RUN').at(-1)).toMatch(/CGO_ENABLED=1\s+go build/);
    // No TARGETOS/TARGETARCH: cgo builds for the build machine's platform (GOPROXY is the mirror argument).
    expect(distroless.find('ARG')).toEqual(['GO_VERSION=1.26.10', 'GOPROXY']);
    const debian = run(cgo, { runtime: 'debian', init: 'tini' });
    expect(checkDockerfile(debian.dockerfile)).toEqual([]);
    expect(debian.find('FROM')[1]).toBe('debian:trixie-slim AS runtime');
    expect(debian.find('RUN').at(-1)).toMatch(/apt-get install -y --no-install-recommends ca-certificates tzdata tini[\s\S]*useradd --system --uid 65532/);
    expect(debian.find('ENTRYPOINT')).toEqual(['["/usr/bin/tini", "--", "/usr/local/bin/api"]']);
    expect(() => run(cgo, { runtime: 'scratch' })).toThrow(/cannot run on scratch/);
  });

  it('scratch: certificates, passwd and /tmp from the build stage; tzdata embedded; tini copied static', () => {
    const { dockerfile, find } = run(project, { runtime: 'scratch', init: 'tini' });
    expect(checkDockerfile(dockerfile)).toEqual([]);
    expect(dockerfile).toMatch(/^FROM --platform=\$BUILDPLATFORM golang:/m);
    expect(find('FROM')).toEqual([
      'golang:${GO_VERSION}-trixie AS build',
      'debian:trixie-slim AS tini',
      'scratch AS runtime',
    ]);
    expect(find('RUN')[0]).toMatch(/ca-certificates.crt[\s\S]*nonroot:x:65532:65532[\s\S]*\/rootfs\/etc\/group/);
    expect(find('RUN').join('\n')).toMatch(/-tags timetzdata/);
    expect(dockerfile).toMatch(/^COPY --from=tini \/usr\/bin\/tini-static \/usr\/bin\/tini$/m);
    expect(dockerfile).toMatch(/^COPY --from=build \/rootfs\/ \/$/m);
  });

  it('a worker gets no port; a module without requirements no download; no go.mod gets go mod init', () => {
    const worker = run({ 'go.mod': 'module example.com/reaper\ngo 1.27\n', 'main.go': 'package main\nfunc main() { for {} }\n' });
    expect(worker.find('EXPOSE')).toEqual([]);
    expect(worker.find('ENV')).toEqual([]);
    expect(worker.find('RUN')).toHaveLength(1);
    expect(worker.plan.notes).toEqual(['The module requires nothing: there is no download step.']);
    const bare = run({ 'main.go': 'package main\nimport "fmt"\nfunc main() { fmt.Println() }\n' });
    expect(bare.find('RUN')[0]).toMatch(/go mod init app\s+&& CGO_ENABLED=0 GOOS=\$TARGETOS GOARCH=\$TARGETARCH go build .* -o \/usr\/local\/bin\/app \.$/);
    expect(bare.plan.warnings.join()).toMatch(/There is no go.mod/);
  });

  it('a go.work workspace copies each module\'s manifests to its folder before the download', () => {
    const { find } = run({
      'go.work': 'go 1.26\nuse ./svc\nuse ./lib\n',
      'svc/go.mod': 'module example.com/svc\ngo 1.26\nrequire github.com/go-chi/chi/v5 v5.2.3\n',
      'svc/go.sum': '',
      'svc/main.go': service,
      'lib/go.mod': 'module example.com/lib\ngo 1.26\n',
    });
    expect(find('COPY').slice(0, 4)).toEqual(['go.work ./', 'svc/go.mod svc/go.sum ./svc/', 'lib/go.mod ./lib/', '. .']);
    expect(find('RUN').at(-1)).toMatch(/-o \/usr\/local\/bin\/svc \.\/svc$/);
  });

  it('reports a malformed go.mod with the file and line', () => {
    expect(() => run({ 'go.mod': 'module x\ngo one.two\n', 'main.go': service })).toThrow(DockgenError);
    expect(() => run({ 'go.mod': 'module x\ngo one.two\n', 'main.go': service })).toThrow(/go.mod line 2/);
  });
});
