import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AjvDraft04 from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { runFindings as runFindingsCommand } from '../../src/cli/findings.js';

/**
 * The SARIF output validates against the SARIF 2.1.0 JSON schema (vendored: test/fixtures/sarif)
 * and keeps the rules GitHub code scanning adds on top of it.
 */
const schema = JSON.parse(readFileSync('test/fixtures/sarif/sarif-2.1.0-rtm.5.json', 'utf8')) as object;
// The schema's `language` pattern is not valid with the `u` flag; AJV then compiles patterns without it, as draft-04 validators did.
// Both packages are CommonJS with the class (the plugin) as `module.exports` and as `.default`.
const ajv = new AjvDraft04.default({ allErrors: true, strict: false, unicodeRegExp: false });
ajvFormats.default(ajv);
const validate = ajv.compile(schema);

interface SarifLog {
  version: string;
  runs: Array<{
    tool: { driver: { name: string; version: string; rules: Array<{ id: string; name: string; shortDescription: { text: string }; fullDescription: { text: string }; helpUri?: string; help: { text: string }; defaultConfiguration: { level: string }; properties: Record<string, unknown> }> } };
    results: Array<{
      ruleId: string;
      ruleIndex: number;
      level: string;
      message: { text: string };
      locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } }; logicalLocations: Array<{ fullyQualifiedName: string; kind: string }> }>;
      partialFingerprints: Record<string, string>;
      suppressions?: Array<{ kind: string; justification: string }>;
    }>;
  }>;
}

async function sarif(estate: string, extra: Record<string, unknown> = {}): Promise<{ code: number; log: SarifLog; text: string }> {
  let text = '';
  const code = await runFindingsCommand(estate, { format: 'sarif', ...extra }, { stdout: (s) => void (text += s), stderr: () => undefined });
  return { code, log: JSON.parse(text) as SarifLog, text };
}

describe.each(['examples/org-estate.yaml', 'examples/org-estate-snapshot'])('SARIF of %s', (estate) => {
  it('validates against the SARIF 2.1.0 schema', async () => {
    const { log } = await sarif(estate, { docsBaseUrl: 'https://example.com/trustmap/blob/main' });
    const ok = validate(log);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('keeps GitHub code scanning’s rules: rules with levels and security-severity, results with a relative file and line, a logical location and a fingerprint', async () => {
    const { log } = await sarif(estate);
    expect(log.version).toBe('2.1.0');
    expect(log.runs).toHaveLength(1);
    const run = log.runs[0]!;
    expect(run.tool.driver.name).toBe('trustmap');
    const ids = run.tool.driver.rules.map((r) => r.id);
    for (const rule of run.tool.driver.rules) {
      expect(rule.shortDescription.text.length).toBeLessThanOrEqual(1024);
      expect(['error', 'warning', 'note']).toContain(rule.defaultConfiguration.level);
      const score = Number(rule.properties['security-severity']);
      expect(score).toBeGreaterThan(0);
      expect(score).toBeLessThanOrEqual(10);
      expect(rule.properties.tags).toContain('security');
      expect(rule.help.text).toContain(`docs/findings/${rule.id}.md`);
    }
    expect(run.results.length).toBe(16);
    const fingerprints = new Set<string>();
    for (const r of run.results) {
      expect(ids[r.ruleIndex]).toBe(r.ruleId);
      expect(r.message.text.length).toBeGreaterThan(0);
      const [location] = r.locations;
      const uri = location!.physicalLocation.artifactLocation.uri;
      expect(uri).not.toMatch(/^[a-z]+:|^\//);
      expect(uri.startsWith(estate)).toBe(true);
      expect(location!.physicalLocation.region.startLine).toBeGreaterThanOrEqual(1);
      expect(location!.logicalLocations[0]!.kind).toBe('resource');
      expect(location!.logicalLocations[0]!.fullyQualifiedName).toMatch(/^arn:aws:/);
      const fp = r.partialFingerprints['trustmapFinding/v1']!;
      expect(fp).toMatch(/^[0-9a-f]{32}$/);
      fingerprints.add(fp);
    }
    expect(fingerprints.size).toBe(run.results.length);
  });
});

describe('SARIF details', () => {
  it('the schema check is not vacuous: a result with a level SARIF does not define is refused', async () => {
    const { log } = await sarif('examples/org-estate.yaml');
    (log.runs[0]!.results[0] as { level: string }).level = 'critical';
    expect(validate(log)).toBe(false);
  });

  it('findings the baseline accepts are results with an external suppression and its reason, and still validate', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'trustmap-sarif-'));
    const first = (await sarif('examples/org-estate.yaml')).log.runs[0]!.results[0]!;
    const baseline = join(dir, 'baseline.yaml');
    writeFileSync(baseline, `accepted:\n  - fingerprint: ${first.partialFingerprints['trustmapFinding/v1']}\n    reason: accepted for the test\n`);
    const { log } = await sarif('examples/org-estate.yaml', { baseline });
    expect(validate(log)).toBe(true);
    const suppressed = log.runs[0]!.results.filter((r) => r.suppressions);
    expect(suppressed).toHaveLength(1);
    expect(suppressed[0]!.suppressions).toEqual([{ kind: 'external', status: 'accepted', justification: 'accepted for the test' }]);
  });

  it('points at the statement’s line in the scenario, and at the file under accounts/… in a snapshot', async () => {
    const scenario = (await sarif('examples/org-estate.yaml')).log.runs[0]!.results.find((r) => r.ruleId === 'trust-account-root-without-condition' && r.locations[0]!.logicalLocations[0]!.fullyQualifiedName.endsWith('legacy-admin'))!;
    const lines = readFileSync('examples/org-estate.yaml', 'utf8').split('\n');
    const line = scenario.locations[0]!.physicalLocation.region.startLine;
    expect(lines[line - 1]).toContain('Effect: Allow');
    expect(lines.slice(line - 1, line + 2).join('\n')).toContain('arn:aws:iam::333333333333:root');
    const snapshot = (await sarif('examples/org-estate-snapshot')).log.runs[0]!.results.find((r) => r.ruleId === 'trust-account-root-without-condition' && r.locations[0]!.logicalLocations[0]!.fullyQualifiedName.endsWith('legacy-admin'))!;
    expect(snapshot.locations[0]!.physicalLocation.artifactLocation.uri).toBe('examples/org-estate-snapshot/accounts/444444444444/iam/get-account-authorization-details.json');
  });

  it('helpUri only with --docs-base-url; the docs path is always in the help text', async () => {
    const without = (await sarif('examples/org-estate.yaml')).log.runs[0]!.tool.driver.rules;
    expect(without.every((r) => r.helpUri === undefined)).toBe(true);
    const withBase = (await sarif('examples/org-estate.yaml', { docsBaseUrl: 'https://example.com/trustmap/blob/main/' })).log.runs[0]!.tool.driver.rules;
    expect(withBase[0]!.helpUri).toBe(`https://example.com/trustmap/blob/main/docs/findings/${withBase[0]!.id}.md`);
  });
});
