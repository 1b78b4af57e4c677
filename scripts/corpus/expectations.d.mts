// Types for expectations.mjs, which the harness's tests import.
export type Expectation =
  | { expect: 'image'; stack?: string; cmd?: string[]; port?: 'env' | number | null; buildable?: boolean; why: string }
  | { expect: 'error'; why: string };
export const EXPECTED_DIR: string;
export function loadExpectations(dir?: string): Record<string, Expectation>;
export function commandMatches(expected: string[], actual: string[]): boolean;
export function compare(row: object, expectation: Expectation | undefined): string[];
