// Types for report.mjs, which the harness's tests import.
export function formatRow(row: object): string;
export function summarize(rows: object[]): { numbers: Record<string, unknown> & { projects: number; written: number; refused: number; crashed: number; imageExpected: number; imageExpectedWritten: number; agree: number }; text: string };
