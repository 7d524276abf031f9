import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FINDING_RULES } from '../../../src/analyses/findings/registry.js';
import { runFindings } from '../../../src/analyses/findings/run-findings.js';
import { UsageLog } from '../../../src/analyses/usage/usage-log.js';
import { loadServiceCatalog } from '../../../src/catalog/iam-data-catalog.js';
import { asCloudTrailRecord } from '../../../src/core/cloudtrail/cloudtrail-record.js';
import { loadScenarioText } from '../../../src/loaders/scenario/index.js';

/**
 * Every rule's docs page carries a failing and a passing example (STYLE.md: docs examples run).
 * The failing one must make the rule fire; the passing one, the same estate with the fix applied,
 * must make no rule fire at all. A page may add CloudTrail records to an example (a ```json
 * failing-cloudtrail or passing-cloudtrail block, `{ "Records": [...] }`): they are the usage
 * evidence of that run, as `--cloudtrail` gives it; without, the default evidence applies
 * (the roles' RoleLastUsed, where the scenario gives `lastUsed`).
 */
const catalog = loadServiceCatalog();

function example(page: string, which: 'failing' | 'passing'): string {
  const found = [...page.matchAll(new RegExp('```yaml ' + which + '\\n([\\s\\S]*?)```', 'g'))];
  expect(found, `one \`\`\`yaml ${which} block`).toHaveLength(1);
  return found[0]![1]!;
}

/** The CloudTrail records of a ```json <which>-cloudtrail block, or undefined when the page has none. */
function cloudTrailExample(page: string, which: 'failing' | 'passing'): unknown[] | undefined {
  const found = [...page.matchAll(new RegExp('```json ' + which + '-cloudtrail\\n([\\s\\S]*?)```', 'g'))];
  if (found.length === 0) return undefined;
  expect(found, `at most one \`\`\`json ${which}-cloudtrail block`).toHaveLength(1);
  const records = (JSON.parse(found[0]![1]!) as { Records?: unknown }).Records;
  expect(Array.isArray(records), `the ${which}-cloudtrail block is { "Records": [...] }`).toBe(true);
  return records as unknown[];
}

function findingsOf(ruleId: string, which: 'failing' | 'passing') {
  const path = `docs/findings/${ruleId}.md`;
  const page = readFileSync(path, 'utf8');
  const loaded = loadScenarioText(example(page, which), `${path}#${which}.yaml`, { catalog });
  expect(loaded.unusable ?? false).toBe(false);
  expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const records = cloudTrailExample(page, which);
  if (!records) return runFindings(loaded.estate, { catalog }).findings;
  const log = new UsageLog(loaded.estate);
  for (const value of records) {
    const record = asCloudTrailRecord(value);
    if (typeof record === 'string') throw new Error(`${path}#${which}-cloudtrail: ${record}`);
    log.add(record);
  }
  expect(log.window, `${path}#${which}-cloudtrail has records`).toBeDefined();
  return runFindings(loaded.estate, { catalog, usage: { log, now: log.window!.to, unusedDays: 90 } }).findings;
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
