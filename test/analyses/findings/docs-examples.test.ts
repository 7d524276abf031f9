import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FINDING_RULES } from '../../../src/analyses/findings/registry.js';
import { runFindings } from '../../../src/analyses/findings/run-findings.js';
import { loadServiceCatalog } from '../../../src/catalog/iam-data-catalog.js';
import { loadScenarioText } from '../../../src/loaders/scenario/index.js';

/**
 * Every rule's docs page carries a failing and a passing example (STYLE.md: docs examples run).
 * The failing one must make the rule fire; the passing one, the same estate with the fix applied,
 * must make no rule fire at all.
 */
const catalog = loadServiceCatalog();

function example(page: string, which: 'failing' | 'passing'): string {
  const found = [...page.matchAll(new RegExp('```yaml ' + which + '\\n([\\s\\S]*?)```', 'g'))];
  expect(found, `one \`\`\`yaml ${which} block`).toHaveLength(1);
  return found[0]![1]!;
}

function findingsOf(ruleId: string, which: 'failing' | 'passing') {
  const path = `docs/findings/${ruleId}.md`;
  const loaded = loadScenarioText(example(readFileSync(path, 'utf8'), which), `${path}#${which}.yaml`, { catalog });
  expect(loaded.unusable ?? false).toBe(false);
  expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return runFindings(loaded.estate, { catalog }).findings;
}

describe('every finding rule has a docs page whose examples run', () => {
  it('each rule has its page, and the index lists every rule', () => {
    const index = readFileSync('docs/findings/README.md', 'utf8');
    for (const rule of FINDING_RULES) {
      expect(existsSync(`docs/findings/${rule.id}.md`), rule.id).toBe(true);
      expect(index).toContain(`[\`${rule.id}\`](${rule.id}.md)`);
    }
  });

  it.each(FINDING_RULES.map((r) => [r.id] as const))('%s fires on its failing example', (id) => {
    const findings = findingsOf(id, 'failing');
    expect(findings.filter((f) => f.ruleId === id).length).toBeGreaterThan(0);
  });

  it.each(FINDING_RULES.map((r) => [r.id] as const))('%s: the passing example has no finding at all', (id) => {
    expect(findingsOf(id, 'passing').map((f) => `${f.ruleId} ${f.subject}`)).toEqual([]);
  });
});
