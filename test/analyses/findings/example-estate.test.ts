import { describe, expect, it } from 'vitest';
import { FINDING_RULES } from '../../../src/analyses/findings/registry.js';
import { runFindings } from '../../../src/analyses/findings/run-findings.js';
import { EventTwins } from '../../../src/analyses/usage/event-twins.js';
import { UsageLog } from '../../../src/analyses/usage/usage-log.js';
import { loadServiceCatalog } from '../../../src/catalog/iam-data-catalog.js';
import { readCloudTrail } from '../../../src/loaders/cloudtrail/read-cloudtrail.js';
import { loadEstate } from '../../../src/loaders/load-estate.js';

/**
 * The bundled example (examples/README.md) has deliberate mistakes: every rule must fire on them,
 * and on nothing in the parts that are meant to be right. The exact set, as rule and subject, with
 * the mistake each finding is about. The usage rules (category `usage`) need usage evidence, which
 * the example alone does not carry: they fire only with the sample CloudTrail logs (below).
 */
const EXPECTED: ReadonlyArray<readonly [rule: string, subject: string, mistake: number]> = [
  ['trust-account-root-without-condition', 'arn:aws:iam::444444444444:role/legacy-admin', 4],
  ['trust-account-root-without-condition', 'arn:aws:iam::444444444444:role/acme-monitoring', 5],
  ['trust-outside-organization-without-external-id', 'arn:aws:iam::444444444444:role/acme-monitoring', 5],
  ['service-principal-without-source-condition', 'arn:aws:sqs:us-east-1:555555555555:alerts', 6],
  ['public-resource-policy', 'arn:aws:s3:::example-sandbox-datasets', 8],
  ['encrypted-share-without-key-access', 'arn:aws:s3:::example-prod-data-lake', 3],
  ['deleted-principal-in-policy', 'arn:aws:iam::444444444444:role/audit', 9],
  ['iam-user-access-keys-cross-account', 'arn:aws:iam::333333333333:user/jenkins', 10],
  ['external-access-outside-organization', 'arn:aws:sqs:us-east-1:444444444444:orders-dlq', 11],
  ['aws-managed-key-on-shared-resource', 'arn:aws:secretsmanager:us-east-1:444444444444:secret:orders-db-credentials-Ab12Cd', 12],
  ['scp-allow-list-gap', 'arn:aws:organizations::111111111111:account/o-exmpl12345/888888888888', 13],
  ['scp-on-management-account-workloads', 'arn:aws:iam::111111111111:role/ops-admin', 14],
  ['scp-used-as-data-perimeter', 'arn:aws:organizations::111111111111:ou/o-exmpl12345/ou-ex01-security', 15],
  ['rcp-unsupported-service', 'arn:aws:organizations::111111111111:ou/o-exmpl12345/ou-ex01-workloads', 16],
  ['logging-delivery-refused', 'arn:aws:s3:::example-org-data-events', 17],
  ['kms-key-not-enabled-on-shared-resource', 'arn:aws:kms:us-east-1:444444444444:key/7a7a7a7a-0000-4000-8000-000000000444', 18],
];

const catalog = loadServiceCatalog();
const key = (rule: string, subject: string): string => `${rule} ${subject}`;
const expected = EXPECTED.map(([rule, subject]) => key(rule, subject)).sort();

describe.each(['examples/org-estate.yaml', 'examples/org-estate-snapshot'])('findings on %s', (path) => {
  const { estate } = loadEstate(path, { catalog });
  const { findings } = runFindings(estate, { catalog });

  it('are exactly the deliberate mistakes', () => {
    expect(findings.map((f) => key(f.ruleId, f.subject)).sort()).toEqual(expected);
  });

  it('every rule fires on the example, but the usage rules, which have no usage evidence here', () => {
    expect(new Set(findings.map((f) => f.ruleId))).toEqual(new Set(FINDING_RULES.filter((r) => r.category !== 'usage').map((r) => r.id)));
  });

  it('each finding names its policy and statement where one is at fault, with a line in the input, and a fix with an account', () => {
    for (const f of findings) {
      expect(f.fix.account, f.ruleId).toMatch(/^\d{12}$/);
      expect(f.fix.summary.length, f.ruleId).toBeGreaterThan(0);
      if (f.policy) expect(f.policy.source?.file, `${f.ruleId} ${f.policy.name}`).toBeDefined();
      if (f.statement) expect(f.statement.source?.line, `${f.ruleId} statement`).toBeGreaterThan(0);
      expect(f.fingerprint).toMatch(/^[0-9a-f]{32}$/);
    }
  });
});

describe('where the findings point in a snapshot', () => {
  it('the file under accounts/… that holds the policy, and the statement’s line', () => {
    const { estate } = loadEstate('examples/org-estate-snapshot', { catalog });
    const f = runFindings(estate, { catalog, rules: ['trust-account-root-without-condition'] }).findings.find((x) => x.subject.endsWith('role/legacy-admin'))!;
    expect(f.statement?.source?.file).toBe('examples/org-estate-snapshot/accounts/444444444444/iam/get-account-authorization-details.json');
    expect(f.statement?.source?.line).toBeGreaterThan(1);
  });
});

/**
 * With the bundled CloudTrail sample (examples/cloudtrail/README.md: 26 records over 71 minutes,
 * made from the scenario's requests) as usage evidence, the usage rules fire on exactly the access
 * the sample does not show used.
 */
const USAGE_EXPECTED: ReadonlyArray<readonly [rule: string, subject: string, why: string]> = [
  // The deploy role of analytics trusts ci's role ci-runner and its user jenkins (mistake 10); the
  // sample has ci-runner assume it (00:01Z), never jenkins. The other cross-account trusts are
  // used in it: prod's deploy, audit and legacy-admin, and acme-monitoring (from 999999999999).
  ['unused-cross-account-trust', 'arn:aws:iam::555555555555:role/deploy', 'jenkins never assumes it'],
  // The generator makes no Identity Center sign-ins: no session of an AWSReservedSSO_* role at all,
  // so every assigned person (carol through Auditors; alice and bob through DataPlatform; dave
  // directly) is unused.
  ['identity-center-assignment-unused', 'arn:aws:iam::222222222222:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_AuditReadOnly_5d0c8a1e9b3f7a21', 'carol never signs in'],
  ['identity-center-assignment-unused', 'arn:aws:iam::444444444444:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_DataLakeRead_8f3e2b6c1a9d4e70', 'alice never signs in'],
  ['identity-center-assignment-unused', 'arn:aws:iam::444444444444:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_DataLakeRead_8f3e2b6c1a9d4e70', 'bob never signs in'],
  ['identity-center-assignment-unused', 'arn:aws:iam::888888888888:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_SandboxAdmin_1e6a9c3b7d2f0845', 'dave never signs in'],
];

describe('usage findings on examples/org-estate.yaml with the sample CloudTrail logs', () => {
  const usageRules = FINDING_RULES.filter((r) => r.category === 'usage').map((r) => r.id);

  async function usageFindings() {
    const { estate } = loadEstate('examples/org-estate.yaml', { catalog });
    const log = new UsageLog(estate);
    const twins = new EventTwins((record) => log.add(record));
    const summary = await readCloudTrail(['examples/cloudtrail'], { onRecord: (record, source) => twins.add(record, source) });
    twins.flush();
    expect(summary.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const usage = { log, now: Date.parse(estate.collectedAt ?? '') || log.window!.to, unusedDays: 90 };
    return runFindings(estate, { catalog, rules: usageRules, usage }).findings;
  }

  it('the usage rules are the two of the registry', () => {
    expect(usageRules).toEqual(['unused-cross-account-trust', 'identity-center-assignment-unused']);
  });

  it('fire on exactly the access the sample does not show used', async () => {
    const findings = await usageFindings();
    expect(findings.map((f) => key(f.ruleId, f.subject)).sort()).toEqual(USAGE_EXPECTED.map(([rule, subject]) => key(rule, subject)).sort());
  });

  it('say who did not use what, and that the logs cover fewer days than asked', async () => {
    const findings = await usageFindings();
    const people = findings.filter((f) => f.ruleId === 'identity-center-assignment-unused').map((f) => /^`([^`]+)`/.exec(f.message)?.[1]).sort();
    expect(people).toEqual(['alice@example.com', 'bob@example.com', 'carol@example.com', 'dave@example.com']);
    const trust = findings.find((f) => f.ruleId === 'unused-cross-account-trust')!;
    expect(trust.message).toContain('jenkins');
    for (const f of findings) expect(f.message, f.ruleId).toMatch(/fewer than the 90 asked/);
  });
});
