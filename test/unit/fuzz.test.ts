import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
// The fuzzer is plain JavaScript (scripts/fuzz), run by `npm run fuzz` and in CI.
// @ts-expect-error no type declarations for the script
import { CHECKS, runChecks, selfTest } from '../../scripts/fuzz/checks.mjs';
// @ts-expect-error no type declarations for the script
import { describeCase, generateCase } from '../../scripts/fuzz/generate.mjs';
// @ts-expect-error no type declarations for the script
import { materialize, snapshot } from '../../scripts/fuzz/tree.mjs';

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

describe('the fuzzer', () => {
  it('self-test: every check passes a good result and catches its known-bad ones', () => {
    expect(selfTest()).toEqual([]);
    expect(CHECKS.map((c: { name: string }) => c.name).sort()).toEqual(
      ['dockerfile-parses', 'exit-code', 'no-clobber', 'no-hang', 'no-injection', 'no-outside-content', 'no-raw-control', 'no-stack-trace', 'nothing-outside'].sort(),
    );
  });

  it('a case is the same for the same seed and index (replayable), and differs across indexes', () => {
    expect(describeCase(generateCase(7, 123))).toBe(describeCase(generateCase(7, 123)));
    expect(describeCase(generateCase(7, 123))).not.toBe(describeCase(generateCase(7, 124)));
    expect(describeCase(generateCase(7, 123))).not.toBe(describeCase(generateCase(8, 123)));
  });

  it('covers every stack, mutation kind and command over a batch the size CI runs', () => {
    const stacks = new Set<string>();
    const mutations = new Set<string>();
    const commands = new Set<string>();
    for (let i = 0; i < 600; i++) {
      const c = generateCase(20261207, i);
      stacks.add(c.stack);
      for (const m of c.mutations) mutations.add(m);
      commands.add(c.command.argv.join(' '));
    }
    expect([...stacks].sort()).toEqual(['go', 'node', 'python', 'static']);
    expect(mutations.size).toBe(21);
    expect(commands.size).toBe(22);
  });

  it('builds a tree whose snapshot sees a change outside, which the checks report', () => {
    const base = mkdtempSync(join(tmpdir(), 'dockgen-fuzz-test-'));
    made.push(base);
    const { project, outside } = materialize(generateCase(3, 5), base);
    const before = snapshot(outside);
    rmSync(join(outside, 'secret.txt'));
    const result = {
      command: { argv: ['{project}', '--yes'] },
      code: 0, stdout: '', stderr: '', timedOut: false, died: undefined,
      outsideBefore: before, outsideAfter: snapshot(outside), caseEntries: ['outside', 'project'],
      projectBefore: snapshot(project), projectAfter: snapshot(project), dockerfile: undefined,
    };
    expect(runChecks(result).map((v: { check: string }) => v.check)).toEqual(['nothing-outside']);
  });
});
