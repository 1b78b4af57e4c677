// The harness's table row and summary: what a closing note quotes.

const clip = (text, n) => (text.length > n ? `${text.slice(0, n - 1)}…` : text);

export function formatRow(row) {
  const mark = row.expected === null ? '?' : row.disagreements.length === 0 ? '✓' : '✗';
  const what =
    row.outcome === 'written'
      ? `${row.stack} ${JSON.stringify(row.cmd)} port ${row.port ?? '-'}${row.warnings ? ` (${row.warnings} warning${row.warnings > 1 ? 's' : ''})` : ''}`
      : clip(row.error ?? '', 160);
  const built = row.built ? `  [build: ${row.built.verdict}]` : '';
  const problems = row.disagreements.map((d) => `\n      ✗ ${clip(d, 300)}`).join('');
  return `${mark} ${row.name.padEnd(48)} ${row.outcome.padEnd(8)} ${what}${built}${problems}`;
}

const percent = (part, whole) => (whole === 0 ? '–' : `${((100 * part) / whole).toFixed(1)}%`);
const family = (name) => /^(gcp-\w+|paketo|heroku-node|heroku-py)/.exec(name)?.[1] ?? 'other';

function countBy(items, key) {
  const counts = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}

export function summarize(rows) {
  const written = rows.filter((r) => r.outcome === 'written');
  const judged = rows.filter((r) => r.expected !== null);
  const wantImage = judged.filter((r) => r.expected === 'image');
  const wantError = judged.filter((r) => r.expected === 'error');
  const numbers = {
    projects: rows.length,
    written: written.length,
    refused: rows.filter((r) => r.outcome === 'refused').length,
    crashed: rows.filter((r) => r.outcome === 'crashed').length,
    byStack: countBy(written, (r) => r.stack),
    lintFailures: written.filter((r) => r.lint !== 'ok').length,
    withExpectation: judged.length,
    agree: judged.filter((r) => r.disagreements.length === 0).length,
    imageExpected: wantImage.length,
    imageExpectedWritten: wantImage.filter((r) => r.outcome === 'written').length,
    errorExpected: wantError.length,
    errorExpectedRefused: wantError.filter((r) => r.outcome === 'refused').length,
    byFamily: {},
  };
  for (const [name, count] of Object.entries(countBy(rows, (r) => family(r.name)))) {
    const mine = rows.filter((r) => family(r.name) === name);
    numbers.byFamily[name] = { projects: count, written: mine.filter((r) => r.outcome === 'written').length, agree: mine.filter((r) => r.expected !== null && r.disagreements.length === 0).length };
  }
  const lines = [
    `corpus: ${numbers.projects} projects · written ${numbers.written} (${Object.entries(numbers.byStack).map(([s, n]) => `${s} ${n}`).join(', ')}) · refused ${numbers.refused} · crashed ${numbers.crashed} · lint --strict failures ${numbers.lintFailures}`,
    `expectations: ${numbers.withExpectation} of ${numbers.projects} projects · agree ${numbers.agree} (${percent(numbers.agree, numbers.withExpectation)}) · image expected ${numbers.imageExpected}, written ${numbers.imageExpectedWritten} (${percent(numbers.imageExpectedWritten, numbers.imageExpected)}) · error expected ${numbers.errorExpected}, refused ${numbers.errorExpectedRefused}`,
    `by family: ${Object.entries(numbers.byFamily).map(([f, n]) => `${f} ${n.written}/${n.projects} written, ${n.agree} agree`).join(' · ')}`,
  ];
  const built = rows.filter((r) => r.built);
  if (built.length > 0) {
    const verdicts = countBy(built, (r) => r.built.verdict);
    numbers.build = { attempted: built.length, ok: verdicts.ok ?? 0, verdicts };
    lines.push(`build: ${built.length} built and run · ok ${numbers.build.ok} (${percent(numbers.build.ok, built.length)}) · ${Object.entries(verdicts).filter(([v]) => v !== 'ok').map(([v, n]) => `${v} ${n}`).join(', ') || 'no failures'}`);
  }
  return { numbers, text: lines.join('\n') };
}
