import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runFindings } from '../../../src/analyses/findings/run-findings.js';
import { loadServiceCatalog } from '../../../src/catalog/iam-data-catalog.js';
import { loadEstate } from '../../../src/loaders/load-estate.js';

/** An authorization-details export alone: the organization was not collected, so membership is unknown. */
const catalog = loadServiceCatalog();
const dir = mkdtempSync(join(tmpdir(), 'trustmap-known-'));
const gaad = join(dir, 'gaad.json');
writeFileSync(
  gaad,
  JSON.stringify({
    UserDetailList: [],
    GroupDetailList: [],
    Policies: [],
    RoleDetailList: [
      {
        Path: '/',
        RoleName: 'vendor-monitoring',
        RoleId: 'AROAEXAMPLEVENDOR0001',
        Arn: 'arn:aws:iam::200000000000:role/vendor-monitoring',
        CreateDate: '2026-01-01T00:00:00Z',
        AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::464622532012:role/DatadogIntegration' }, Action: 'sts:AssumeRole' }] },
        RolePolicyList: [],
        AttachedManagedPolicies: [],
        InstanceProfileList: [],
        Tags: [],
      },
    ],
  }),
);

describe('--known-accounts when the organization was not collected', () => {
  const { estate } = loadEstate(gaad, { catalog });

  it('an unknown account is of unknown membership: the finding is medium and says so', () => {
    const [f] = runFindings(estate, { catalog, rules: ['trust-outside-organization-without-external-id'] }).findings;
    expect(f?.severity).toBe('medium');
    expect(f?.message).toContain('of an organization that was not collected');
  });

  it('a known vendor is outside the organization whatever was collected, and is named', () => {
    const [f] = runFindings(estate, { catalog, rules: ['trust-outside-organization-without-external-id'], knownAccounts: new Map([['464622532012', 'Datadog']]) }).findings;
    expect(f?.severity).toBe('high');
    expect(f?.message).toContain('from account 464622532012 (Datadog), outside the organization');
    expect(f?.evidence).toContain('464622532012 is Datadog (--known-accounts)');
  });
});
