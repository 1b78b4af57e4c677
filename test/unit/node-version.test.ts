import { describe, expect, it } from 'vitest';
import { MemoryFs } from '../../src/detect/fs.js';
import { readPackageJson } from '../../src/detect/node/package-json.js';
import { detectNodeVersionSpec } from '../../src/detect/node/version.js';
import { DockgenError } from '../../src/errors.js';
import { resolveNodeVersion } from '../../src/versions/resolve-node.js';
import { NODE_RELEASES } from '../../src/versions/node-releases.js';

const where = { source: '.nvmrc' };
const resolve = (spec: string) => resolveNodeVersion(spec, where).version;

describe('resolveNodeVersion', () => {
  it('resolves a major, a minor and ranges to the newest released patch that satisfies them', () => {
    expect(resolve('20')).toBe('20.20.2');
    expect(resolve('v22')).toBe('22.23.3');
    expect(resolve('^20.10')).toBe('20.20.2');
    expect(resolve('>=18 <23')).toBe('22.23.3');
    expect(resolve('^18 || ^20')).toBe('20.20.2');
    expect(resolve('22.11')).toBe(NODE_RELEASES.filter((v) => v.startsWith('22.11.')).at(-1));
  });

  it('keeps an exact released version exactly', () => {
    expect(resolve('20.10.0')).toBe('20.10.0');
    expect(resolve('v24.11.0')).toBe('24.11.0');
  });

  it('resolves nvm aliases', () => {
    expect(resolve('lts/*')).toBe('26.10.0');
    expect(resolve('lts/-1')).toBe('24.21.0');
    expect(resolve('lts/iron')).toBe('20.20.2');
    expect(resolve('lts/jod')).toBe('22.23.3');
    expect(resolve('lts/Krypton')).toBe('24.21.0');
    expect(resolve('node')).toBe(NODE_RELEASES.at(-1));
  });

  it('picks the Debian variant that exists for every release of the line', () => {
    expect(resolveNodeVersion('26', where).debian).toBe('trixie');
    expect(resolveNodeVersion('22.1.0', where).debian).toBe('bookworm');
  });

  it('warns about end-of-life lines, naming where the version came from', () => {
    const { warnings } = resolveNodeVersion('18', { source: 'package.json', field: 'engines.node', value: '18' });
    expect(warnings.join()).toMatch(/Node.js 18 reached end of life on 2025-04-30.*package.json engines.node/);
    expect(resolveNodeVersion('26', where).warnings).toEqual([]);
  });

  it('accepts an exact version newer than the table, with a warning', () => {
    const result = resolveNodeVersion('26.99.0', where);
    expect(result.version).toBe('26.99.0');
    expect(result.warnings.join()).toMatch(/newer than dockgen's release list/);
  });

  it.each([
    ['garbage', /not a version, a range or an nvm alias/],
    ['lts/unobtainium', /not a Node.js LTS codename/],
    ['>=99', /no released Node.js version satisfies it/],
    ['20.99.0', /not a released Node.js version/],
  ])('rejects %s with an error naming the file and the flag', (spec, why) => {
    let error: unknown;
    try {
      resolve(spec);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DockgenError);
    expect((error as DockgenError).message).toMatch(why);
    expect((error as DockgenError).message).toContain('.nvmrc');
    expect((error as DockgenError).hint).toContain('--node-version');
  });
});

describe('detectNodeVersionSpec', () => {
  const detect = (files: Record<string, string>) => {
    const fs = new MemoryFs({ 'package.json': '{"engines":{"node":">=20"}}', ...files });
    return detectNodeVersionSpec(fs, readPackageJson(fs)!);
  };

  it('follows the priority .nvmrc > .node-version > .tool-versions > mise.toml > engines.node', () => {
    const all = {
      '.nvmrc': '22\n',
      '.node-version': '20.1.0',
      '.tool-versions': 'python 3.12.1\nnodejs 18.20.0\n',
      'mise.toml': '[tools]\nnode = "24"\n',
    };
    expect(detect(all)?.value).toBe('22');
    expect(detect({ ...all, '.nvmrc': undefined! })?.evidence.source).toBe('.node-version');
    const { '.nvmrc': _a, '.node-version': _b, ...rest } = all;
    expect(detect(rest)).toMatchObject({ value: '18.20.0', evidence: { source: '.tool-versions', field: 'line 2' } });
    const { '.tool-versions': _c, ...miseOnly } = rest;
    expect(detect(miseOnly)).toMatchObject({ value: '24', evidence: { source: 'mise.toml' } });
    expect(detect({})).toMatchObject({ value: '>=20', evidence: { source: 'package.json', field: 'engines.node' } });
  });

  it('reads comments and blank lines in .nvmrc, and mise arrays and tables', () => {
    expect(detect({ '.nvmrc': '# pinned for prod\n\nlts/jod\n' })?.value).toBe('lts/jod');
    expect(detect({ '.mise.toml': '[tools]\nnode = ["22", "20"]\n' })?.value).toBe('22');
    expect(detect({ 'mise.toml': '[tools]\nnode = { version = "24.1.0" }\n' })?.value).toBe('24.1.0');
  });

  it('reports an empty .nvmrc and broken TOML clearly', () => {
    expect(() => detect({ '.nvmrc': '\n\n' })).toThrow(/\.nvmrc is empty/);
    expect(() => detect({ 'mise.toml': '[tools\nnode=' })).toThrow(/mise.toml is not valid TOML/);
  });
});
