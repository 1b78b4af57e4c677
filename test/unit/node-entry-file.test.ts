import { describe, expect, it } from 'vitest';
import { generate } from '../../src/core.js';
import { MemoryFs } from '../../src/detect/fs.js';
import { entryWillExist } from '../../src/detect/node/entry-file.js';
import type { PackageJson } from '../../src/detect/node/package-json.js';
import type { NodePlan } from '../../src/plan/types.js';

const pkg = (fields: Partial<PackageJson> = {}): PackageJson => ({ scripts: {}, dependencies: {}, devDependencies: {}, optionalDependencies: {}, engines: {}, ...fields });
const project = (json: object, extra: Record<string, string> = {}) => ({ 'package.json': JSON.stringify(json), 'package-lock.json': '{}', ...extra });
const plan = (files: Record<string, string>) => generate(new MemoryFs(files), '/x/app', {}).plan as NodePlan;

describe('entryWillExist: the file a start command runs is there at start', () => {
  it('is true for a file in the project, with or without ./ and .js', () => {
    const fs = new MemoryFs({ 'server.js': '', 'lib/index.js': '' });
    expect(entryWillExist(fs, pkg(), './server.js')).toBe(true);
    expect(entryWillExist(fs, pkg(), 'server')).toBe(true);
    expect(entryWillExist(fs, pkg(), 'lib')).toBe(true);
  });

  it('is false for a missing file when there is no build script', () => {
    expect(entryWillExist(new MemoryFs({}), pkg(), 'foo.js')).toBe(false);
  });

  it('is true for a missing file the build writes: an output folder, tsconfig outDir, a TypeScript source, or named in the script', () => {
    const build = pkg({ scripts: { build: 'tsc' } });
    expect(entryWillExist(new MemoryFs({}), build, 'dist/server.js')).toBe(true);
    expect(entryWillExist(new MemoryFs({}), build, 'packages/api/dist/server.js')).toBe(true);
    expect(entryWillExist(new MemoryFs({}), build, 'packages/api/server.js')).toBe(false);
    expect(entryWillExist(new MemoryFs({ 'tsconfig.json': '{"compilerOptions":{"outDir":"compiled"}}' }), build, 'compiled/main.js')).toBe(true);
    expect(entryWillExist(new MemoryFs({ 'src/server.ts': '' }), build, 'server.js')).toBe(true);
    expect(entryWillExist(new MemoryFs({}), pkg({ scripts: { build: 'esbuild src/app.ts --outfile=app.js' } }), 'app.js')).toBe(true);
  });

  it('is false for a missing root file when the build script does not write it', () => {
    expect(entryWillExist(new MemoryFs({}), pkg({ scripts: { build: 'echo-cli "building"' } }), 'index.js')).toBe(false);
  });
});

describe('a start command whose file nobody writes is never used', () => {
  it('scripts.start running a missing file falls through to a conventional entry that exists', () => {
    const result = plan(project({ name: 'a', scripts: { start: 'node foo.js' } }, { 'server.js': 'require("http").createServer().listen(process.env.PORT)' }));
    expect(JSON.parse(result.cmd)).toEqual(['node', 'server.js']);
    expect(result.warnings.join('\n')).toMatch(/scripts\.start runs foo\.js, which is not in the project/);
  });

  it('with nothing else to run, the refusal names the missing file and where it was named', () => {
    expect(() => plan(project({ name: 'a', scripts: { start: 'node foo.js' } }))).toThrow(/scripts\.start runs foo\.js, which is not in the project \(and there is no build script to make it\)/);
    expect(() => plan(project({ name: 'a', main: 'index.js', scripts: { build: 'echo-cli hi' } }))).toThrow(/package\.json main runs index\.js, which is not in the project and not something the build script writes/);
  });

  it('a main the build compiles is still the entry', () => {
    const result = plan(project({ name: 'a', main: 'dist/index.js', scripts: { build: 'tsc' } }, { 'src/index.ts': '' }));
    expect(JSON.parse(result.cmd)).toEqual(['node', 'dist/index.js']);
  });
});
