import { describe, expect, it } from 'vitest';
import { AccessGraph } from '../../src/analyses/access-graph/access-graph.js';
import { buildAccessMap } from '../../src/analyses/access-map/access-map.js';
import { estateOverview } from '../../src/analyses/report/estate-overview.js';
import { loadServiceCatalog } from '../../src/catalog/iam-data-catalog.js';
import { loadScenarioFile } from '../../src/loaders/scenario/index.js';
import { buildReport, type ReportFinding, type ReportInput } from '../../src/reporters/report/build-report.js';
import { renderReportMarkdown } from '../../src/reporters/report/render-markdown.js';

const catalog = loadServiceCatalog();
const { estate } = loadScenarioFile('examples/org-estate.yaml', { catalog });
const accessMap = buildAccessMap(new AccessGraph(estate, { catalog }), { catalog });

function reportWith(findings: readonly ReportFinding[]): string {
  const input: ReportInput = {
    source: 'examples/org-estate.yaml',
    sourceKind: 'scenario',
    toolVersion: 'test',
    dataVersion: 'test',
    overview: estateOverview(estate),
    accessMap,
    findings,
    diagnostics: [],
    accountLabel: (id) => id,
    accountName: (id) => id,
    isMember: () => true,
    parentOf: () => undefined,
  };
  return renderReportMarkdown(buildReport(input));
}

/** Rendering only: the findings here are made up to exercise the layout of a large estate. */
function finding(ruleId: string, severity: ReportFinding['severity'], i: number): ReportFinding {
  return { ruleId, severity, title: `title of ${ruleId}`, message: `message ${i} with \`code\``, subject: `arn:aws:iam::${String(100000000000 + i)}:role/r`, fix: `fix ${i}`, docs: `docs/findings/${ruleId}.md` };
}

describe('the report lays out many findings', () => {
  const many = [...Array.from({ length: 250 }, (_, i) => finding('rule-a', 'critical', i)), ...Array.from({ length: 100 }, (_, i) => finding('rule-b', 'high', 250 + i))];

  it('groups the critical and high findings by rule in "Needs attention first"', () => {
    const md = reportWith(many);
    const attention = md.slice(md.indexOf('**Needs attention first**'), md.indexOf('## Organization'));
    expect(attention).toContain('- **critical** title of rule-a: 250 findings, the first `arn:aws:iam::100000000000:role/r` — fix: fix 0 ([all of them](#findings))');
    expect(attention).toContain('- **high** title of rule-b: 100 findings, the first `arn:aws:iam::100000000250:role/r`');
  });

  it('beyond 300 findings: a table by rule, then the first 300', () => {
    const md = reportWith(many);
    const section = md.slice(md.indexOf('## Findings'));
    expect(section).toContain('350 findings of 2 rules: the table lists the first 300, most severe first; `trustmap findings` lists them all.');
    expect(section).toContain('| **critical** | [rule-a](docs/findings/rule-a.md) | 250 | `arn:aws:iam::100000000000:role/r` |');
    expect(section.split('\n').filter((l) => /^\| \*\*(critical|high)\*\* \| \[rule-[ab]\]\(docs\/findings\/rule-[ab]\.md\) \| `arn/.test(l))).toHaveLength(300);
  });

  it('up to 300 findings: every one, and no table by rule; names in backticks stay code', () => {
    const md = reportWith(many.slice(0, 3));
    expect(md).not.toContain('findings of');
    expect(md).toContain('| message 0 with `code` |');
  });
});
