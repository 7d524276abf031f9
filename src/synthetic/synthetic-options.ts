/** What `gen:estate` is asked for: how big the organization is, and the seed that makes it. */
export interface SyntheticEstateOptions {
  readonly accounts: number;
  /**
   * Roles in each account. An account whose fixed roles (deploy, audit, admin, the CI or auditor
   * role, vendor, break-glass and chain roles) outnumber it keeps them all, so a few accounts of a
   * small estate may hold more.
   */
  readonly rolesPerAccount: number;
  /** Resources (keys, buckets, queues, topics, functions, secrets) in each account. */
  readonly resourcesPerAccount: number;
  readonly seed: string;
  /**
   * Which patterns the estate holds: `default` (absent means it), or `dense`, which adds to every
   * default pattern the organization-wide buckets, wildcard identity policies, account-root topic
   * grants and app-to-app trusts of docs/scale.md, drawn from streams of their own so the default
   * part of a dense estate is the default estate.
   */
  readonly profile?: SyntheticProfile;
  /**
   * Adds one IAM Identity Center instance, owned by the management account: users, groups,
   * permission sets and account assignments scaled to the estate, and in every account a permission
   * set is provisioned to, the `AWSReservedSSO_…` role and the SAML provider Identity Center creates
   * there (`identity-center-plan.ts`). Drawn from a stream of its own, so the rest of the estate is
   * unchanged; absent or false: no Identity Center, the estate as before.
   */
  readonly identityCenter?: boolean;
}

export const SYNTHETIC_PROFILES = ['default', 'dense'] as const;
export type SyntheticProfile = (typeof SYNTHETIC_PROFILES)[number];

export const DEFAULT_SEED = 'trustmap';

export function isSyntheticProfile(value: string): value is SyntheticProfile {
  return (SYNTHETIC_PROFILES as readonly string[]).includes(value);
}

/** The fewest that still hold every pattern: management, security, CI, shared services and one workload account; a key, a bucket, a queue, a topic, a function, a secret and a queue key. */
export const SYNTHETIC_MINIMUMS = { accounts: 5, rolesPerAccount: 8, resourcesPerAccount: 10 } as const;

/** Bounds that keep a mistyped flag from filling the disk: 100,000 accounts of 50 roles and 20 resources are some 60 GB of files. */
export const SYNTHETIC_MAXIMUMS = { accounts: 100_000, rolesPerAccount: 1_000, resourcesPerAccount: 1_000 } as const;

/** What is wrong with the options, in words (none when they can be built). */
export function syntheticOptionProblems(options: SyntheticEstateOptions): string[] {
  const problems: string[] = [];
  for (const key of ['accounts', 'rolesPerAccount', 'resourcesPerAccount'] as const) {
    const value = options[key];
    const min = SYNTHETIC_MINIMUMS[key];
    const max = SYNTHETIC_MAXIMUMS[key];
    if (!Number.isInteger(value) || value < min || value > max) problems.push(`\`${key}\` must be a whole number from ${min} to ${max.toLocaleString('en-US')}, not \`${value}\``);
  }
  if (options.seed === '') problems.push('`seed` must not be empty');
  if (options.profile !== undefined && !isSyntheticProfile(options.profile)) problems.push(`\`profile\` must be ${SYNTHETIC_PROFILES.map((p) => `\`${p}\``).join(' or ')}, not \`${String(options.profile)}\``);
  if (options.identityCenter !== undefined && typeof options.identityCenter !== 'boolean') problems.push(`\`identityCenter\` must be true or false, not \`${String(options.identityCenter)}\``);
  return problems;
}
