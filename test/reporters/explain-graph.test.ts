import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { explainRequest } from '../../src/analyses/explain/explain-request.js';
import { loadServiceCatalog } from '../../src/catalog/iam-data-catalog.js';
import { loadScenarioFile } from '../../src/loaders/scenario/load-scenario-file.js';
import { renderExplainDot } from '../../src/reporters/explain-dot.js';
import { renderExplainMermaid } from '../../src/reporters/explain-mermaid.js';

/**
 * Golden files for the pictures `trustmap explain --format mermaid|dot` draws. After an intended
 * change, regenerate them with `UPDATE_GOLDEN=1 npx vitest run test/reporters/explain-graph.test.ts`
 * and review the diff.
 */
const catalog = loadServiceCatalog();
const scenario = loadScenarioFile('examples/org-estate.yaml', { catalog });
const GOLDEN = 'test/reporters/golden';

const CASES = [
  ['mistake-3-kms-key-policy', 'mistake 3: ml-training may read features, but the key policy does not let it decrypt'],
  ['region-guardrail', 'the region guardrail denies prod deploys outside approved regions'],
] as const;

function golden(file: string, actual: string): void {
  const path = `${GOLDEN}/${file}`;
  if (process.env.UPDATE_GOLDEN) writeFileSync(path, actual);
  expect(actual).toBe(readFileSync(path, 'utf8'));
}

describe('explain pictures (golden files)', () => {
  it.each(CASES)('%s: Mermaid', (file, name) => {
    const e = explainRequest(scenario.estate, scenario.requests.find((r) => r.name === name)!, { catalog });
    golden(`${file}.mmd`, renderExplainMermaid(e));
  });

  it.each(CASES)('%s: DOT', (file, name) => {
    const e = explainRequest(scenario.estate, scenario.requests.find((r) => r.name === name)!, { catalog });
    golden(`${file}.dot`, renderExplainDot(e));
  });
});

describe('explain pictures: what they must show', () => {
  const e = explainRequest(scenario.estate, scenario.requests.find((r) => r.name === CASES[0][1])!, { catalog });
  const mermaid = renderExplainMermaid(e);
  const dot = renderExplainDot(e);

  it('each account is a subgraph / cluster, and the KMS key a box of its own inside its owner', () => {
    expect(mermaid).toMatch(/subgraph b0\["caller · 555555555555 \(analytics\)/);
    expect(mermaid).toMatch(/subgraph b1\["target, key owner · 444444444444 \(prod\)/);
    expect(mermaid).toContain('subgraph b1_key1["KMS key"]');
    expect(dot).toContain('subgraph cluster_b1_key1 {');
  });

  it('edges go from the principal to each hop resource, the implied KMS hop dashed and the denied one marked', () => {
    expect(mermaid).toContain('b0_p0 -->|"s3:GetObject · Allow"| b1_r0');
    expect(mermaid).toContain('b0_p0 -.->|"kms:Decrypt · ImplicitDeny"| b1_r1');
    expect(mermaid).toContain('linkStyle 1 stroke:#c62828');
    expect(dot).toContain('b0_p0 -> b1_r1 [label="kms:Decrypt · ImplicitDeny", style=dashed, color="#c62828"');
  });

  it('the missing piece (the key policy) is marked', () => {
    expect(mermaid).toContain('class b1_key1_g_key_policy missing');
    expect(dot).toMatch(/b1_key1_g_key_policy \[label="✗ key-policy", shape=hexagon, style=filled/);
  });
});
