import { describe, expect, it } from 'vitest';
import { applyBaseline } from '../../../src/analyses/findings/apply-baseline.js';
import { fingerprintOf } from '../../../src/analyses/findings/fingerprint.js';
import { runFindings } from '../../../src/analyses/findings/run-findings.js';
import { loadServiceCatalog } from '../../../src/catalog/iam-data-catalog.js';
import { loadEstate } from '../../../src/loaders/load-estate.js';

const catalog = loadServiceCatalog();

describe('baselines written when findings were one per principal still match a finding about a set (docs/access-map.md#format-version)', () => {
  const { estate } = loadEstate('test/fixtures/access-map/principal-classes.yaml', { catalog });
  const findings = runFindings(estate, { catalog }).findings;
  const share = findings.find((f) => f.ruleId === 'encrypted-share-without-key-access' && f.message.includes('principals in'))!;

  it('the set finding carries the fingerprints each member had on its own: rule, subject, key policy, member and key', () => {
    expect(share).toBeDefined();
    const key = share.evidence[1]!.split(' ')[3]!.replace(/:$/, '');
    const former = ['arn:aws:iam::222222222222:role/reader-1', 'arn:aws:iam::444444444444:role/worker-1'].map((member) =>
      fingerprintOf({ ruleId: share.ruleId, subject: share.subject, ...(share.policy ? { policy: share.policy.name } : {}), key: `${member}\u0000${key}` }),
    );
    for (const f of former) expect(share.replaces).toContain(f);
    expect(share.replaces!.length).toBe(7);
  });

  it('a baseline that accepts every member in the old form accepts the set, and says which fingerprint to write instead', () => {
    const entries = share.replaces!.map((fingerprint) => ({ fingerprint, reason: 'accepted before the map grouped principals' }));
    const split = applyBaseline(findings, entries);
    expect(split.findings).not.toContain(share);
    expect(split.suppressed.map((s) => s.finding)).toContain(share);
    expect(split.stale).toEqual([]);
    expect(split.migrate.map((m) => m.fingerprint)).toEqual(share.replaces!.map(() => share.fingerprint));
  });

  it('a baseline that accepts only some of the members does not accept the set: the others were never accepted', () => {
    const entries = share.replaces!.slice(1).map((fingerprint) => ({ fingerprint, reason: 'partial' }));
    const split = applyBaseline(findings, entries);
    expect(split.findings).toContain(share);
    expect(split.migrate).toEqual([]);
  });
});
