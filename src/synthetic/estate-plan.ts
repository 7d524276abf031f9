import { planIdentityCenter, type IdentityCenterPlan } from './identity-center-plan.js';
import { countOfKind, bucketUsesKms } from './resource-slots.js';
import { SeededRandom } from './seeded-random.js';
import type { SyntheticEstateOptions } from './synthetic-options.js';

/**
 * The shape of a synthetic organization, decided before any account is built: which account is
 * which, where it sits, and every relation that crosses accounts (shares, subscriptions, chains,
 * vendor trusts). It is small (a few numbers per account), so a 10,000-account estate can be planned
 * whole and then built and written one account at a time.
 */
export type AccountKind = 'management' | 'security' | 'ci' | 'shared-services' | 'workload';
export type Environment = 'prod' | 'nonprod' | 'sandbox';
export type OuKey = 'security' | 'infrastructure' | 'workloads' | 'prod' | 'nonprod' | 'sandbox';

export interface PlannedOu {
  readonly key: OuKey;
  readonly id: string;
  readonly name: string;
  readonly parentId: string;
}

export interface PlannedAccount {
  readonly index: number;
  readonly id: string;
  readonly name: string;
  readonly kind: AccountKind;
  readonly environment?: Environment;
  /** The team whose names its resources carry (`orders`, `payments`…). */
  readonly team: string;
  readonly parentId: string;
  readonly region: string;
}

export interface PlannedVendor {
  readonly name: string;
  readonly accountId: string;
}

/** A role of a workload account that a vendor outside the organization assumes. */
export interface PlannedVendorRole {
  readonly account: number;
  readonly vendor: number;
  /** Undefined: trusted without `sts:ExternalId` (the confused-deputy mistake). */
  readonly externalId?: string;
}

/** A chain of roles across accounts: a Lambda function's role, then `hops` assumptions. */
export interface PlannedChain {
  readonly index: number;
  readonly hops: number;
  /** The account of each role of the chain, `hops + 1` of them. */
  readonly accounts: readonly number[];
}

/** A bucket shared with another account, named by role or by account. */
export interface PlannedBucketShare {
  readonly producer: number;
  readonly bucket: number;
  readonly consumer: number;
  /** The consumer's app role that reads it. */
  readonly consumerApp: number;
  readonly principal: 'role' | 'account';
  /** For SSE-KMS buckets: whether the data key's policy lets the consumer decrypt too. */
  readonly keyGrant: 'granted' | 'forgotten' | 'no-key';
}

/** A topic delivering to a queue of another account. */
export interface PlannedSubscription {
  readonly producer: number;
  readonly topic: number;
  readonly consumer: number;
  readonly queue: number;
}

export interface PlannedUser {
  readonly name: string;
  readonly purpose: 'org-admin' | 'security-engineer' | 'legacy-ci' | 'batch-uploader';
}

/** An app role of another account that a dense-profile app role trusts. */
export interface PlannedAppTrust {
  readonly account: number;
  readonly app: number;
}

/**
 * What the `dense` profile adds to the plan (docs/scale.md, "The dense profile"). It is drawn from
 * a stream of its own (`derive(seed, 'dense')`), after and apart from every default draw, so the
 * default part of a dense estate is the default estate, byte for byte.
 */
export interface DensePlan {
  /** Buckets readable by every principal of the organization (`Principal: *`, `aws:PrincipalOrgID`): account → bucket ordinals. */
  readonly orgWideBuckets: ReadonlyMap<number, ReadonlySet<number>>;
  /** Account → for each topic ordinal, the other account whose root may publish to it. */
  readonly topicPublishers: ReadonlyMap<number, readonly number[]>;
  /** Account → app ordinal → the app role of another account it trusts besides its service. */
  readonly appTrusts: ReadonlyMap<number, ReadonlyMap<number, PlannedAppTrust>>;
}

/** Share of the buckets the dense profile opens to the organization, and of app roles that trust another account's app role. */
export const DENSE_ORG_WIDE_BUCKET_SHARE = 0.07;
export const DENSE_APP_TRUST_SHARE = 0.15;

export interface SyntheticPlan {
  readonly options: SyntheticEstateOptions;
  readonly partition: 'aws';
  readonly organizationId: string;
  readonly rootId: string;
  readonly ous: readonly PlannedOu[];
  readonly accounts: readonly PlannedAccount[];
  readonly vendors: readonly PlannedVendor[];
  readonly vendorRoles: ReadonlyMap<number, readonly PlannedVendorRole[]>;
  readonly breakGlass: ReadonlySet<number>;
  readonly legacyAdmin: ReadonlySet<number>;
  readonly chains: readonly PlannedChain[];
  readonly sharesFrom: ReadonlyMap<number, readonly PlannedBucketShare[]>;
  readonly sharesTo: ReadonlyMap<number, readonly PlannedBucketShare[]>;
  readonly subscriptionsFrom: ReadonlyMap<number, readonly PlannedSubscription[]>;
  readonly subscriptionsTo: ReadonlyMap<number, readonly PlannedSubscription[]>;
  readonly users: ReadonlyMap<number, readonly PlannedUser[]>;
  /** Buckets of the shared-services account readable by the whole organization (`aws:PrincipalOrgID`). */
  readonly artifactBuckets: number;
  /** App roles in every account: what `rolesPerAccount` leaves after the fixed roles, and at least two. */
  readonly appRoles: readonly number[];
  /** Roles in every account: its fixed roles, its app roles, and its IAM Identity Center roles. */
  readonly roleCounts: readonly number[];
  /** Present for the `dense` profile only. */
  readonly dense?: DensePlan;
  /** Present with the `identityCenter` option only. */
  readonly identityCenter?: IdentityCenterPlan;
}

/** Index of each core account; workloads follow. */
export const CORE = { management: 0, security: 1, ci: 2, sharedServices: 3 } as const;
export const FIRST_WORKLOAD = 4;

const TEAMS = ['orders', 'payments', 'billing', 'catalog', 'search', 'inventory', 'shipping', 'identity', 'reports', 'analytics', 'checkout', 'notify', 'pricing', 'media', 'ledger', 'fraud'];
const VENDORS = ['acme-monitoring', 'cloudcost-insights', 'backupvault'];
const REGIONS = ['us-east-1', 'us-east-1', 'us-east-1', 'eu-west-1'];

/** Deterministic for the options: the same seed always gives the same plan. */
export function planSyntheticEstate(options: SyntheticEstateOptions): SyntheticPlan {
  const rng = SeededRandom.derive(options.seed, 'plan');
  const ids = new Set<string>();
  const freshId = (): string => {
    for (;;) {
      const id = `${rng.int(100000, 999999)}${String(rng.int(0, 999999)).padStart(6, '0')}`;
      if (!ids.has(id)) {
        ids.add(id);
        return id;
      }
    }
  };
  const rootSuffix = rng.text(4);
  const rootId = `r-${rootSuffix}`;
  const ouId = (): string => `ou-${rootSuffix}-${rng.text(8)}`;
  const ous = planOus(rootId, ouId);
  const ouOf = (key: OuKey): string => ous.find((o) => o.key === key)!.id;

  const accounts: PlannedAccount[] = [];
  const counters = new Map<string, number>();
  for (let index = 0; index < options.accounts; index++) {
    const kind = coreKind(index);
    const environment = kind === 'workload' ? workloadEnvironment(index, rng) : undefined;
    const team = kind === 'workload' ? rng.pick(TEAMS) : kind;
    const label = environment ? `${team}-${environment}` : team;
    const n = (counters.get(label) ?? 0) + 1;
    counters.set(label, n);
    accounts.push({
      index,
      id: freshId(),
      name: kind === 'workload' ? `${label}-${n}` : kind,
      kind,
      ...(environment ? { environment } : {}),
      team,
      parentId: kind === 'management' ? rootId : ouOf(kind === 'security' ? 'security' : kind === 'workload' ? environment! : 'infrastructure'),
      region: kind === 'workload' ? rng.pick(REGIONS) : 'us-east-1',
    });
  }
  const vendors = VENDORS.map((name) => ({ name, accountId: freshId() }));
  const workloads = accounts.filter((a) => a.kind === 'workload').map((a) => a.index);
  const members = accounts.filter((a) => a.kind !== 'management').map((a) => a.index);
  const resources = options.resourcesPerAccount;

  const vendorRoles = planVendorRoles(workloads, vendors.length, rng);
  const breakGlass = new Set(workloads.filter((i, n) => accounts[i]!.environment === 'prod' && (n === 0 || rng.chance(0.1))));
  const legacyAdmin = new Set(workloads.filter((_, n) => n === 0 || rng.chance(0.02)));
  const chains = planChains(options.accounts, members, rng);
  const shares = planShares(workloads, members, countOfKind('bucket', resources), rng);
  const subscriptions = planSubscriptions(workloads, members, countOfKind('topic', resources), countOfKind('queue', resources), rng);
  const users = planUsers(workloads, rng);

  const fixed = fixedRoleCounts(accounts, vendorRoles, breakGlass, legacyAdmin, chains);
  const appRoles = fixed.map((n) => Math.max(2, options.rolesPerAccount - n));
  const artifactBuckets = Math.max(1, Math.min(Math.ceil(options.accounts / 50), countOfKind('bucket', resources) - 1));
  const dense = options.profile === 'dense' ? planDense(options, accounts, appRoles, artifactBuckets) : undefined;
  const identityCenter = options.identityCenter === true ? planIdentityCenter(options.seed, accounts, FIRST_WORKLOAD) : undefined;
  const ssoRoles = (index: number): number => identityCenter?.provisioned.get(index)?.length ?? 0;
  return {
    options,
    partition: 'aws',
    organizationId: `o-${rng.text(10)}`,
    rootId,
    ous,
    accounts,
    vendors,
    vendorRoles: groupBy(vendorRoles, (v) => v.account),
    breakGlass,
    legacyAdmin,
    chains,
    sharesFrom: groupBy(shares, (s) => s.producer),
    sharesTo: groupBy(shares, (s) => s.consumer),
    subscriptionsFrom: groupBy(subscriptions, (s) => s.producer),
    subscriptionsTo: groupBy(subscriptions, (s) => s.consumer),
    users,
    artifactBuckets,
    appRoles,
    roleCounts: fixed.map((n, i) => n + appRoles[i]! + ssoRoles(i)),
    ...(dense !== undefined ? { dense } : {}),
    ...(identityCenter !== undefined ? { identityCenter } : {}),
  };
}

function coreKind(index: number): AccountKind {
  switch (index) {
    case CORE.management:
      return 'management';
    case CORE.security:
      return 'security';
    case CORE.ci:
      return 'ci';
    case CORE.sharedServices:
      return 'shared-services';
    default:
      return 'workload';
  }
}

/** The first three workload accounts are prod, nonprod and sandbox, so every small estate has each; then 40/40/20. */
function workloadEnvironment(index: number, rng: SeededRandom): Environment {
  const first: readonly Environment[] = ['prod', 'nonprod', 'sandbox'];
  const n = index - FIRST_WORKLOAD;
  if (n < first.length) return first[n]!;
  const draw = rng.next();
  return draw < 0.4 ? 'prod' : draw < 0.8 ? 'nonprod' : 'sandbox';
}

function planOus(rootId: string, ouId: () => string): PlannedOu[] {
  const security = { key: 'security' as const, id: ouId(), name: 'Security', parentId: rootId };
  const infrastructure = { key: 'infrastructure' as const, id: ouId(), name: 'Infrastructure', parentId: rootId };
  const workloads = { key: 'workloads' as const, id: ouId(), name: 'Workloads', parentId: rootId };
  const prod = { key: 'prod' as const, id: ouId(), name: 'Prod', parentId: workloads.id };
  const nonprod = { key: 'nonprod' as const, id: ouId(), name: 'NonProd', parentId: workloads.id };
  const sandbox = { key: 'sandbox' as const, id: ouId(), name: 'Sandbox', parentId: rootId };
  return [security, infrastructure, workloads, prod, nonprod, sandbox];
}

/**
 * About one workload account in ten trusts a vendor, with `sts:ExternalId`. The first workload
 * account trusts two vendors, one of them without it (the confused-deputy mistake), and a large
 * estate has a second such role.
 */
function planVendorRoles(workloads: readonly number[], vendors: number, rng: SeededRandom): PlannedVendorRole[] {
  const externalId = (): string => rng.text(20, '0123456789ABCDEF');
  const roles: PlannedVendorRole[] = [];
  workloads.forEach((account, n) => {
    if (n === 0) roles.push({ account, vendor: 0, externalId: externalId() }, { account, vendor: 1 });
    else if (rng.chance(0.1)) roles.push({ account, vendor: rng.int(0, vendors - 1), externalId: externalId() });
  });
  if (roles.length >= 20) {
    const middle = Math.floor(roles.length / 2);
    roles[middle] = { account: roles[middle]!.account, vendor: roles[middle]!.vendor };
  }
  return roles;
}

/** Two chains, and one more per 500 accounts (at most 12), of 4 to 6 hops through member accounts. */
function planChains(accountCount: number, members: readonly number[], rng: SeededRandom): PlannedChain[] {
  const count = Math.min(12, 2 + Math.floor(accountCount / 500));
  return Array.from({ length: count }, (_, index) => {
    const hops = rng.int(4, 6);
    const accounts: number[] = [];
    for (let h = 0; h <= hops; h++) {
      let account = rng.pick(members);
      while (accounts.length > 0 && account === accounts[accounts.length - 1]) account = rng.pick(members);
      accounts.push(account);
    }
    return { index, hops, accounts };
  });
}

/**
 * About three workload accounts in ten share a bucket with another member account. The first
 * workload shares one SSE-KMS bucket twice: with a role whose key grant is there, and with a whole
 * account that the key policy forgets; later shares forget the key one time in ten.
 */
function planShares(workloads: readonly number[], members: readonly number[], buckets: number, rng: SeededRandom): PlannedBucketShare[] {
  const shares: PlannedBucketShare[] = [];
  const consumerOf = (producer: number): number => {
    for (;;) {
      const c = rng.pick(members);
      if (c !== producer) return c;
    }
  };
  workloads.forEach((producer, n) => {
    if (n === 0) {
      const first = consumerOf(producer);
      let second = consumerOf(producer);
      while (second === first && members.length > 2) second = consumerOf(producer);
      shares.push({ producer, bucket: 0, consumer: first, consumerApp: 0, principal: 'role', keyGrant: 'granted' });
      shares.push({ producer, bucket: 0, consumer: second, consumerApp: 1, principal: 'account', keyGrant: 'forgotten' });
      return;
    }
    if (!rng.chance(0.3)) return;
    const bucket = rng.int(0, buckets - 1);
    const principal = rng.chance(0.7) ? 'role' : 'account';
    const keyGrant = !bucketUsesKms(bucket) ? 'no-key' : rng.chance(0.1) ? 'forgotten' : 'granted';
    shares.push({ producer, bucket, consumer: consumerOf(producer), consumerApp: rng.int(0, 1), principal, keyGrant });
  });
  return shares;
}

/** About three workload accounts in ten deliver a topic to a queue of another member account; the first always does. */
function planSubscriptions(workloads: readonly number[], members: readonly number[], topics: number, queues: number, rng: SeededRandom): PlannedSubscription[] {
  const out: PlannedSubscription[] = [];
  workloads.forEach((producer, n) => {
    if (n !== 0 && !rng.chance(0.3)) return;
    let consumer = rng.pick(members);
    while (consumer === producer) consumer = rng.pick(members);
    out.push({ producer, topic: rng.int(0, topics - 1), consumer, queue: rng.int(0, queues - 1) });
  });
  return out;
}

/** IAM users with access keys: the management account's admin, two security engineers, a legacy CI user, and a batch uploader in one workload account in 25. */
function planUsers(workloads: readonly number[], rng: SeededRandom): Map<number, PlannedUser[]> {
  const users = new Map<number, PlannedUser[]>([
    [CORE.management, [{ name: 'org-admin', purpose: 'org-admin' }]],
    [CORE.security, [{ name: 'security-engineer-1', purpose: 'security-engineer' }, { name: 'security-engineer-2', purpose: 'security-engineer' }]],
    [CORE.ci, [{ name: 'legacy-ci-bot', purpose: 'legacy-ci' }]],
  ]);
  for (const account of workloads) if (rng.chance(0.04)) users.set(account, [{ name: 'batch-uploader', purpose: 'batch-uploader' }]);
  return users;
}

/**
 * The dense profile's relations, from a stream of their own. About 7% of the buckets of every
 * account (not the security account's audit-log bucket nor the artifact buckets, which have their
 * own policies) are opened to the organization; the first workload account always opens its
 * buckets 1 (SSE-S3) and 2 (SSE-KMS). Every topic lets the root of one other account publish.
 * About 15% of app roles trust an app role of another account; the first workload account's app
 * role 0 always does.
 */
function planDense(options: SyntheticEstateOptions, accounts: readonly PlannedAccount[], appRoles: readonly number[], artifactBuckets: number): DensePlan {
  const rng = SeededRandom.derive(options.seed, 'dense');
  const buckets = countOfKind('bucket', options.resourcesPerAccount);
  const topics = countOfKind('topic', options.resourcesPerAccount);
  const otherThan = (index: number): number => {
    for (;;) {
      const other = rng.int(0, accounts.length - 1);
      if (other !== index) return other;
    }
  };
  const orgWideBuckets = new Map<number, Set<number>>();
  const topicPublishers = new Map<number, number[]>();
  const appTrusts = new Map<number, Map<number, PlannedAppTrust>>();
  for (const account of accounts) {
    const open = new Set<number>();
    for (let b = 0; b < buckets; b++) {
      if ((account.kind === 'security' && b === 0) || (account.kind === 'shared-services' && b < artifactBuckets)) continue;
      const drawn = rng.chance(DENSE_ORG_WIDE_BUCKET_SHARE);
      if (drawn || (account.index === FIRST_WORKLOAD && (b === 1 || b === 2))) open.add(b);
    }
    if (open.size > 0) orgWideBuckets.set(account.index, open);
    topicPublishers.set(account.index, Array.from({ length: topics }, () => otherThan(account.index)));
    const trusts = new Map<number, PlannedAppTrust>();
    for (let app = 0; app < appRoles[account.index]!; app++) {
      const drawn = rng.chance(DENSE_APP_TRUST_SHARE);
      if (!drawn && !(account.index === FIRST_WORKLOAD && app === 0)) continue;
      const other = otherThan(account.index);
      trusts.set(app, { account: other, app: rng.int(0, appRoles[other]! - 1) });
    }
    if (trusts.size > 0) appTrusts.set(account.index, trusts);
  }
  return { orgWideBuckets, topicPublishers, appTrusts };
}

/** The roles each account must have before its app roles (see `synthetic-roles.ts`). */
function fixedRoleCounts(
  accounts: readonly PlannedAccount[],
  vendorRoles: readonly PlannedVendorRole[],
  breakGlass: ReadonlySet<number>,
  legacyAdmin: ReadonlySet<number>,
  chains: readonly PlannedChain[],
): number[] {
  const counts = accounts.map((a) => {
    const base = 2; // admin, audit
    const organizationAccess = a.kind === 'management' ? 0 : 1;
    const deploy = a.kind === 'workload' || a.kind === 'shared-services' ? 1 : 0;
    const own = a.kind === 'security' || a.kind === 'ci' ? 1 : 0; // auditor, ci-deployer
    return base + organizationAccess + deploy + own + (breakGlass.has(a.index) ? 1 : 0) + (legacyAdmin.has(a.index) ? 1 : 0);
  });
  for (const v of vendorRoles) counts[v.account]!++;
  for (const chain of chains) for (const account of chain.accounts) counts[account]!++;
  return counts;
}

function groupBy<T>(items: readonly T[], key: (item: T) => number): Map<number, T[]> {
  const out = new Map<number, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}
