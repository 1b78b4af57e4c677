import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../src/lint/catalog.js';
import { RULES_DOC, ruleDocs, rulesPointer } from '../../src/lint/format.js';
import { FIXTURES } from '../helpers/fixtures.js';

/** docs/rules.md explains every rule id a Dockerfile comment or a lint finding can show. */
const doc = readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'rules.md'), 'utf8');

/** The text of one rule's section: from its anchor to the next anchor or heading of the same level. */
function section(rule: string): string {
  const start = doc.indexOf(`<a id="${rule.toLowerCase()}"></a>`);
  if (start === -1) return '';
  const rest = doc.slice(start + 1);
  const end = rest.search(/<a id=|\n## /);
  return end === -1 ? rest : rest.slice(0, end);
}

describe('docs/rules.md', () => {
  const ids = [...Array.from({ length: 24 }, (_, i) => `R${i + 1}`), ...Array.from({ length: 5 }, (_, i) => `D${i + 1}`)];

  it.each(ids)('has a section for %s with a heading that names it', (id) => {
    expect(section(id)).toMatch(new RegExp(`### ${id} — \\S`));
  });

  it('names every lint check in the section of its rule', () => {
    for (const [check, info] of Object.entries(CHECKS)) expect(section(info.rule), `${check} under ${info.rule}`).toContain(`\`${check}\``);
  });

  it('every rule the Dockerfile comments cite in the golden files has a section', () => {
    const cited = new Set<string>();
    for (const name of readdirSync(FIXTURES)) {
      const file = join(FIXTURES, name, 'expected.Dockerfile');
      if (existsSync(file)) for (const id of readFileSync(file, 'utf8').match(/\b[RD]\d+\b/g) ?? []) cited.add(id);
    }
    expect(cited.size).toBeGreaterThan(5);
    for (const id of cited) expect(section(id), id).not.toBe('');
  });

  it('lint points findings at the rule section of the shipped file', () => {
    expect(RULES_DOC).toBe(join(import.meta.dirname, '..', '..', 'docs', 'rules.md'));
    expect(ruleDocs('R14')).toBe(`${RULES_DOC}#r14`);
    expect(rulesPointer([{ rule: 'R14' }, { rule: 'R2' }, { rule: 'D1' }, { rule: 'R2' }] as never)).toBe(`Why: ${RULES_DOC} (#d1, #r2, #r14)`);
    expect(rulesPointer([])).toBeUndefined();
  });
});
