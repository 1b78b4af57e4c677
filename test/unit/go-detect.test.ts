import { describe, expect, it } from 'vitest';
import { MemoryFs } from '../../src/detect/fs.js';
import { detectGo } from '../../src/detect/go/index.js';
import { moduleBaseName, parseGoMod, parseGoWork } from '../../src/detect/go/gomod.js';
import { buildsOnLinux, parseGoFile } from '../../src/detect/go/source.js';
import { detectProject } from '../../src/detect/index.js';
import { DockgenError } from '../../src/errors.js';

const detect = (files: Record<string, string>) => detectGo(new MemoryFs(files));
const mainGo = (body = '') => `package main\n\nfunc main() {\n${body}\n}\n`;

describe('go.mod', () => {
  it('reads module, go, toolchain and require blocks with comments and quotes', () => {
    const mod = parseGoMod(
      [
        '// Billing service',
        'module "github.com/acme/billing/v2" // quoted paths are legal',
        '',
        'go 1.22.3',
        'toolchain go1.23.4',
        'godebug default=go1.21',
        'require github.com/go-chi/chi/v5 v5.2.3',
        'require (',
        '\tgithub.com/jackc/pgx/v5 v5.7.6',
        '\tgolang.org/x/text v0.30.0 // indirect',
        ')',
        'replace example.com/lib => ./lib',
        'replace example.com/old v1.0.0 => example.com/new v1.1.0',
        'exclude golang.org/x/net v0.1.0',
        'retract [v2.0.0, v2.0.5]',
        'tool golang.org/x/tools/cmd/stringer',
      ].join('\n'),
      'go.mod',
    );
    expect(mod.module).toBe('github.com/acme/billing/v2');
    expect(mod.go).toEqual({ version: '1.22.3', line: 4 });
    expect(mod.toolchain).toEqual({ version: 'go1.23.4', line: 5 });
    expect(mod.requires).toEqual([
      { path: 'github.com/go-chi/chi/v5', version: 'v5.2.3', indirect: false },
      { path: 'github.com/jackc/pgx/v5', version: 'v5.7.6', indirect: false },
      { path: 'golang.org/x/text', version: 'v0.30.0', indirect: true },
    ]);
    expect(mod.localReplaces).toEqual([{ path: 'example.com/lib', dir: './lib' }]);
  });

  it('ignores `toolchain default` and names the module after its last path element', () => {
    expect(parseGoMod('module x\ngo 1.21\ntoolchain default\n', 'go.mod').toolchain).toBeUndefined();
    expect(moduleBaseName('github.com/acme/api/v3')).toBe('api');
    expect(moduleBaseName('gopkg.in/yaml.v3')).toBe('yaml');
    expect(moduleBaseName('hello')).toBe('hello');
  });

  it.each([
    ['no module line', 'go 1.22\n', /no module directive/],
    ['an unknown directive', 'module x\ngoversion 1.22\n', /line 2: unknown directive "goversion"/],
    ['a bad go version', 'module x\ngo 1.22.x\n', /line 2: "go 1.22.x" is not a Go version/],
    ['an unclosed block', 'module x\nrequire (\n\ta v1.0.0\n', /line 2: the "require \(" block is never closed/],
    ['a require without a version', 'module x\nrequire example.com/a\n', /line 2: require needs a module path and a version/],
    ['an unterminated string', 'module "x\n', /line 1: a quoted string is not closed/],
  ])('refuses %s with the file and line', (_, text, message) => {
    expect(() => parseGoMod(text, 'go.mod')).toThrow(DockgenError);
    expect(() => parseGoMod(text, 'go.mod')).toThrow(message);
  });

  it('reads go.work use lines, single and in blocks', () => {
    const work = parseGoWork('go 1.24\n\nuse ./api\nuse (\n\t./shared // library\n\t"./tools"\n)\n', 'go.work');
    expect(work.uses).toEqual(['./api', './shared', './tools']);
    expect(work.go?.version).toBe('1.24');
  });
});

describe('Go source', () => {
  it('finds the package clause and imports, not mentions in comments or strings', () => {
    const file = parseGoFile([
      '// Copyright; import "C" in a comment is not cgo',
      '//go:build linux && !appengine',
      '',
      '/* package fake */ package main',
      'import "fmt"',
      'import (',
      '\tlog "log/slog"',
      '\t_ "embed"',
      '\t. "strings"',
      ')',
      'var s = `import "C"`',
    ].join('\n'));
    expect(file.packageName).toBe('main');
    expect(file.constraint).toBe('linux && !appengine');
    expect(file.imports).toEqual(['fmt', 'log/slog', 'embed', 'strings']);
  });

  it('evaluates build constraints and file-name suffixes for a Linux build', () => {
    expect(buildsOnLinux('main.go', undefined)).toBe(true);
    expect(buildsOnLinux('gen.go', 'ignore')).toBe(false);
    expect(buildsOnLinux('x_windows.go', undefined)).toBe(false);
    expect(buildsOnLinux('x_darwin_arm64.go', undefined)).toBe(false);
    expect(buildsOnLinux('x_linux_amd64.go', undefined)).toBe(true);
    expect(buildsOnLinux('x_amd64.go', undefined)).toBe(true);
    expect(buildsOnLinux('x_s390x.go', undefined)).toBe(false);
    expect(buildsOnLinux('x.go', 'darwin || (linux && go1.21)')).toBe(true);
    expect(buildsOnLinux('x.go', 'integration')).toBe(false);
    expect(parseGoFile('// +build !windows,!plan9\n\npackage main\n').constraint).toBe('((!windows && !plan9))');
  });
});

describe('main packages', () => {
  it('builds the root package when it is package main, named after the module', () => {
    const facts = detect({ 'go.mod': 'module github.com/acme/hello\ngo 1.24\n', 'main.go': mainGo() });
    expect(facts.mains.map((m) => [m.path, m.name, m.namedLikeModule])).toEqual([['.', 'hello', true]]);
    expect(facts.name).toBe('hello');
  });

  it('finds mains at the root, in cmd/… and other folders; examples and tools only for --main', () => {
    const facts = detect({
      'go.mod': 'module github.com/acme/orders\ngo 1.24\n',
      'orders.go': 'package orders\n',
      'gen.go': '//go:build ignore\n\npackage main\n\nfunc main() {}\n',
      'cmd/orders/main.go': mainGo(),
      'cmd/orders/main_test.go': 'package main_test\n',
      'cmd/lib/lib.go': 'package lib\n',
      'server/main.go': mainGo(),
      'services/billing/main.go': mainGo(),
      'examples/demo/main.go': mainGo(),
      'internal/tools/gen/main.go': mainGo(),
      'vendor/example.com/x/main.go': mainGo(),
      'node_modules/x/main.go': mainGo(),
      'testdata/main.go': mainGo(),
      '.git/main.go': mainGo(),
      '_old/main.go': mainGo(),
      'nested/go.mod': 'module example.com/nested\n',
      'nested/main.go': mainGo(),
    });
    expect(facts.mains.map((m) => m.path)).toEqual(['./cmd/orders', './server', './services/billing']);
    expect(facts.otherMains.map((m) => m.path)).toEqual(['./examples/demo', './internal/tools/gen']);
  });

  it('names a main package in cmd/ itself after the module', () => {
    const facts = detect({ 'go.mod': 'module example.com/package\n', 'cmd/main.go': mainGo() });
    expect(facts.mains.map((m) => [m.path, m.name])).toEqual([['./cmd', 'package']]);
  });

  it('detects cgo from import "C" in a package the main imports, but not behind a cgo tag', () => {
    const base = { 'go.mod': 'module example.com/app\ngo 1.24\n', 'main.go': 'package main\nimport "example.com/app/internal/hash"\nfunc main() { hash.Sum() }\n' };
    const cgo = detect({ ...base, 'internal/hash/hash.go': 'package hash\n\n// #include <zlib.h>\nimport "C"\nfunc Sum() {}\n' });
    expect(cgo.mains[0]!.cgo).toEqual({ source: 'internal/hash/hash.go', field: 'import', value: 'C' });
    const optional = detect({ ...base, 'internal/hash/hash_cgo.go': '//go:build cgo\n\npackage hash\nimport "C"\nfunc Sum() {}\n' });
    expect(optional.mains[0]!.cgo).toBeUndefined();
  });

  it('detects cgo from a cgo-only dependency in go.mod, even an indirect one', () => {
    const facts = detect({
      'go.mod': 'module example.com/app\ngo 1.24\nrequire (\n\tgorm.io/driver/sqlite v1.6.0\n\tgithub.com/mattn/go-sqlite3 v1.14.32 // indirect\n)\n',
      'go.sum': '',
      'main.go': 'package main\nimport _ "gorm.io/driver/sqlite"\nfunc main() {}\n',
    });
    expect(facts.mains[0]!.cgo).toEqual({ source: 'go.mod', field: 'require', value: 'github.com/mattn/go-sqlite3 v1.14.32' });
    expect(detect({ 'go.mod': 'module x\ngo 1.24\nrequire modernc.org/sqlite v1.40.0\n', 'go.sum': '', 'main.go': mainGo() }).mains[0]!.cgo).toBeUndefined();
  });

  it('follows vendored packages for cgo, and keeps -mod=vendor facts', () => {
    const facts = detect({
      'go.mod': 'module example.com/app\ngo 1.24\nrequire github.com/acme/zlib v1.0.0\n',
      'vendor/modules.txt': '# github.com/acme/zlib v1.0.0\n## explicit\ngithub.com/acme/zlib\n',
      'vendor/github.com/acme/zlib/zlib.go': 'package zlib\nimport "C"\n',
      'main.go': 'package main\nimport "github.com/acme/zlib"\nfunc main() {}\n',
    });
    expect(facts.vendor?.value).toBe('vendor');
    expect(facts.mains[0]!.cgo?.source).toBe('vendor/github.com/acme/zlib/zlib.go');
    expect(facts.warnings).toEqual([]);
  });
});

describe('code without go.mod', () => {
  it('builds the standard library only with go mod init', () => {
    const bare = detect({ 'main.go': 'package main\nimport "fmt"\nfunc main() { fmt.Println() }\n' });
    expect(bare.moduleless?.value).toBe('init');
    expect(bare.importPath).toMatchObject({ value: 'app', evidence: { source: 'default' } });
    expect(bare.mains[0]!.name).toBe('app');
    expect(bare.warnings.join()).toMatch(/module named "app"/);
  });

  it('resolves imports without vendor/ with go mod tidy, and says nothing pins them', () => {
    const facts = detect({ 'main.go': 'package main\nimport "github.com/a/b"\nfunc main() { b.Run() }\n' });
    expect(facts.moduleless).toMatchObject({ value: 'tidy', evidence: { source: '.', field: 'imports', value: 'github.com/a/b' } });
    expect(facts.warnings.join()).toMatch(/go mod init app && go mod tidy`, which downloads the newest version of github.com\/a\/b; nothing pins/);
  });

  it('builds a GOPATH-era vendor/ in GOPATH mode, and refuses imports vendor/ lacks', () => {
    const files = {
      'main.go': 'package main\nimport "golang.org/x/text/unicode/norm"\nfunc main() { _ = norm.MaxSegmentSize }\n',
      'vendor/golang.org/x/text/unicode/norm/iter.go': 'package norm\nconst MaxSegmentSize = 10\n',
    };
    const facts = detect(files);
    expect(facts.moduleless?.value).toBe('gopath');
    expect(facts.vendor).toBeUndefined();
    expect(facts.mains[0]!.externalImports).toEqual([]);
    expect(facts.warnings.join()).toMatch(/GOPATH mode \(GO111MODULE=off\)/);
    const missing = { ...files, 'main.go': 'package main\nimport ("golang.org/x/text/unicode/norm"; "github.com/a/b")\nfunc main() {}\n' };
    expect(() => detect(missing)).toThrow(/vendor\/ does not contain github.com\/a\/b/);
  });

  it('reads the import path from an import comment, Godeps.json, glide.yaml or imports of its own folders', () => {
    const path = (files: Record<string, string>) => detect(files).importPath;
    const uses = 'package main\nimport "github.com/acme/api/handlers"\nfunc main() { handlers.Run() }\n';
    const handlers = { 'handlers/h.go': 'package handlers\nfunc Run() {}\n' };
    expect(path({ 'main.go': 'package main // import "github.com/acme/api"\nfunc main() {}\n' })).toMatchObject({ value: 'github.com/acme/api', evidence: { source: 'main.go' } });
    expect(path({ 'main.go': mainGo(), 'Godeps/Godeps.json': '{"ImportPath": "github.com/acme/old"}' })?.value).toBe('github.com/acme/old');
    expect(path({ 'main.go': mainGo(), 'glide.yaml': 'package: github.com/acme/glided\nimport: []\n' })?.value).toBe('github.com/acme/glided');
    const inferred = detect({ 'main.go': uses, ...handlers });
    expect(inferred.moduleless?.value).toBe('init');
    expect(inferred.importPath?.value).toBe('github.com/acme/api');
    // Its own package is local code, not a download.
    expect(inferred.mains[0]!.externalImports).toEqual([]);
    expect(inferred.mains[0]!.name).toBe('api');
    // A path that cannot go into a WORKDIR safely is not used.
    expect(path({ 'main.go': 'package main // import "x y/$(id)"\nfunc main() {}\n' })?.value).toBe('app');
  });
});

describe('port', () => {
  const service = (code: string) => detect({ 'go.mod': 'module example.com/svc\ngo 1.24\n', 'main.go': `package main\n${code}\n` }).mains[0]!;

  it('takes the PORT fallback over other literals', () => {
    const main = service('func main() {\n\tport := os.Getenv("PORT")\n\tif port == "" {\n\t\tport = "3000"\n\t}\n\thttp.ListenAndServe(":"+port, nil)\n}');
    expect(main.port?.value).toBe(3000);
    expect(main.port?.evidence).toEqual({ source: 'main.go', field: 'line 5', value: 'PORT fallback 3000' });
    expect(main.readsPort).toBeDefined();
  });

  it('reads cmp.Or fallbacks, address literals and flag defaults', () => {
    expect(service('func main() { http.ListenAndServe(":"+cmp.Or(os.Getenv("PORT"), "8081"), nil) }').port?.value).toBe(8081);
    expect(service('func main() { r.Run("0.0.0.0:9000") }').port?.value).toBe(9000);
    expect(service('var port = flag.Int("port", 7000, "listen port")\nfunc main() { net.Listen("tcp", fmt.Sprintf(":%d", *port)) }').port?.value).toBe(7000);
    const loopback = service('func main() { http.ListenAndServe("127.0.0.1:8080", nil) }');
    expect(loopback.port?.loopback).toBe(true);
  });

  it('reads a literal default that PORT replaces, through copies and other files of the package', () => {
    // microservices-demo's idioms: gRPC on a literal port, replaced from PORT when set.
    const grpc = service('func main() {\n\tport := "3550"\n\tif p := os.Getenv("PORT"); p != "" {\n\t\tport = p\n\t}\n\tlis, _ := net.Listen("tcp", ":"+port)\n\tgrpc.NewServer().Serve(lis)\n}');
    expect(grpc.port).toMatchObject({ value: 3550, evidence: { source: 'main.go', field: 'line 3', value: 'default port = "3550", replaced by PORT when set' } });
    expect(grpc.readsPort).toBeDefined();
    const split = detect({
      'go.mod': 'module example.com/checkout\n',
      'const.go': 'package main\nconst (\n\tlistenPort = "5050"\n\tusdCurrency = "USD"\n)\n',
      'main.go': 'package main\nfunc main() {\n\tport := listenPort\n\tif os.Getenv("PORT") != "" {\n\t\tport = os.Getenv("PORT")\n\t}\n\tlis, _ := net.Listen("tcp", fmt.Sprintf(":%s", port))\n\t_ = lis\n}\n',
    }).mains[0]!;
    expect(split.port).toMatchObject({ value: 5050, evidence: { source: 'const.go', field: 'line 3' } });
    // A default in a config package the main imports.
    const config = detect({
      'go.mod': 'module example.com/front\n',
      'internal/config/config.go': 'package config\nconst DefaultPort = "4000"\n',
      'main.go': 'package main\nimport "example.com/front/internal/config"\nfunc main() {\n\tsrvPort := config.DefaultPort\n\tif v := os.Getenv("PORT"); v != "" { srvPort = v }\n\thttp.ListenAndServe(":"+srvPort, nil)\n}\n',
    }).mains[0]!;
    expect(config.port?.value).toBe(4000);
  });

  it('reads port variables in listen calls and http.Server Addr, not in a client\'s options', () => {
    expect(service('const port = 9000\nfunc main() { http.ListenAndServe(fmt.Sprintf(":%d", port), nil) }').port?.value).toBe(9000);
    expect(service('const port = "6060"\nfunc main() {\n\taddr := ":" + port\n\thttp.ListenAndServe(addr, nil)\n}').port?.value).toBe(6060);
    expect(service('func main() {\n\tport := 5000\n\taddr := fmt.Sprintf(":%d", port)\n\tsrv := &http.Server{Addr: addr}\n\tsrv.ListenAndServe()\n}').port?.value).toBe(5000);
    expect(service('var listenAddr = ":7070"\nfunc main() { s := &http.Server{ReadTimeout: 5, Addr: listenAddr}; s.ListenAndServe() }').port?.value).toBe(7070);
    const client = service('func main() {\n\tredisAddr := "localhost:6379"\n\tdbPort := 5432\n\tc := redis.NewClient(&redis.Options{Addr: redisAddr})\n\tconnect(c, dbPort)\n}');
    expect(client.port).toBeUndefined();
    expect(client.serves).toBe(false);
  });

  it('knows gin\'s Run() default ($PORT, else 8080) and echo\'s Start', () => {
    const gin = service('import "github.com/gin-gonic/gin"\nfunc main() {\n\tr := gin.Default()\n\tr.Run()\n}');
    expect(gin.port).toMatchObject({ value: 8080, evidence: { value: "gin's Run() without an address: $PORT, else 8080" } });
    expect(gin.readsPort?.value).toMatch(/gin's Run\(\)/);
    expect(service('import "github.com/gin-gonic/gin"\nfunc main() { gin.Default().Run(":3000") }').port?.value).toBe(3000);
    // Run() of anything else is not a server.
    expect(service('func main() { cmd.Run() }').serves).toBe(false);
    const echo = service('import "github.com/labstack/echo/v4"\nfunc main() {\n\tport := "1323"\n\te := echo.New()\n\te.Logger.Fatal(e.Start(":" + port))\n}');
    expect(echo).toMatchObject({ serves: true, port: { value: 1323 } });
    expect(echo.readsPort).toBeUndefined();
  });

  it('does not take time layouts or client addresses for a port, and sees a worker as one', () => {
    const worker = service('func main() { t := time.Now().Format("15:04"); db := "db:5432"; redis := "localhost:6379"; _, _, _ = t, db, redis }');
    expect(worker.port).toBeUndefined();
    expect(worker.serves).toBe(false);
    expect(service('func main() { srv := &http.Server{Addr: addr}; srv.ListenAndServe() }').serves).toBe(true);
  });
});

describe('workspaces, version sources and errors', () => {
  it('reads every used module of a go.work and copies their manifests', () => {
    const facts = detect({
      'go.work': 'go 1.24\nuse (\n\t./api\n\t./lib\n)\n',
      'go.work.sum': '',
      'api/go.mod': 'module example.com/api\ngo 1.24\nrequire github.com/go-chi/chi/v5 v5.2.3\n',
      'api/go.sum': '',
      'api/main.go': 'package main\nimport "example.com/lib/v"\nfunc main() { _ = v.V }\n',
      'lib/go.mod': 'module example.com/lib\ngo 1.23\n',
      'lib/v/v.go': 'package v\nimport "C"\nconst V = 1\n',
    });
    expect(facts.workspace?.value).toEqual(['api', 'lib']);
    const tools = detect({ 'go.work': 'go 1.24\nuse ./api\nuse ./tools/lint\n', 'api/go.mod': 'module example.com/api\n', 'api/main.go': mainGo(), 'tools/lint/go.mod': 'module example.com/lint\n', 'tools/lint/main.go': mainGo() });
    expect([tools.mains.map((m) => m.path), tools.otherMains.map((m) => m.path)]).toEqual([['./api'], ['./tools/lint']]);
    expect(facts.manifests).toEqual(['go.work', 'go.work.sum', 'api/go.mod', 'api/go.sum', 'lib/go.mod']);
    expect(facts.mains.map((m) => m.path)).toEqual(['./api']);
    expect(facts.mains[0]!.cgo?.source).toBe('lib/v/v.go');
    expect(facts.goVersionSpec?.evidence.source).toBe('go.work');
  });

  it('prefers toolchain, then a version manager\'s pin that meets the go line\'s minimum, then the go line', () => {
    const spec = (files: Record<string, string>) => detect({ 'main.go': mainGo(), ...files }).goVersionSpec?.value;
    expect(spec({ 'go.mod': 'module x\ngo 1.22\ntoolchain go1.23.2\n', '.go-version': '1.24.0' })).toBe('go1.23.2');
    expect(spec({ 'go.mod': 'module x\ngo 1.18\n', '.tool-versions': 'golang 1.23.1\n' })).toBe('1.23.1');
    expect(spec({ 'go.mod': 'module x\ngo 1.22\n', 'mise.toml': '[tools]\ngo = "1.24"\n' })).toBe('1.24');
    // Older than the minimum: GOTOOLCHAIN=local would refuse it, so the go line wins, with a warning.
    const old = detect({ 'main.go': mainGo(), 'go.mod': 'module x\ngo 1.22\n', '.go-version': '1.21.0' });
    expect(old.goVersionSpec?.value).toBe('1.22');
    expect(old.warnings.join()).toMatch(/.go-version = "1.21.0" is older than go.mod go \(line 2\) = "1.22", the minimum/);
    expect(spec({ '.go-version': '1.21.0\n' })).toBe('1.21.0');
    expect(spec({ '.tool-versions': 'nodejs 22.1.0\ngolang 1.23.1\n' })).toBe('1.23.1');
  });

  it('copies a local replacement\'s go.mod, and warns about one outside the project', () => {
    const facts = detect({
      'go.mod': 'module example.com/app\ngo 1.24\nrequire example.com/lib v0.0.0\nreplace example.com/lib => ./third_party/lib\nreplace example.com/x => ../x\n',
      'go.sum': '',
      'third_party/lib/go.mod': 'module example.com/lib\n',
      'main.go': mainGo(),
    });
    expect(facts.manifests).toEqual(['go.mod', 'go.sum', 'third_party/lib/go.mod']);
    expect(facts.warnings.join('\n')).toMatch(/replaces example.com\/x with \.\.\/x, outside the project/);
  });

  it('warns when requirements have no go.sum', () => {
    expect(detect({ 'go.mod': 'module x\ngo 1.24\nrequire a.b/c v1.0.0\n', 'main.go': mainGo() }).warnings.join('\n')).toMatch(/no go.sum/);
  });
  it('leaves a Hugo Modules site (go.mod for themes, no Go code) to the static stack', () => {
    const site = { 'go.mod': 'module github.com/me/blog\ngo 1.24\nrequire github.com/theNewDynamic/gohugo-theme-ananke v2.9.0+incompatible\n', 'hugo.toml': 'title = "Blog"\n', 'content/_index.md': '# Hi\n' };
    expect(detectProject(new MemoryFs(site)).stack).toBe('static');
    expect(detectProject(new MemoryFs({ ...site, 'main.go': mainGo() })).stack).toBe('go');
  });

  it('is chosen over package.json and requirements.txt when go.mod is present', () => {
    const facts = detectProject(new MemoryFs({
      'go.mod': 'module x\ngo 1.24\n', 'main.go': mainGo(), 'package.json': '{"name":"tools"}', 'requirements.txt': 'mkdocs==1.6.1\n',
    }));
    expect(facts.stack).toBe('go');
    expect(facts.warnings[0]).toMatch(/also looks like a python project .* and a node project/);
  });
});
