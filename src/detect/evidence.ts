/** Where a detected value came from, so that `--explain` can show it and a user can check it. */
export interface Evidence {
  /** Project-relative file, or a pseudo-source such as `--port` or `default`. */
  source: string;
  /** Field or line inside the file (`engines.node`, `scripts.start`, `line 3`). */
  field?: string;
  /** The raw value as read. */
  value?: string;
}

/** A detected value together with its evidence. */
export interface Fact<T> {
  value: T;
  evidence: Evidence;
}

export function fact<T>(value: T, source: string, field?: string, raw?: string): Fact<T> {
  const evidence: Evidence = { source };
  if (field !== undefined) evidence.field = field;
  if (raw !== undefined) evidence.value = raw;
  return { value, evidence };
}

/** "package.json engines.node = ^20" — the one way evidence is written for people. */
export function describeEvidence(evidence: Evidence): string {
  let text = evidence.source;
  if (evidence.field) text += ` ${evidence.field}`;
  if (evidence.value !== undefined) text += ` = ${JSON.stringify(evidence.value)}`;
  return text;
}
