import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { applyBaseline } from '../../../src/analyses/findings/apply-baseline.js';
import { fingerprintOf } from '../../../src/analyses/findings/fingerprint.js';
import { runFindings } from '../../../src/analyses/findings/run-findings.js';
import { loadServiceCatalog } from '../../../src/catalog/iam-data-catalog.js';
import { loadScenarioText } from '../../../src/loaders/scenario/index.js';

const catalog = loadServiceCatalog();
const text = readFileSync('examples/org-estate.yaml', 'utf8');

function fingerprints(scenario: string): Map<string, string> {
  const { estate } = loadScenarioText(scenario, 'examples/org-estate.yaml', { catalog });
  return new Map(runFindings(estate, { catalog }).findings.map((f) => [f.fingerprint, `${f.ruleId} ${f.subject}`]));
}

describe('finding fingerprints', () => {
  const base = fingerprints(text);

  it('name an unnamed inline policy of a scenario and the inline policy its snapshot writes the same way', () => {
    const parts = { ruleId: 'r', subject: 'arn:aws:iam::333333333333:user/jenkins', statement: { index: 0, sid: 'S' } };
    expect(fingerprintOf({ ...parts, policy: 'arn:aws:iam::333333333333:user/jenkins#inline-0' })).toBe(fingerprintOf({ ...parts, policy: 'arn:aws:iam::333333333333:user/jenkins#inline:inline-0' }));
    expect(fingerprintOf({ ...parts, policy: 'arn:aws:iam::333333333333:user/jenkins#inline-0' })).not.toBe(fingerprintOf({ ...parts, policy: 'arn:aws:iam::333333333333:user/jenkins#inline:inline-1' }));
  });

  it('do not move with lines: comments and blank lines above every policy change no fingerprint', () => {
    const moved = fingerprints(text.replace('contextDefaults:', '# a comment\n\n# and another\n\ncontextDefaults:').replace(/^resources:$/m, '# resources follow\n\nresources:'));
    expect([...moved.keys()].sort()).toEqual([...base.keys()].sort());
  });

  it('do not change when other statements are added to the same policy', () => {
    const edited = text.replace(
      '        - Sid: ShareWithEveryone',
      '        - Sid: OwnerReads\n          Effect: Allow\n          Principal: { AWS: "arn:aws:iam::888888888888:root" }\n          Action: s3:ListBucket\n          Resource: arn:aws:s3:::example-sandbox-datasets\n        - Sid: ShareWithEveryone',
    );
    expect([...fingerprints(edited).keys()].sort()).toEqual([...base.keys()].sort());
  });

  it('are told apart by rule, subject, policy, statement and key', () => {
    const parts = { ruleId: 'r', subject: 'arn:aws:s3:::b', policy: 'p', statement: { index: 0, sid: 'S' }, key: 'k' };
    const all = [
      fingerprintOf(parts),
      fingerprintOf({ ...parts, ruleId: 'r2' }),
      fingerprintOf({ ...parts, subject: 'arn:aws:s3:::c' }),
      fingerprintOf({ ...parts, policy: 'q' }),
      fingerprintOf({ ...parts, statement: { index: 0, sid: 'T' } }),
      fingerprintOf({ ...parts, key: 'k2' }),
    ];
    expect(new Set(all).size).toBe(all.length);
    // A statement with a Sid is known by it, not by where it sits.
    expect(fingerprintOf({ ...parts, statement: { index: 3, sid: 'S' } })).toBe(all[0]);
    expect(fingerprintOf({ ...parts, statement: { index: 3 } })).not.toBe(fingerprintOf({ ...parts, statement: { index: 4 } }));
  });

  it('a baseline accepts findings by fingerprint and reports the entries that match nothing', () => {
    const { estate } = loadScenarioText(text, 'examples/org-estate.yaml', { catalog });
    const { findings } = runFindings(estate, { catalog });
    const accepted = findings.find((f) => f.ruleId === 'deleted-principal-in-policy')!;
    const split = applyBaseline(findings, [
      { fingerprint: accepted.fingerprint, reason: 'kept on purpose until the audit closes' },
      { fingerprint: '0'.repeat(32), reason: 'fixed long ago' },
    ]);
    expect(split.findings).toHaveLength(findings.length - 1);
    expect(split.suppressed.map((s) => s.finding.fingerprint)).toEqual([accepted.fingerprint]);
    expect(split.stale.map((e) => e.fingerprint)).toEqual(['0'.repeat(32)]);
  });
});
