import { describe, expect, it } from 'vitest';
import { DockgenError } from '../../src/errors.js';
import { DEFAULT_GO_MINOR, GO_LINES, defaultGoVersion, goDebian, resolveGoVersion } from '../../src/versions/go.js';

const goMod = { source: 'go.mod', field: 'go (line 3)' };
const resolve = (spec: string) => resolveGoVersion(spec, goMod);

describe('Go version resolution', () => {
  it('uses an exact version or toolchain name as given', () => {
    expect(resolve('1.22.3').version).toBe('1.22.3');
    expect(resolve('go1.26.4').version).toBe('1.26.4');
    expect(resolve('1.27.0').warnings).toEqual([]);
  });

  it('resolves a line to its newest known patch release', () => {
    expect(resolve('1.22').version).toBe('1.22.12');
    expect(resolve('1.27').version).toBe(GO_LINES[0]!.latest);
    expect(resolve('1.26.x').version).toBe('1.26.10');
  });

  it('warns about lines past their end of support, not about supported ones', () => {
    expect(resolve('1.21').warnings.join()).toMatch(/Go 1.21 .* no longer supported since 2024-08/);
    expect(resolve('1.26').warnings).toEqual([]);
  });

  it('builds pre-1.21 language levels with the default release', () => {
    const old = resolve('1.16');
    expect(old.version).toBe(defaultGoVersion());
    expect(old.how).toBe('language level');
    expect(resolve('1.22').how).toBe('newest patch');
    expect(resolve('1.22.3').how).toBe('exact');
    expect(old.warnings.join()).toMatch(/language level/);
  });

  it('uses a newer patch of a known line with a warning, and refuses a line it does not know, as for Node.js and Python', () => {
    expect(resolve('1.27.9').warnings.join()).toMatch(/newer than dockgen's version table knows \(1.27.3/);
    for (const spec of ['1.28', '1.29.1', '1.62', '2.0', '2.0.1']) {
      expect(() => resolve(spec), spec).toThrow(/which dockgen does not know \(known lines: 1\.27, 1\.26/);
    }
    expect(() => resolveGoVersion('1.62', { source: '--go-version', value: '1.62' })).toThrow(expect.objectContaining({ hint: 'Pass a version such as --go-version 1.27 or 1.27.3.' }));
    expect(() => resolve('1.28')).toThrow(expect.objectContaining({ hint: expect.stringMatching(/^Fix go\.mod, or override it with --go-version 1\.27\.$/) }));
  });

  it('refuses pre-releases and garbage, naming the flag or file', () => {
    expect(() => resolve('1.27rc2')).toThrow(/pre-release/);
    expect(() => resolveGoVersion('latest', { source: '--go-version', value: 'latest' })).toThrow(expect.objectContaining({ hint: expect.stringMatching(/--go-version 1.27/) }));
    expect(() => resolve('one')).toThrow(expect.objectContaining({ hint: expect.stringMatching(/Fix go.mod/) }));
    expect(() => resolve('1.2x')).toThrow(DockgenError);
  });

  it('picks the Debian release the official images have for a version', () => {
    expect(goDebian('1.27.3')).toEqual({ codename: 'trixie', number: 13 });
    expect(goDebian('1.24.13').codename).toBe('trixie');
    expect(goDebian('1.24.2').codename).toBe('bookworm');
    expect(goDebian('1.23.12').codename).toBe('bookworm');
  });

  it('defaults to the newest line, which is first in the table', () => {
    expect(DEFAULT_GO_MINOR).toBe(GO_LINES[0]!.minor);
    expect(defaultGoVersion()).toBe(GO_LINES[0]!.latest);
  });
});
