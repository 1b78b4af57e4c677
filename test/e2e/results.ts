/** One row of the table printed at the end of the e2e run. */
export interface Result {
  fixture: string;
  coldSeconds?: number;
  warmSeconds?: number;
  imageMB?: number;
  stopSeconds?: number;
  uid?: number;
  pid1?: string;
  buildahSeconds?: number;
  /** --healthcheck fixtures: seconds to `healthy`, and to `unhealthy` after the app froze (fast timing). */
  healthySeconds?: number;
  unhealthySeconds?: number;
}

const cell = (value: number | string | undefined, digits = 1) =>
  value === undefined ? '–' : typeof value === 'number' ? value.toFixed(digits) : value;

export function formatResults(results: Result[]): string {
  const header = '| fixture | build s cold | build s warm | image MB | stop s | UID | PID 1 → child | buildah s | healthy s / unhealthy s |';
  const rule = '|---|---:|---:|---:|---:|---:|---|---:|---:|';
  const rows = results.map((r) =>
    `| ${r.fixture} | ${cell(r.coldSeconds)} | ${cell(r.warmSeconds)} | ${cell(r.imageMB, 0)} | ${cell(r.stopSeconds, 2)} | ${cell(r.uid, 0)} | ${cell(r.pid1)} | ${cell(r.buildahSeconds)} | ${r.healthySeconds === undefined ? '–' : `${cell(r.healthySeconds)} / ${cell(r.unhealthySeconds)}`} |`,
  );
  return [header, rule, ...rows].join('\n');
}

export function printResults(results: Result[]): void {
  if (results.length === 0) return;
  console.log(`\ne2e results (${new Date().toISOString()}):\n${formatResults(results)}\n`);
}
