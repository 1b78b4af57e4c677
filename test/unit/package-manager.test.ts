import { describe, expect, it } from 'vitest';
import { MemoryFs } from '../../src/detect/fs.js';
import { readPackageJson } from '../../src/detect/node/package-json.js';
import { detectPackageManager } from '../../src/detect/node/package-manager.js';
import { planInstall } from '../../src/plan/node-install.js';

function detect(files: Record<string, string>, pkg: object = {}) {
  const fs = new MemoryFs({ 'package.json': JSON.stringify(pkg), ...files });
  const warnings: string[] = [];
  const result = detectPackageManager(fs, readPackageJson(fs)!, warnings);
  return { ...result, warnings };
}

describe('detectPackageManager', () => {
  it('takes the packageManager field first, ignoring the corepack hash', () => {
    const result = detect({ 'package-lock.json': '{}' }, { packageManager: 'pnpm@9.12.0+sha512.abcdef0123' });
    expect(result.value).toMatchObject({ name: 'pnpm', version: '9.12.0' });
    expect(result.evidence).toMatchObject({ source: 'package.json', field: 'packageManager' });
  });

  it.each([
    ['package-lock.json', 'npm'],
    ['npm-shrinkwrap.json', 'npm'],
    ['yarn.lock', 'yarn'],
    ['pnpm-lock.yaml', 'pnpm'],
    ['bun.lock', 'bun'],
    ['bun.lockb', 'bun'],
  ])('recognises %s', (lockfile, name) => {
    const result = detect({ [lockfile]: 'lockfileVersion: 9.0\n' });
    expect(result.value).toMatchObject({ name, lockfile });
    expect(result.evidence.source).toBe(lockfile);
  });

  it('prefers another manager over a stray package-lock.json, and warns', () => {
    const result = detect({ 'package-lock.json': '{}', 'pnpm-lock.yaml': "lockfileVersion: '9.0'\n" });
    expect(result.value.name).toBe('pnpm');
    expect(result.warnings.join()).toMatch(/Several lockfiles found.*--package-manager/);
  });

  it('tells Yarn classic from berry by .yarnrc.yml, the field, or the lockfile format', () => {
    expect(detect({ 'yarn.lock': '# yarn lockfile v1\n' }).value.yarnBerry).toBe(false);
    expect(detect({ 'yarn.lock': '# yarn lockfile v1\n', '.yarnrc.yml': 'nodeLinker: pnp\n' }).value.yarnBerry).toBe(true);
    expect(detect({ 'yarn.lock': '__metadata:\n  version: 8\n' }).value.yarnBerry).toBe(true);
    expect(detect({}, { packageManager: 'yarn@3.6.4' }).value.yarnBerry).toBe(true);
    expect(detect({}, { packageManager: 'yarn@1.22.22' }).value.yarnBerry).toBe(false);
  });

  it('reads the pnpm lockfile format, which decides the pnpm that can install it', () => {
    expect(detect({ 'pnpm-lock.yaml': 'lockfileVersion: 5.4\n' }).value.pnpmLockfileMajor).toBe('5');
    expect(detect({ 'pnpm-lock.yaml': "lockfileVersion: '6.0'\n" }).value.pnpmLockfileMajor).toBe('6');
  });

  it('defaults to npm without a lockfile', () => {
    const result = detect({});
    expect(result.value).toEqual({ name: 'npm', yarnBerry: false });
    expect(result.evidence.source).toBe('default');
  });

  it('rejects a malformed packageManager field, naming the field and the flag', () => {
    expect(() => detect({}, { packageManager: 'pnpm' })).toThrow(/"packageManager" is "pnpm"/);
    expect(() => detect({}, { packageManager: 'npm@latest\nRUN rm -rf /' })).toThrow(/not of the form/);
  });
});

describe('planInstall', () => {
  const cmds = (step: { parts: string[] }) => step.parts.join(' ');

  it('uses frozen, lockfile-based installs with a cache mount (R7, R9)', () => {
    const npm = planInstall({ name: 'npm', yarnBerry: false, lockfile: 'package-lock.json' }, {}, 'x');
    expect(cmds(npm.production)).toBe('--mount=type=cache,target=/root/.npm npm ci --omit=dev --no-audit --no-fund');
    expect(cmds(npm.full)).toContain('npm ci ');
    const yarn = planInstall({ name: 'yarn', yarnBerry: false, lockfile: 'yarn.lock' }, {}, 'x');
    expect(cmds(yarn.production)).toContain('yarn install --frozen-lockfile --production');
    const berry = planInstall({ name: 'yarn', yarnBerry: true, lockfile: 'yarn.lock', version: '4.5.0' }, {}, 'x');
    expect(cmds(berry.full)).toContain('yarn install --immutable');
    expect(cmds(berry.production)).toContain('yarn workspaces focus --all --production');
    // The global cache is the cache mount: Yarn 2-3 would write .yarn/cache into the layer (R7).
    expect(berry.env).toEqual([['YARN_NODE_LINKER', 'node-modules'], ['YARN_ENABLE_GLOBAL_CACHE', 'true']]);
    const pnpm = planInstall({ name: 'pnpm', yarnBerry: false, lockfile: 'pnpm-lock.yaml', pnpmLockfileMajor: '6' }, {}, 'x');
    expect(cmds(pnpm.production)).toContain('pnpm install --frozen-lockfile --prod');
    expect(pnpm.arg).toMatchObject({ name: 'PACKAGE_MANAGER_VERSION', value: '8.15.9' });
    const bun = planInstall({ name: 'bun', yarnBerry: false, lockfile: 'bun.lock' }, {}, 'x');
    expect(cmds(bun.production)).toContain('bun install --frozen-lockfile --production');
  });

  it('says so in a comment when there is no lockfile (R9)', () => {
    const npm = planInstall({ name: 'npm', yarnBerry: false }, {}, 'x');
    expect(cmds(npm.production)).toContain('npm install --omit=dev');
    expect(npm.notes.join()).toMatch(/No lockfile found.*R9/);
  });

  it('installs non-npm managers at the pinned version into a private prefix', () => {
    const pnpm = planInstall({ name: 'pnpm', yarnBerry: false, version: '9.1.0', lockfile: 'pnpm-lock.yaml' }, {}, 'package.json packageManager');
    expect(pnpm.arg).toMatchObject({ name: 'PACKAGE_MANAGER_VERSION', value: '9.1.0' });
    expect(cmds(pnpm.setup!)).toContain('npm install --global --prefix /opt/pm pnpm@${PACKAGE_MANAGER_VERSION}');
  });

  it('keeps Yarn 2-3 honest: no production-only install, and says so', () => {
    const berry3 = planInstall({ name: 'yarn', yarnBerry: true, lockfile: 'yarn.lock', version: '3.6.4' }, { yarnNodeLinker: 'node-modules' }, 'x');
    expect(berry3.productionOnly).toBe(false);
    expect(berry3.env).toEqual([['YARN_ENABLE_GLOBAL_CACHE', 'true']]);
    expect(berry3.notes.join()).toMatch(/cannot install production dependencies only/);
  });
});
