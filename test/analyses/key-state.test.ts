import { describe, expect, it } from 'vitest';
import { explainRequest } from '../../src/analyses/explain/explain-request.js';
import { runFindings } from '../../src/analyses/findings/run-findings.js';
import { loadServiceCatalog } from '../../src/catalog/iam-data-catalog.js';
import { loadScenarioText } from '../../src/loaders/scenario/load-scenario-file.js';
import { renderExplainJson } from '../../src/reporters/explain-json.js';
import { renderExplainText } from '../../src/reporters/explain-text.js';

/** A key that is not Enabled (docs/aws-authorization.md#kms-key-state): what `explain` proposes, and the finding. */
const catalog = loadServiceCatalog();
const KEY = 'arn:aws:kms:us-east-1:111111111111:key/0000aaaa-00aa-00aa-00aa-000000000001';

function estate(state: string, more = ''): string {
  return `trustmap: scenario/v1
name: key state
accounts:
  "111111111111":
    name: logs
    users:
      - name: reader
        policies:
          - Version: "2012-10-17"
            Statement: [{ Effect: Allow, Action: ["s3:GetObject", "kms:Decrypt"], Resource: "*" }]
${more}resources:
  - arn: ${KEY}
    keyState: ${state}
    policy:
      Version: "2012-10-17"
      Statement:
        - { Sid: EnableIam, Effect: Allow, Principal: { AWS: "arn:aws:iam::111111111111:root" }, Action: "kms:*", Resource: "*" }
  - arn: arn:aws:s3:::org-logs
    account: "111111111111"
    region: us-east-1
    s3:
      defaultEncryption: { kmsKeyArn: "${KEY}" }
    policy:
      Version: "2012-10-17"
      Statement:
        - Sid: CloudTrailWrites
          Effect: Allow
          Principal: { Service: cloudtrail.amazonaws.com }
          Action: s3:PutObject
          Resource: "arn:aws:s3:::org-logs/AWSLogs/111111111111/*"
          Condition: { StringEquals: { "aws:SourceArn": "arn:aws:cloudtrail:us-east-1:111111111111:trail/main" } }
  - arn: arn:aws:s3:::org-logs/AWSLogs/111111111111/a.json.gz
    kmsKeyArn: ${KEY}
`;
}

const request = { principal: 'arn:aws:iam::111111111111:user/reader', action: 's3:GetObject', resource: 'arn:aws:s3:::org-logs/AWSLogs/111111111111/a.json.gz' };

describe('explain: a key that is not Enabled is fixed in its account, never by a policy statement', () => {
  it.each([
    ['Disabled', ['aws kms enable-key --key-id ' + KEY]],
    ['PendingDeletion', ['aws kms cancel-key-deletion --key-id ' + KEY, 'aws kms enable-key --key-id ' + KEY]],
  ])('%s', (state, commands) => {
    const loaded = loadScenarioText(estate(state), 'key-state.yaml', { catalog });
    expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const e = explainRequest(loaded.estate, request, { catalog });
    expect(e.decision.decision).toBe('ImplicitDeny');
    expect(e.decision.hops[1]?.decidedBy).toBe('key-state');
    expect(e.fixes).toEqual([
      expect.objectContaining({ kind: 'enable-key', account: '111111111111', side: 'target', gate: 'key-state', hops: [1], attachedTo: KEY, commands, verified: true, verifiedDecision: 'Allow' }),
    ]);
    expect(e.fixes.every((f) => f.statement === undefined)).toBe(true);
    expect(e.fixes[0]!.reason).toContain(state === 'Disabled' ? 'enable the key in account 111111111111 (`aws kms enable-key`)' : 'cancel its deletion in account 111111111111 (`aws kms cancel-key-deletion`)');
    const text = renderExplainText(e);
    for (const c of commands) expect(text).toContain(c);
    const json = JSON.parse(renderExplainJson(e, [])) as { fixes: Array<{ kind: string; commands: string[]; statement: unknown }> };
    expect(json.fixes.map((f) => [f.kind, f.commands, f.statement])).toEqual([['enable-key', commands, null]]);
  });

  it('a transient state (Updating) gets a note, no change', () => {
    const loaded = loadScenarioText(estate('Updating'), 'key-state.yaml', { catalog });
    const e = explainRequest(loaded.estate, request, { catalog });
    expect(e.fixes).toEqual([]);
    expect(e.notes.some((n) => n.includes('transient key state Updating'))).toBe(true);
  });

  it('an Enabled key proposes nothing about the key state', () => {
    const loaded = loadScenarioText(estate('Enabled'), 'key-state.yaml', { catalog });
    expect(explainRequest(loaded.estate, request, { catalog }).decision.decision).toBe('Allow');
  });
});

describe('kms-key-not-enabled-on-shared-resource', () => {
  const trail = '    trails:\n      - { arn: "arn:aws:cloudtrail:us-east-1:111111111111:trail/main", bucket: org-logs }\n';

  it('is high where a trail delivers to a bucket the key protects, and logging-delivery-refused leaves it alone', () => {
    const loaded = loadScenarioText(estate('Disabled', trail), 'key-state.yaml', { catalog });
    expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const { findings } = runFindings(loaded.estate, { catalog });
    const found = findings.filter((f) => f.ruleId === 'kms-key-not-enabled-on-shared-resource');
    expect(found.map((f) => [f.severity, f.subject, f.account, f.fix.kind])).toEqual([['high', KEY, '111111111111', 'enable-key']]);
    expect(found[0]!.fix.summary).toContain('aws kms enable-key');
    expect(found[0]!.evidence.some((e) => e.includes('trail/main delivers its log files to arn:aws:s3:::org-logs'))).toBe(true);
    expect(findings.filter((f) => f.ruleId === 'logging-delivery-refused')).toEqual([]);
  });

  it('does not fire for an Enabled key, nor for a key whose state was not collected', () => {
    for (const text of [estate('Enabled', trail), estate('Enabled', trail).replace('    keyState: Enabled\n', '')]) {
      const { findings } = runFindings(loadScenarioText(text, 'key-state.yaml', { catalog }).estate, { catalog });
      expect(findings.filter((f) => f.ruleId === 'kms-key-not-enabled-on-shared-resource')).toEqual([]);
    }
  });
});
