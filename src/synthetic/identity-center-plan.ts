import type { PlannedAccount } from './estate-plan.js';
import { SeededRandom } from './seeded-random.js';

/**
 * What the `identityCenter` option adds to the plan: one IAM Identity Center instance of the
 * management account, scaled to the estate (at 1,000 accounts: 200 users, 20 groups, the 10
 * permission sets below). It is drawn from a stream of its own (`derive(seed, 'identity-center')`),
 * after and apart from every other draw, so the rest of the estate is the estate without it.
 *
 * - Users: one per five accounts (at least 12); each belongs to one to three groups, and every
 *   group has a member.
 * - Groups: one per 50 accounts (at least 6), of the kinds below in turn; each gets one to three
 *   of its kind's permission sets, each in a slice (10 to 40%) of the accounts of one scope (the
 *   management account, an OU). As a landing zone sets them up, the first `platform-admins` group
 *   has `AdministratorAccess` and the first `security-auditors` group `SecurityAudit` in every
 *   account. `DataLakeReader` is always assigned in the data-lake accounts, and the first
 *   `data-engineers` group always has it.
 * - Users assigned directly: the first user holds `AdministratorAccess` in the management account,
 *   and about one user in twenty a permission set in one to three accounts.
 * - Provisioned where nobody is assigned: two or three permission sets stay provisioned to a few
 *   accounts where no assignment is left (the roles an assignment removed later leaves behind).
 */
export interface IdentityCenterPlan {
  /** `ssoins-` and 16 hex digits. */
  readonly instanceId: string;
  /** `d-` and 10 hex digits. */
  readonly identityStoreId: string;
  /** The 16 hex digits of the SAML provider `AWSSSO_<hex>_DO_NOT_DELETE` the instance creates in each account. */
  readonly samlProviderHex: string;
  readonly users: readonly PlannedSsoUser[];
  readonly groups: readonly PlannedSsoGroup[];
  /** One per entry of `PERMISSION_SETS`, in its order. */
  readonly permissionSetIds: readonly string[];
  readonly assignments: readonly PlannedAssignment[];
  /** Account index → ordinals (into `PERMISSION_SETS`) of the permission sets provisioned there, ascending. */
  readonly provisioned: ReadonlyMap<number, readonly number[]>;
  /** Workload accounts (the first one always) whose buckets 0 and 1 the `DataLakeReader` permission set reads. */
  readonly dataLakeAccounts: readonly number[];
}

export interface PlannedSsoUser {
  readonly id: string;
  readonly userName: string;
  readonly displayName: string;
}

export interface PlannedSsoGroup {
  readonly id: string;
  readonly displayName: string;
  readonly description: string;
  /** Indexes into `users`, ascending. */
  readonly members: readonly number[];
}

export interface PlannedAssignment {
  readonly account: number;
  /** Ordinal into `PERMISSION_SETS`. */
  readonly permissionSet: number;
  readonly principalType: 'USER' | 'GROUP';
  /** Index into `users` or `groups`. */
  readonly principal: number;
}

/** Where an account sits, as a group's assignments slice them: the management account, or its OU. */
export type AccountScope = 'management' | 'security' | 'infrastructure' | 'prod' | 'nonprod' | 'sandbox';

export type PermissionSetName =
  | 'AdministratorAccess'
  | 'ReadOnlyAccess'
  | 'PowerUserAccess'
  | 'DataEngineer'
  | 'Billing'
  | 'SecurityAudit'
  | 'NetworkAdmin'
  | 'DeveloperAccess'
  | 'SupportUser'
  | 'DataLakeReader';

export interface PermissionSetSpec {
  readonly name: PermissionSetName;
  readonly description: string;
  readonly sessionDuration: string;
  /** AWS managed policies attached. */
  readonly managedPolicies: readonly string[];
  /** Whether it has an inline policy (`synthetic-identity-center.ts` writes it). */
  readonly inline: boolean;
}

const AWS_POLICY = 'arn:aws:iam::aws:policy/';

/** The permission sets of the instance, each with AWS managed policies, an inline policy, or both. */
export const PERMISSION_SETS: readonly PermissionSetSpec[] = [
  { name: 'AdministratorAccess', description: 'Full access to AWS services and resources', sessionDuration: 'PT1H', managedPolicies: [`${AWS_POLICY}AdministratorAccess`], inline: false },
  { name: 'ReadOnlyAccess', description: 'Read-only access to AWS services and resources', sessionDuration: 'PT8H', managedPolicies: [`${AWS_POLICY}ReadOnlyAccess`], inline: false },
  { name: 'PowerUserAccess', description: 'Full access except IAM and Organizations', sessionDuration: 'PT4H', managedPolicies: [`${AWS_POLICY}PowerUserAccess`], inline: false },
  { name: 'DataEngineer', description: 'Reads and writes the data buckets, runs Glue and Athena', sessionDuration: 'PT8H', managedPolicies: [`${AWS_POLICY}ReadOnlyAccess`], inline: true },
  { name: 'Billing', description: 'Billing and cost management', sessionDuration: 'PT1H', managedPolicies: [`${AWS_POLICY}job-function/Billing`], inline: false },
  { name: 'SecurityAudit', description: 'Reads security configuration', sessionDuration: 'PT8H', managedPolicies: [`${AWS_POLICY}SecurityAudit`], inline: false },
  { name: 'NetworkAdmin', description: 'Manages VPCs, routing and DNS', sessionDuration: 'PT4H', managedPolicies: [`${AWS_POLICY}job-function/NetworkAdministrator`], inline: false },
  { name: 'DeveloperAccess', description: 'Reads everything, deploys functions, queues and topics', sessionDuration: 'PT8H', managedPolicies: [`${AWS_POLICY}ReadOnlyAccess`], inline: true },
  { name: 'SupportUser', description: 'Opens support cases and reads operational data', sessionDuration: 'PT4H', managedPolicies: [`${AWS_POLICY}job-function/SupportUser`], inline: false },
  { name: 'DataLakeReader', description: 'Reads the data lake buckets', sessionDuration: 'PT8H', managedPolicies: [], inline: true },
];

const ALL_SCOPES: readonly AccountScope[] = ['management', 'security', 'infrastructure', 'prod', 'nonprod', 'sandbox'];

/** The kinds of groups, in turn: which permission sets a group of the kind may get, and where. */
const GROUP_KINDS: ReadonlyArray<{ readonly name: string; readonly description: string; readonly sets: readonly PermissionSetName[]; readonly scopes: readonly AccountScope[] }> = [
  { name: 'platform-admins', description: 'Platform team administrators', sets: ['AdministratorAccess', 'ReadOnlyAccess'], scopes: ALL_SCOPES },
  { name: 'security-auditors', description: 'Security team', sets: ['SecurityAudit', 'ReadOnlyAccess'], scopes: ALL_SCOPES },
  { name: 'finance', description: 'Finance and cost management', sets: ['Billing', 'ReadOnlyAccess'], scopes: ['management'] },
  { name: 'network-ops', description: 'Network operations', sets: ['NetworkAdmin', 'ReadOnlyAccess'], scopes: ['infrastructure', 'prod', 'nonprod'] },
  { name: 'data-engineers', description: 'Data engineering', sets: ['DataEngineer', 'DataLakeReader', 'ReadOnlyAccess'], scopes: ['prod', 'nonprod'] },
  { name: 'developers', description: 'Application developers', sets: ['DeveloperAccess', 'PowerUserAccess', 'ReadOnlyAccess'], scopes: ['nonprod', 'sandbox', 'prod'] },
  { name: 'support', description: 'Customer support engineers', sets: ['SupportUser', 'ReadOnlyAccess'], scopes: ['prod', 'nonprod'] },
  { name: 'analysts', description: 'Business analysts', sets: ['DataLakeReader', 'ReadOnlyAccess'], scopes: ['prod', 'nonprod'] },
];
const DATA_ENGINEERS = GROUP_KINDS.findIndex((k) => k.name === 'data-engineers');
/** The first group of these kinds has its permission set in every account. */
const EVERYWHERE: Readonly<Record<string, PermissionSetName>> = { 'platform-admins': 'AdministratorAccess', 'security-auditors': 'SecurityAudit' };

const FIRST_NAMES = ['ada', 'alan', 'barbara', 'brian', 'carla', 'dennis', 'edsger', 'frances', 'grace', 'hedy', 'ivan', 'joan', 'ken', 'linus', 'margaret', 'niklaus', 'radia', 'shafi', 'tim', 'whitfield'];
const LAST_NAMES = ['lovelace', 'turing', 'liskov', 'kernighan', 'ritchie', 'dijkstra', 'allen', 'hopper', 'lamarr', 'sutherland', 'clarke', 'thompson', 'torvalds', 'hamilton', 'wirth', 'perlman', 'goldwasser', 'berners-lee', 'diffie', 'knuth'];

const HEX = '0123456789abcdef';

export function permissionSetOrdinal(name: PermissionSetName): number {
  return PERMISSION_SETS.findIndex((p) => p.name === name);
}

export function accountScope(account: PlannedAccount): AccountScope {
  switch (account.kind) {
    case 'management':
      return 'management';
    case 'security':
      return 'security';
    case 'ci':
    case 'shared-services':
      return 'infrastructure';
    case 'workload':
      return account.environment!;
  }
}

/** Deterministic for the seed; draws nothing from the other streams. */
export function planIdentityCenter(seed: string, accounts: readonly PlannedAccount[], firstWorkload: number): IdentityCenterPlan {
  const rng = SeededRandom.derive(seed, 'identity-center');
  const instanceId = `ssoins-${rng.text(16, HEX)}`;
  const identityStoreId = `d-${rng.text(10, HEX)}`;
  const samlProviderHex = rng.text(16, HEX);
  const uuid = (): string => {
    const h = rng.text(32, HEX);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  };
  const byScope = new Map<AccountScope, number[]>(ALL_SCOPES.map((s) => [s, []]));
  for (const account of accounts) byScope.get(accountScope(account))!.push(account.index);

  const users = planUsers(Math.max(12, Math.round(accounts.length / 5)), rng, uuid);
  const groupCount = Math.max(6, Math.round(accounts.length / 50));
  const memberships = planMemberships(users.length, groupCount, rng);
  const groups = Array.from({ length: groupCount }, (_, i): PlannedSsoGroup => {
    const kind = GROUP_KINDS[i % GROUP_KINDS.length]!;
    const round = Math.floor(i / GROUP_KINDS.length);
    return { id: uuid(), displayName: round === 0 ? kind.name : `${kind.name}-${round + 1}`, description: kind.description, members: memberships[i]! };
  });
  const permissionSetIds = PERMISSION_SETS.map(() => `ps-${rng.text(16, HEX)}`);

  const workloads = accounts.filter((a) => a.kind === 'workload' && a.environment === 'prod' && a.index !== firstWorkload).map((a) => a.index);
  const dataLakeAccounts = [firstWorkload, ...workloads.filter(() => rng.chance(0.05)).slice(0, 11)];

  const assignments: PlannedAssignment[] = [];
  const seen = new Set<string>();
  const assign = (account: number, permissionSet: number, principalType: 'USER' | 'GROUP', principal: number): void => {
    const key = `${account}/${permissionSet}/${principalType}/${principal}`;
    if (seen.has(key)) return;
    seen.add(key);
    assignments.push({ account, permissionSet, principalType, principal });
  };
  const slice = (scope: AccountScope): number[] => {
    const pool = byScope.get(scope)!;
    if (pool.length <= 3) return pool;
    const length = Math.max(1, Math.round(pool.length * (0.1 + rng.next() * 0.3)));
    const start = rng.int(0, pool.length - 1);
    return Array.from({ length }, (_, n) => pool[(start + n) % pool.length]!);
  };
  const lake = permissionSetOrdinal('DataLakeReader');
  groups.forEach((_, g) => {
    const kind = GROUP_KINDS[g % GROUP_KINDS.length]!;
    const everywhere = g < GROUP_KINDS.length ? EVERYWHERE[kind.name] : undefined;
    if (everywhere !== undefined) for (const account of accounts) assign(account.index, permissionSetOrdinal(everywhere), 'GROUP', g);
    const sets = rng.sample(kind.sets, rng.int(1, Math.min(3, kind.sets.length)));
    if (g === DATA_ENGINEERS && !sets.includes('DataLakeReader')) sets.push('DataLakeReader');
    const scopes = kind.scopes.filter((s) => byScope.get(s)!.length > 0);
    for (const name of sets) {
      const ordinal = permissionSetOrdinal(name);
      const targets = ordinal === lake ? dataLakeAccounts : slice(rng.pick(scopes));
      for (const account of targets) assign(account, ordinal, 'GROUP', g);
    }
  });
  const management = byScope.get('management')!;
  users.forEach((_, u) => {
    if (u === 0) {
      for (const account of management) assign(account, permissionSetOrdinal('AdministratorAccess'), 'USER', 0);
      return;
    }
    if (!rng.chance(0.05)) return;
    const ordinal = rng.int(0, PERMISSION_SETS.length - 1);
    const pool = ordinal === lake ? dataLakeAccounts : byScope.get(rng.pick(ALL_SCOPES.filter((s) => byScope.get(s)!.length > 0)))!;
    for (const account of rng.sample(pool, rng.int(1, 3))) assign(account, ordinal, 'USER', u);
  });

  const provisioned = new Map<number, Set<number>>();
  const provision = (account: number, ordinal: number): void => {
    const sets = provisioned.get(account);
    if (sets) sets.add(ordinal);
    else provisioned.set(account, new Set([ordinal]));
  };
  for (const a of assignments) provision(a.account, a.permissionSet);
  // Left behind: provisioned where no assignment is (after an assignment was removed).
  const leftovers = Math.max(1, Math.round(accounts.length / 200));
  const candidates = PERMISSION_SETS.map((_, ordinal) => ordinal).filter((ordinal) => accounts.some((a) => !provisioned.get(a.index)?.has(ordinal)));
  for (const ordinal of rng.sample(candidates, rng.int(2, 3))) {
    const free = accounts.filter((a) => !provisioned.get(a.index)?.has(ordinal)).map((a) => a.index);
    for (const account of rng.sample(free, rng.int(1, leftovers))) provision(account, ordinal);
  }
  const sorted = new Map([...provisioned].sort(([a], [b]) => a - b).map(([account, sets]) => [account, [...sets].sort((x, y) => x - y)]));
  return { instanceId, identityStoreId, samlProviderHex, users, groups, permissionSetIds, assignments, provisioned: sorted, dataLakeAccounts };
}

function planUsers(count: number, rng: SeededRandom, uuid: () => string): PlannedSsoUser[] {
  const taken = new Map<string, number>();
  return Array.from({ length: count }, () => {
    const first = rng.pick(FIRST_NAMES);
    const last = rng.pick(LAST_NAMES);
    const base = `${first}.${last}`;
    const n = (taken.get(base) ?? 0) + 1;
    taken.set(base, n);
    const title = (word: string): string => word.replace(/(^|-)([a-z])/g, (_, sep: string, c: string) => `${sep}${c.toUpperCase()}`);
    return { id: uuid(), userName: `${base}${n > 1 ? n : ''}@example.com`, displayName: `${title(first)} ${title(last)}${n > 1 ? ` ${n}` : ''}` };
  });
}

/** Group → member user indexes: user `i` joins group `i` first (so every group has a member), then one to three groups in all. */
function planMemberships(users: number, groups: number, rng: SeededRandom): number[][] {
  const members = Array.from({ length: groups }, () => new Set<number>());
  const all = Array.from({ length: groups }, (_, g) => g);
  for (let u = 0; u < users; u++) {
    const first = u < groups ? u : rng.int(0, groups - 1);
    members[first]!.add(u);
    for (const g of rng.sample(all.filter((g) => g !== first), rng.int(0, 2))) members[g]!.add(u);
  }
  return members.map((set) => [...set].sort((a, b) => a - b));
}
