import type {
  Account,
  BlockPublicAccess,
  Estate,
  Group,
  IdentityProvider,
  Organization,
  Resource,
  Role,
  Trail,
  Uncollected,
  User,
  VpcEndpoint,
} from '../core/model/estate.js';
import type { IdentityCenterInstance } from '../core/model/identity-center.js';
import type { SourceLocation } from '../core/diagnostics.js';

/** An account while a loader fills it in. */
export class AccountDraft {
  name?: string;
  canonicalId?: string;
  /** Set once the account's IAM entities were read. */
  iamCollected = false;
  /** Why the account's IAM is known in part only (entities named in another account's export). */
  iamPartial?: string;
  readonly users = new Map<string, User>();
  readonly roles = new Map<string, Role>();
  readonly groups = new Map<string, Group>();
  readonly identityProviders: IdentityProvider[] = [];
  readonly trails: Trail[] = [];
  s3BlockPublicAccess?: BlockPublicAccess | Uncollected;
  /** The services whose resources were enumerated; a file loader enumerates only what it read. */
  readonly collectedServices = new Set<string>();
  /** The account's VPC endpoints; undefined while not collected. */
  vpcEndpoints?: VpcEndpoint[];
  source?: SourceLocation;

  constructor(readonly id: string) {}

  /** Set when the account's own export was read: it then is not known in part only, whatever other exports name. */
  fullExport = false;

  collected(service: string): void {
    this.collectedServices.add(service);
  }

  build(): Account {
    return {
      id: this.id,
      ...(this.name !== undefined ? { name: this.name } : {}),
      ...(this.canonicalId !== undefined ? { canonicalId: this.canonicalId } : {}),
      iamCollected: this.iamCollected,
      ...(this.iamPartial !== undefined && !this.fullExport ? { iamPartial: this.iamPartial } : {}),
      users: this.users,
      roles: this.roles,
      groups: this.groups,
      identityProviders: this.identityProviders,
      trails: this.trails,
      ...(this.s3BlockPublicAccess !== undefined ? { s3BlockPublicAccess: this.s3BlockPublicAccess } : {}),
      collectedServices: [...this.collectedServices].sort(),
      ...(this.vpcEndpoints !== undefined ? { vpcEndpoints: this.vpcEndpoints } : {}),
      ...(this.source ? { source: this.source } : {}),
    };
  }
}

/** The estate while a loader fills it in; `build` freezes it into the model. */
export class EstateDraft {
  organizationStatus: Estate['organizationStatus'] = 'not-collected';
  organization?: Organization;
  readonly accounts = new Map<string, AccountDraft>();
  readonly resources = new Map<string, Resource>();
  readonly kmsAliases = new Map<string, string>();
  /** Identity Center instances by identity store id. */
  readonly identityCenter = new Map<string, IdentityCenterInstance>();
  /** The moment the estate stands for (a snapshot manifest's `collectedAt`), ISO 8601 UTC. */
  collectedAt?: string;

  constructor(public partition: string) {}

  /** The account `id`, created empty (IAM not collected) when first named. */
  account(id: string): AccountDraft {
    let draft = this.accounts.get(id);
    if (!draft) {
      draft = new AccountDraft(id);
      this.accounts.set(id, draft);
    }
    return draft;
  }

  /** Adds a resource; false (and nothing added) when its ARN is already taken. */
  addResource(resource: Resource): boolean {
    if (this.resources.has(resource.arn)) return false;
    this.resources.set(resource.arn, resource);
    return true;
  }

  build(): Estate {
    return {
      partition: this.partition,
      organizationStatus: this.organizationStatus,
      ...(this.organization ? { organization: this.organization } : {}),
      accounts: new Map([...this.accounts].map(([id, draft]) => [id, draft.build()])),
      resources: this.resources,
      ...(this.kmsAliases.size > 0 ? { kmsAliases: this.kmsAliases } : {}),
      ...(this.identityCenter.size > 0 ? { identityCenter: this.identityCenter } : {}),
      ...(this.collectedAt !== undefined ? { collectedAt: this.collectedAt } : {}),
    };
  }
}

/** The empty estate of an input that could not be used at all. */
export function emptyEstate(partition = 'aws'): Estate {
  return { partition, organizationStatus: 'none', accounts: new Map(), resources: new Map() };
}
