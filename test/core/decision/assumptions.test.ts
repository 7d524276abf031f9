import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadServiceCatalog } from '../../../src/catalog/iam-data-catalog.js';
import { evaluateRequest } from '../../../src/core/decision/evaluate-request.js';
import { ASSUMPTIONS, assumption, ruleAssumption, uniqueAssumptions, type Assumption, type AssumptionCode } from '../../../src/core/decision/result.js';
import { RULES } from '../../../src/core/rules/rule-anchors.js';
import { loadScenarioText } from '../../../src/loaders/scenario/load-scenario-file.js';
import { assumptionsJson, assumptionText } from '../../../src/reporters/assumption-words.js';

/**
 * Assumptions are data (issue 14): a closed registry of codes, each resting on an entry of the
 * rules reference, each produced by the engine; answers carry `{ code, rule, message }`.
 */
const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const DECISION = join(ROOT, 'src', 'core', 'decision');
const CODES = Object.keys(ASSUMPTIONS) as AssumptionCode[];

describe('the assumption registry', () => {
  it.each(CODES)('%s rests on an anchor of the rules reference and says what it is in one line', (code) => {
    const entry = ASSUMPTIONS[code];
    expect(RULES[entry.rule], `${code} → #${entry.rule}`).toBeDefined();
    expect(entry.doc.length).toBeGreaterThan(10);
    expect(entry.doc).not.toMatch(/\n/);
    expect(code).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it('every code is produced by the engine (named in src/core/decision outside the registry)', () => {
    const source = readdirSync(DECISION)
      .filter((f) => f.endsWith('.ts') && f !== 'result.ts')
      .map((f) => readFileSync(join(DECISION, f), 'utf8'))
      .join('\n');
    const unproduced = CODES.filter((code) => !source.includes(`'${code}'`));
    expect(unproduced).toEqual([]);
  });

  it('docs/explain-json.md lists every code with its rule, and no other', () => {
    const doc = readFileSync(join(ROOT, 'docs', 'explain-json.md'), 'utf8');
    const rows = [...doc.matchAll(/^\| `([a-z0-9-]+)` \| \[([a-z0-9-]+)\]\(aws-authorization\.md#([a-z0-9-]+)\) \|/gm)].map((m) => [m[1], m[2], m[3]]);
    expect(rows.map(([code]) => code).sort()).toEqual([...CODES].sort());
    for (const [code, text, anchor] of rows) {
      expect(text, code).toBe(ASSUMPTIONS[code as AssumptionCode].rule);
      expect(anchor, code).toBe(text);
    }
  });

  it('assumption() fills the rule from the registry; ruleAssumption() takes the words of the entry heading', () => {
    expect(assumption('boundary-unreadable', 'x')).toEqual({ code: 'boundary-unreadable', rule: 'restrict-only-data-not-collected', message: 'x' });
    expect(ruleAssumption('same-account-trust-names-caller')).toEqual({
      code: 'same-account-trust-names-caller',
      rule: 'same-account-trust-names-caller',
      message: RULES['same-account-trust-names-caller']!.title,
    });
  });

  it('uniqueAssumptions drops repeats of code and message, keeping the first, in order', () => {
    const a = assumption('scp-unreadable', 'one');
    const b = assumption('rcp-unreadable', 'one');
    const c = assumption('scp-unreadable', 'two');
    expect(uniqueAssumptions([a, b, { ...a }, c, a, c])).toEqual([a, b, c]);
  });

  it('text shows the words and the rule; JSON the object, keys in order', () => {
    const a = assumption('unknown-action', '`sqs:SendMesage` is not in the service reference data');
    expect(assumptionText(a)).toBe(`\`sqs:SendMesage\` is not in the service reference data (docs/aws-authorization.md#action-matching; ${RULES['action-matching']!.url})`);
    expect(JSON.stringify(assumptionsJson([{ ...a, extra: 1 } as Assumption]))).toBe(
      `[{"code":"unknown-action","rule":"action-matching","message":"\`sqs:SendMesage\` is not in the service reference data","url":"${RULES['action-matching']!.url}"}]`,
    );
  });
});

describe('assumptions in the answers of the conformance corpus', () => {
  const catalog = loadServiceCatalog();
  const corpus = join(ROOT, 'test', 'corpus');
  const files = readdirSync(corpus, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.yaml'));
  const seen = new Map<AssumptionCode, number>();
  const problems: string[] = [];
  for (const file of files) {
    const loaded = loadScenarioText(readFileSync(join(corpus, file), 'utf8'), file, { catalog });
    for (const r of loaded.requests) {
      const d = evaluateRequest(loaded.estate, r, { catalog });
      for (const list of [d.assumptions, ...d.hops.map((h) => h.assumptions)]) {
        const keys = list.map((a) => `${a.code}\n${a.message}`);
        if (new Set(keys).size !== keys.length) problems.push(`${file} › ${r.name}: a repeated assumption`);
        for (const a of list) {
          seen.set(a.code, (seen.get(a.code) ?? 0) + 1);
          if (!(a.code in ASSUMPTIONS)) problems.push(`${file} › ${r.name}: unknown code ${a.code}`);
          else if (a.rule !== ASSUMPTIONS[a.code].rule) problems.push(`${file} › ${r.name}: ${a.code} with rule ${a.rule}`);
          if (/\((https:|docs\/aws-authorization)[^)]*\)$/.test(a.message) || a.message.length === 0) problems.push(`${file} › ${r.name}: ${a.code} message "${a.message}"`);
          if (Object.keys(a).join() !== 'code,rule,message') problems.push(`${file} › ${r.name}: ${a.code} has keys ${Object.keys(a).join()}`);
        }
      }
    }
  }

  it('carry registered codes with their registry rule, words without a citation, no repeats', () => {
    expect(problems).toEqual([]);
    expect(seen.size).toBeGreaterThanOrEqual(5);
  });
});
