import type { Estate, Resource } from '../../core/model/estate.js';
import type { GraphNode } from '../access-graph/graph-types.js';
import { DEFAULT_ACTIONS, requestsFor, type TargetType } from '../access-graph/resource-actions.js';
import { resourceReferences, type ResourceReferences } from '../access-graph/resource-references.js';
import { referenceKey } from '../access-graph/trust-references.js';

/** One (action, resource) request `what-can` asks, shared by every session that may ask it. */
export interface AskedRequest {
  readonly action: string;
  readonly actionLower: string;
  readonly resource: string;
  readonly type: TargetType;
  readonly key: string;
  /** Whom the target side may grant it to (resourceReferences). */
  readonly refs: ResourceReferences;
}

export function askedRequest(estate: Estate, action: string, resource: string, type: TargetType): AskedRequest {
  return { action, actionLower: action.toLowerCase(), resource, type, key: `${action}\u0000${resource}`, refs: resourceReferences(estate, resource, action) };
}

/**
 * The requests `what-can` asks of the estate's resources (the type's default actions, or those
 * asked; buckets by object scope), indexed by the resource's account and by whom the target side
 * names (`arn:…`, `account:A`, `service:…`, `*`): a session's candidates are its own account's
 * requests and those that name it, its account or anyone (docs/aws-authorization.md#cross-account-both-sides: across accounts the target
 * side must grant too). Built once per graph and action set.
 */
export class RequestIndex {
  private readonly byAccount = new Map<string, AskedRequest[]>();
  private readonly byKey = new Map<string, AskedRequest[]>();

  constructor(estate: Estate, asked: readonly string[] | undefined) {
    for (const resource of estate.resources.values()) {
      for (const request of requestsOf(estate, resource, asked)) {
        push(this.byAccount, request.refs.resourceAccount ?? resource.accountId, request);
        const keys = new Set(request.refs.references.map(referenceKey));
        if (request.refs.publicAcl) keys.add('*');
        for (const key of keys) push(this.byKey, key, request);
      }
    }
  }

  /** The requests of the node's own account, then those whose target side names it, its account or anyone. */
  candidatesFor(node: GraphNode, uniqueId?: string): AskedRequest[][] {
    const lists: AskedRequest[][] = [];
    const add = (list: AskedRequest[] | undefined): void => {
      if (list) lists.push(list);
    };
    if (node.accountId) add(this.byAccount.get(node.accountId));
    const keys = ['*', `arn:${node.id}`, `service:${node.id}`, `federated:${node.id}`];
    if (node.accountId) keys.push(`account:${node.accountId}`);
    if (node.kind === 'role') keys.push(`arn:${node.id.replace(/:role\/.*\//, ':role/')}`);
    if (uniqueId) keys.push(`id:${uniqueId}`);
    for (const key of keys) add(this.byKey.get(key));
    return lists;
  }
}

function requestsOf(estate: Estate, resource: Resource, asked: readonly string[] | undefined): AskedRequest[] {
  // An asked action applies to the resources of its own service (sns:Publish is no question for a queue).
  const actions = asked ? asked.filter((a) => a.slice(0, a.indexOf(':')).toLowerCase() === resource.service) : DEFAULT_ACTIONS[resource.type];
  return requestsFor(estate, resource.arn, actions).map((r) => askedRequest(estate, r.action, r.resource, r.resource === resource.arn ? resource.type : 'object'));
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
