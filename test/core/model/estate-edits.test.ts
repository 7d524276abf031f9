import { describe, expect, it } from 'vitest';
import { withGroup, withPrincipal, withResource } from '../../../src/core/model/estate-edits.js';
import type { Account, Estate, Resource, Role } from '../../../src/core/model/estate.js';

const role: Role = { kind: 'role', arn: 'arn:aws:iam::111111111111:role/r', name: 'r', path: '/', accountId: '111111111111', policies: [], tags: {}, isServiceLinked: false };
const account: Account = {
  id: '111111111111',
  iamCollected: true,
  users: new Map(),
  roles: new Map([['r', role]]),
  groups: new Map([['g', { name: 'g', arn: 'arn:aws:iam::111111111111:group/g', policies: [] }]]),
  identityProviders: [],
  trails: [],
};
const other: Account = { ...account, id: '222222222222', roles: new Map() };
const bucket: Resource = { arn: 'arn:aws:s3:::b', type: 'bucket', service: 's3', accountId: '111111111111', policy: null, tags: {} };
const estate: Estate = {
  partition: 'aws',
  organizationStatus: 'none',
  accounts: new Map([
    ['111111111111', account],
    ['222222222222', other],
  ]),
  resources: new Map([[bucket.arn, bucket]]),
};

describe('estate edits: copies share what they do not replace, and never change the original', () => {
  it('withPrincipal replaces one role', () => {
    const changed = { ...role, tags: { team: 'x' } };
    const copy = withPrincipal(estate, changed);
    expect(copy.accounts.get('111111111111')!.roles.get('r')).toBe(changed);
    expect(estate.accounts.get('111111111111')!.roles.get('r')).toBe(role);
    expect(copy.accounts.get('222222222222')).toBe(other);
    expect(copy.resources).toBe(estate.resources);
  });

  it('withGroup replaces one group', () => {
    const g = { name: 'g', arn: 'arn:aws:iam::111111111111:group/g', policies: [] };
    const copy = withGroup(estate, '111111111111', g);
    expect(copy.accounts.get('111111111111')!.groups.get('g')).toBe(g);
    expect(copy.accounts.get('111111111111')!.roles).toBe(account.roles);
    expect(estate.accounts.get('111111111111')!.groups.get('g')).not.toBe(g);
  });

  it('withResource replaces or adds a resource', () => {
    const queue: Resource = { arn: 'arn:aws:sqs:us-east-1:111111111111:q', type: 'queue', service: 'sqs', accountId: '111111111111', policy: null, tags: {} };
    const copy = withResource(withResource(estate, { ...bucket, tags: { a: 'b' } }), queue);
    expect(copy.resources.get(queue.arn)).toBe(queue);
    expect(copy.resources.get(bucket.arn)!.tags).toEqual({ a: 'b' });
    expect(estate.resources.size).toBe(1);
    expect(estate.resources.get(bucket.arn)).toBe(bucket);
    expect(copy.accounts).toBe(estate.accounts);
  });

  it('an edit for an account the estate does not hold leaves it as it is', () => {
    expect(withPrincipal(estate, { ...role, accountId: '333333333333' })).toBe(estate);
  });
});
