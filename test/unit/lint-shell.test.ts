import { describe, expect, it } from 'vitest';
import { IgnoreFile, sourceCovers } from '../../src/lint/patterns.js';
import { parseShell } from '../../src/lint/shell.js';

describe('lint shell parsing of RUN lines', () => {
  it('splits commands on operators, not inside quotes', () => {
    const script = parseShell('apt-get update && echo "a && b | c" ; DEBIAN_FRONTEND=noninteractive sudo apt-get install -y curl 2>&1');
    expect(script.commands.map((c) => c.argv)).toEqual([['apt-get', 'update'], ['echo', 'a && b | c'], ['apt-get', 'install', '-y', 'curl']]);
    expect(script.hasPipe).toBe(false);
  });

  it('marks subshells and pipes, and sees set -o pipefail before the pipe', () => {
    const script = parseShell('set -eo pipefail; (cd web && npm ci) | tee log');
    expect(script.commands.map((c) => [c.argv[0], c.inSubshell])).toEqual([
      ['set', false],
      ['cd', true],
      ['npm', true],
      ['tee', false],
    ]);
    expect(script.hasPipe).toBe(true);
    expect(script.setsPipefail).toBe(true);
    expect(parseShell('curl x | sh; set -o pipefail').setsPipefail).toBe(false);
  });

  it('keeps variables and globs as written', () => {
    expect(parseShell('rm -rf /var/lib/apt/lists/* $HOME/.cache').commands[0]!.argv).toEqual(['rm', '-rf', '/var/lib/apt/lists/*', '$HOME/.cache']);
    expect(parseShell('if [ -f x ]; then npm ci; fi').commands.map((c) => c.argv[0])).toEqual(['[', 'npm']);
  });
});

describe('lint path patterns (.dockerignore and COPY sources)', () => {
  const ignore = new IgnoreFile(['# comment', '.git', '**/node_modules', '**/.env', '**/.env.*', '!**/.env.example', '/dist/', 'vendor'].join('\n'));

  it('matches like the builder: ** for any folders, a folder covers its contents, the last match wins', () => {
    expect(ignore.excludedBy('.git')).toBe(2);
    expect(ignore.excludedBy('.git/config')).toBe(2);
    expect(ignore.excludedBy('node_modules')).toBe(3);
    expect(ignore.excludedBy('packages/a/node_modules/x.js')).toBe(3);
    expect(ignore.excludedBy('.env.local')).toBe(5);
    expect(ignore.excludedBy('.env.example')).toBeNull();
    expect(ignore.excludedBy('dist/index.html')).toBe(7);
    expect(ignore.excludedBy('vendor/modules.txt')).toBe(8);
    expect(ignore.excludedBy('src/vendor.js')).toBeNull();
    expect(ignore.excludedBy('package-lock.json')).toBeNull();
  });

  it('COPY sources: wildcards within a name, folders, and the whole context', () => {
    expect(sourceCovers('package*.json', 'package-lock.json')).toBe(true);
    expect(sourceCovers('./package.json', 'package-lock.json')).toBe(false);
    expect(sourceCovers('.', 'yarn.lock')).toBe(true);
    expect(sourceCovers('[py]*.lock', 'yarn.lock')).toBe(true);
  });
});
