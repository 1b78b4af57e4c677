import { describe, expect, it } from 'vitest';
import { generate } from '../../src/core.js';
import { MemoryFs } from '../../src/detect/fs.js';
import { parseGenerateFlags } from '../../src/options.js';
import { listFixtures } from '../helpers/fixtures.js';
import { DiskFs } from '../../src/detect/fs.js';

const planOf = (name: string) => {
  const fixture = listFixtures(name).find((f) => f.name === name)!;
  return generate(new DiskFs(fixture.dir), fixture.dir, parseGenerateFlags(fixture.config.options ?? {})).plan;
};

describe('writable paths for a read-only root (R15)', () => {
  it.each(['go-chi-router', 'node-express-npm', 'python-stdlib-http'])('%s writes only to /tmp', (name) => {
    expect(planOf(name).writablePaths).toEqual([{ path: '/tmp', reason: 'temporary files' }]);
  });

  it.each(['static-vite-spa', 'static-httpd-conf'])('%s: the web server keeps its pid and temp files in /tmp', (name) => {
    expect(planOf(name).writablePaths).toEqual([{ path: '/tmp', reason: expect.stringMatching(/web server's pid and temp files/) }]);
  });

  it('Next.js also gets its .next/cache, in the app folder (a monorepo app in its own)', () => {
    expect(planOf('node-next-start').writablePaths?.map((w) => w.path)).toEqual(['/tmp', '/app/.next/cache']);
    expect(planOf('node-next-standalone').writablePaths?.map((w) => w.path)).toEqual(['/tmp', '/app/.next/cache']);
    expect(planOf('node-workspaces-next-npm').writablePaths?.map((w) => w.path)).toEqual(['/tmp', '/app/apps/web/.next/cache']);
    expect(planOf('node-next-start').writablePaths?.[1]?.reason).toMatch(/optimised images/);
  });

  it('a Next.js static export served by nginx needs no cache folder', () => {
    expect(planOf('static-next-export').writablePaths?.map((w) => w.path)).toEqual(['/tmp']);
  });

  it('is in the plan --json reports', () => {
    const files = { 'go.mod': 'module example.com/w\n\ngo 1.22\n', 'main.go': 'package main\nfunc main() {}\n' };
    expect(generate(new MemoryFs(files), '/tmp/w', parseGenerateFlags({})).plan.writablePaths).toHaveLength(1);
  });
});
