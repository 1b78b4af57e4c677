import { afterEach, describe, expect, it, vi } from 'vitest';
import { printWarnings } from '../../src/cli/output.js';

describe('warnings on the terminal', () => {
  afterEach(() => vi.restoreAllMocks());

  it('stay one line each, whatever control characters a quoted project value holds', () => {
    const written: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => written.push(String(chunk)) > 0);
    printWarnings(['package "evil\nRUN rm -rf /\u001b[2J" has no start script', 'plain']);
    expect(written).toHaveLength(2);
    // Shown as visible escapes (issue 15), so the reader sees what the value really holds.
    expect(written[0]).toBe('warning: package "evil\\nRUN rm -rf /\\x1b[2J" has no start script\n');
    expect(written[1]).toBe('warning: plain\n');
  });
});
