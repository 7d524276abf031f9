import { ABSENT, UNKNOWN, present, type ContextEntry, type RequestContext } from '../condition/request-context.js';
import { isUncollected, type Estate, type Tags } from '../model/estate.js';
import type { GivenValue } from './request.js';
import type { ResolvedCaller } from './resolve-caller.js';
import { membershipOf, orgPath, type Membership } from './organization-chain.js';
import type { ResolvedResource } from './resolve-resource.js';
import { vpcEndpointOf } from './vpc-endpoint-gate.js';

/** The keys a request gives (`null`: absent), lowercased; later layers win. */
export function givenContext(...layers: ReadonlyArray<Readonly<Record<string, GivenValue>> | undefined>): Map<string, ContextEntry> {
  const out = new Map<string, ContextEntry>();
  for (const layer of layers) {
    if (!layer) continue;
    for (const [k, v] of Object.entries(layer)) {
      out.set(k.toLowerCase(), v === null ? ABSENT : present(v as string | readonly string[]));
    }
  }
  return out;
}

/**
 * The request context of one authorization (scenario-format.md "Context: derived, given, absent,
 * unknown"; docs/aws-authorization.md#global-condition-keys). Given values win over derived ones; keys neither given nor derived are
 * unknown, and conditions over them become residuals. What is derived depends on the estate and
 * the authorization alone, so it is derived once per context; a planned hop keeps its context.
 */
export class DerivedContext implements RequestContext {
  private cache: Map<string, ContextEntry> | undefined;
  private resourceMembership: Membership | undefined;

  constructor(
    private readonly estate: Estate,
    private readonly caller: ResolvedCaller,
    private readonly callerMembership: Membership,
    private readonly resource: ResolvedResource,
    /** Lowercased. */
    private readonly action: string,
    private readonly given: ReadonlyMap<string, ContextEntry>,
    private readonly sessionTags: Readonly<Record<string, string>> | undefined,
  ) {}

  lookup(key: string): ContextEntry {
    const given = this.given.get(key);
    if (given) return given;
    this.cache ??= new Map();
    let hit = this.cache.get(key);
    if (!hit) {
      hit = this.derive(key);
      this.cache.set(key, hit);
    }
    return hit;
  }

  private derive(key: string): ContextEntry {
    const { caller, resource } = this;
    const id = caller.identity;
    const signed = id.kind !== 'anonymous';
    const isService = id.kind === 'service';
    switch (key) {
      case 'aws:principalarn':
        return principalArn(caller);
      case 'aws:principalaccount':
        if (id.kind === 'anonymous') return present('anonymous');
        return id.accountId ? present(id.accountId) : ABSENT;
      case 'aws:principalorgid':
      case 'aws:principalorgpaths':
        if (!signed || isService) return ABSENT;
        return orgKey(key === 'aws:principalorgid', this.callerMembership);
      case 'aws:principalisawsservice':
        return signed ? present(isService ? 'true' : 'false') : ABSENT;
      case 'aws:principalservicename':
        return isService ? present(id.serviceName ?? id.arn) : ABSENT;
      case 'aws:principalservicenameslist':
        return isService ? present([id.serviceName ?? id.arn]) : ABSENT;
      case 'aws:principaltype':
        return principalType(caller);
      case 'aws:userid':
        return userId(caller);
      case 'aws:username':
        return id.kind === 'user' ? present(id.arn.slice(id.arn.lastIndexOf('/') + 1)) : ABSENT;
      case 'aws:resourceaccount':
        return resource.accountId ? present(resource.accountId) : UNKNOWN;
      case 'aws:resourceorgid':
      case 'aws:resourceorgpaths':
        if (!resource.accountId) return UNKNOWN;
        this.resourceMembership ??= membershipOf(this.estate, resource.accountId);
        return orgKey(key === 'aws:resourceorgid', this.resourceMembership);
      case 'kms:calleraccount':
        // an unsigned request has no caller account (docs/aws-authorization.md#authentication-before-authorization, #kms-via-service): a condition on it never admits anonymous callers
        if (!signed || !this.action.startsWith('kms:')) return ABSENT;
        return id.accountId ? present(id.accountId) : UNKNOWN;
      case 'aws:requestedregion':
        return resource.region ? present(resource.region) : UNKNOWN;
      case 'aws:sourcearn':
      case 'aws:sourceaccount':
      case 'aws:sourceorgid':
      case 'aws:sourceorgpaths':
      case 'aws:sourceowner':
        return isService ? UNKNOWN : ABSENT;
      case 'aws:sourcevpce':
      case 'aws:sourcevpc':
      case 'aws:sourceip':
        return this.network(key);
      // Requests through an S3 access point carry its ARN, account and network origin; direct S3 requests none (docs/aws-authorization.md#s3-access-points).
      case 's3:dataaccesspointarn':
        return resource.bucketSide ? present(resource.bucketSide.accessPointArn) : resource.service === 's3' ? ABSENT : UNKNOWN;
      case 's3:dataaccesspointaccount':
        return resource.bucketSide ? present(resource.bucketSide.accessPointAccount) : resource.service === 's3' ? ABSENT : UNKNOWN;
      case 's3:accesspointnetworkorigin':
        return resource.bucketSide ? present(resource.bucketSide.networkOrigin) : resource.service === 's3' ? ABSENT : UNKNOWN;
      case 'aws:tagkeys':
        return this.requestTags() ? present(Object.keys(this.requestTags()!)) : UNKNOWN;
    }
    if (key.startsWith('aws:principaltag/')) return this.principalTag(key.slice('aws:principaltag/'.length));
    if (key.startsWith('aws:resourcetag/')) return tagEntry(resource.tags, key.slice('aws:resourcetag/'.length));
    if (key.startsWith('aws:requesttag/')) {
      const tags = this.requestTags();
      return tags ? tagEntry(tags, key.slice('aws:requesttag/'.length)) : UNKNOWN;
    }
    return UNKNOWN;
  }

  /**
   * A user or role the estate says calls through a VPC endpoint (`sourceVpce`): its requests carry
   * `aws:SourceVpce`, and `aws:SourceVpc` where the endpoint's VPC is known; `aws:SourceIp` is
   * absent through an endpoint (docs/aws-authorization.md#key-source-vpc, #key-source-ip).
   * Unknown otherwise.
   */
  private network(key: string): ContextEntry {
    const caller = this.caller;
    const endpointId = (caller.user ?? caller.role ?? caller.issuer)?.sourceVpce;
    if (endpointId === undefined) return UNKNOWN;
    if (key === 'aws:sourcevpce') return present(endpointId);
    if (key === 'aws:sourceip') return ABSENT;
    const vpcId = vpcEndpointOf(this.estate, endpointId)?.vpcId;
    return vpcId !== undefined ? present(vpcId) : UNKNOWN;
  }

  /** Session tags are the request tags of AssumeRole / TagSession; other actions' request tags are unknown. */
  private requestTags(): Tags | undefined {
    const a = this.action;
    if (a === 'sts:assumerole' || a === 'sts:tagsession' || a === 'sts:assumerolewithsaml' || a === 'sts:assumerolewithwebidentity') {
      return this.sessionTags ?? {};
    }
    return undefined;
  }

  private principalTag(tagKey: string): ContextEntry {
    const { caller } = this;
    const id = caller.identity;
    if (id.kind === 'anonymous' || id.kind === 'service' || id.kind === 'root') return ABSENT;
    if (id.kind === 'role-session' && this.sessionTags) {
      const fromSession = tagEntry(this.sessionTags, tagKey);
      if (fromSession.state === 'present') return fromSession;
    }
    const entity = caller.user ?? caller.role ?? caller.issuer;
    if (!entity) return caller.account?.iamCollected ? ABSENT : UNKNOWN;
    return tagEntry(entity.tags, tagKey);
  }
}

function tagEntry(tags: Tags | { uncollected: true } | undefined, lowerKey: string): ContextEntry {
  if (!tags) return ABSENT;
  if (isUncollected(tags)) return UNKNOWN;
  for (const [k, v] of Object.entries(tags)) if (k.toLowerCase() === lowerKey) return present(v);
  return ABSENT;
}

function orgKey(wantId: boolean, m: Membership): ContextEntry {
  if (m.status === 'outside') return ABSENT;
  if (m.status === 'unknown') return UNKNOWN;
  return wantId ? present(m.organization.id) : present([orgPath(m)!]);
}

function principalArn(caller: ResolvedCaller): ContextEntry {
  const id = caller.identity;
  switch (id.kind) {
    case 'anonymous':
    case 'service':
      return ABSENT;
    case 'role-session':
      return present(id.roleArn ?? id.arn);
    default:
      return present(id.arn);
  }
}

function principalType(caller: ResolvedCaller): ContextEntry {
  switch (caller.identity.kind) {
    case 'user':
      return present('User');
    case 'role-session':
      return present('AssumedRole');
    case 'federated-user':
      return present('FederatedUser');
    case 'root':
      return present('Account');
    case 'anonymous':
      return present('Anonymous');
    default:
      return UNKNOWN;
  }
}

function userId(caller: ResolvedCaller): ContextEntry {
  const id = caller.identity;
  switch (id.kind) {
    case 'anonymous':
      return present('anonymous');
    case 'root':
      return id.accountId ? present(id.accountId) : UNKNOWN;
    case 'user':
      return id.uniqueId ? present(id.uniqueId) : UNKNOWN;
    case 'role-session':
      return id.uniqueId ? present(`${id.uniqueId}:${caller.sessionName ?? 'session'}`) : UNKNOWN;
    case 'federated-user':
      return id.accountId ? present(`${id.accountId}:${id.arn.slice(id.arn.lastIndexOf('/') + 1)}`) : UNKNOWN;
    default:
      return UNKNOWN;
  }
}
