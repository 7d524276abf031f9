import { DiagnosticBag, type Diagnostic } from '../core/diagnostics.js';
import type { Account, Estate, Organization, Resource } from '../core/model/estate.js';
import type { IdentityCenterInstance } from '../core/model/identity-center.js';
import { CORE, planSyntheticEstate, type PlannedAccount, type SyntheticPlan } from './estate-plan.js';
import { PolicyBook } from './policy-book.js';
import { identityCenterPrincipals, syntheticIdentityCenter } from './synthetic-identity-center.js';
import { bucketName, githubProviderArn, keyArn, orgTrailArn } from './synthetic-names.js';
import type { SyntheticEstateOptions } from './synthetic-options.js';
import { syntheticOrganization } from './synthetic-organization.js';
import { syntheticResources } from './synthetic-resources.js';
import { syntheticPrincipals } from './synthetic-roles.js';

/** One account of a synthetic estate, with the resources it owns. */
export interface SyntheticAccountPart {
  readonly account: Account;
  readonly resources: readonly Resource[];
}

/**
 * A synthetic estate built one account at a time: the plan and the organization first, then each
 * account on demand, so an estate too large to hold whole can still be written account by account.
 */
export class SyntheticEstateBuilder {
  readonly plan: SyntheticPlan;
  readonly organization: Organization;
  /** With the `identityCenter` option: the management account's instance, by identity store id. */
  readonly identityCenter: ReadonlyMap<string, IdentityCenterInstance> | undefined;
  private readonly bag = new DiagnosticBag();
  private readonly book = new PolicyBook(this.bag);

  constructor(options: SyntheticEstateOptions) {
    this.plan = planSyntheticEstate(options);
    this.organization = syntheticOrganization(this.plan, this.book);
    this.identityCenter = syntheticIdentityCenter(this.plan, this.book);
  }

  /** What parsing the generated policies reported: none, unless the generator has a bug. */
  get diagnostics(): readonly Diagnostic[] {
    return this.bag.items;
  }

  /** The estate with no account: the organization alone, and the IAM Identity Center instance when there is one. */
  head(): Estate {
    const head: Estate = { partition: this.plan.partition, organizationStatus: 'collected', organization: this.organization, accounts: new Map(), resources: new Map() };
    return this.identityCenter !== undefined ? { ...head, identityCenter: this.identityCenter } : head;
  }

  account(index: number): SyntheticAccountPart {
    const planned = this.plan.accounts[index];
    if (!planned) throw new RangeError(`no account ${index} in a synthetic estate of ${this.plan.accounts.length}`);
    const { roles, users } = syntheticPrincipals(this.plan, planned, this.book);
    const sso = identityCenterPrincipals(this.plan, planned, this.book);
    for (const role of sso.roles) roles.set(role.name, role);
    const account: Account = {
      id: planned.id,
      name: planned.name,
      iamCollected: true,
      users,
      roles,
      groups: new Map(),
      identityProviders: [...(planned.kind === 'ci' ? [{ arn: githubProviderArn(this.plan), kind: 'oidc' as const }] : []), ...sso.providers],
      trails: trailsOf(this.plan, planned),
      s3BlockPublicAccess: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true },
    };
    return { account, resources: syntheticResources(this.plan, planned, this.book) };
  }

  *accounts(): Generator<SyntheticAccountPart> {
    for (let i = 0; i < this.plan.accounts.length; i++) yield this.account(i);
  }
}

export interface SyntheticEstate {
  readonly estate: Estate;
  readonly plan: SyntheticPlan;
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * A realistic organization of `options.accounts` accounts (docs/scale.md), deterministic for the
 * seed. Pure: no clock, no files.
 */
export function buildSyntheticEstate(options: SyntheticEstateOptions): SyntheticEstate {
  const builder = new SyntheticEstateBuilder(options);
  const accounts = new Map<string, Account>();
  const resources = new Map<string, Resource>();
  for (const part of builder.accounts()) {
    accounts.set(part.account.id, part.account);
    for (const r of part.resources) resources.set(r.arn, r);
  }
  const estate: Estate = { ...builder.head(), accounts, resources };
  return { estate, plan: builder.plan, diagnostics: builder.diagnostics };
}

/** The management account's organization trail, delivered to the security account's audit-log bucket under its data key. */
function trailsOf(plan: SyntheticPlan, account: PlannedAccount): Account['trails'] {
  if (account.index !== CORE.management) return [];
  const security = plan.accounts[CORE.security]!;
  return [{ arn: orgTrailArn(plan), bucket: bucketName(plan, security, 0), kmsKeyArn: keyArn(plan, security, 0), organization: true }];
}
