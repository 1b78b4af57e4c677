// Types for generate.mjs, which the harness's tests import.
export interface CorpusRow {
  name: string;
  dir: string;
  outcome: 'written' | 'refused' | 'crashed';
  stack?: string;
  cmd?: string[];
  port?: number | null;
  warnings?: number;
  lint?: string;
  error?: string;
  exit?: number | string | null;
}
export function generateOne(name: string, source: string, work: string): Promise<CorpusRow>;
