import type { Estate, VpcEndpoint } from '../model/estate.js';
import { ALLOWED, REFUSED, UNDETERMINED, type Bounds } from './bounds.js';
import { describe } from './caller-gates.js';
import { tables } from './engine-cache.js';
import { evaluatePolicy, type MatchRequest } from './evaluate-policy.js';
import type { GatePart } from './gate-report.js';
import { gateVerdict } from './gate-verdict.js';
import { assumption } from './result.js';

/**
 * The network side of a request (docs/aws-authorization.md#vpc-endpoint-policy): a request sent
 * through a VPC endpoint (`aws:SourceVpce` present, one value) of the action's service is also
 * evaluated against the endpoint's policy. The policy only restricts: an explicit Deny denies, no
 * Allow is an implicit deny, and an endpoint without a policy has the default full-access one.
 */
export interface NetworkResult extends GatePart {
  /** What the endpoint policy allows (ALLOWED where no endpoint is consulted). */
  readonly allow: Bounds;
}

const NONE: NetworkResult = { allow: ALLOWED, deny: REFUSED, gates: [], missing: [], assumptions: [] };

/** The endpoint `id` where some account of the estate lists it. */
export function vpcEndpointOf(estate: Estate, id: string): VpcEndpoint | undefined {
  return tables.vpcEndpoints.get(estate, indexEndpoints, undefined).get(id);
}

function indexEndpoints(estate: Estate): ReadonlyMap<string, VpcEndpoint> {
  const out = new Map<string, VpcEndpoint>();
  for (const account of estate.accounts.values()) for (const e of account.vpcEndpoints ?? []) if (!out.has(e.id)) out.set(e.id, e);
  return out;
}

/**
 * The service an endpoint serves, as an action prefix: `s3` of `com.amazonaws.us-east-1.s3`,
 * `ecr` of `com.amazonaws.us-east-1.ecr.dkr`; undefined for endpoint services other than AWS's.
 */
export function endpointService(serviceName: string): string | undefined {
  const m = /^(?:cn\.)?com\.amazonaws\.(?!vpce\.)[a-z0-9-]+\.([a-z0-9-]+)/.exec(serviceName.toLowerCase());
  return m ? m[1] : undefined;
}

/**
 * The endpoint policy's say on one request. `callerAccount` is the account the endpoint is taken
 * to belong to when the estate does not list it: requests are sent through endpoints of the
 * caller's own network.
 */
export function evaluateNetwork(estate: Estate, req: MatchRequest, callerAccount: string | undefined): NetworkResult {
  const entry = req.ctx.lookup('aws:sourcevpce');
  if (entry.state !== 'present' || entry.values.length !== 1) return NONE;
  const id = entry.values[0]!;
  const service = req.action.slice(0, req.action.indexOf(':'));
  const endpoint = vpcEndpointOf(estate, id);
  if (!endpoint) return notListed(estate, id, service, callerAccount);
  if (endpointService(endpoint.serviceName) !== service) return NONE;
  const what = `the policy of VPC endpoint ${endpoint.id}`;
  if (endpoint.policy === null) {
    const gate = gateVerdict({ gate: 'vpc-endpoint', side: 'network', account: endpoint.accountId, targetId: endpoint.id, allow: ALLOWED, reason: `VPC endpoint ${endpoint.id} has no policy of its own: the default endpoint policy allows full access` });
    return { ...NONE, gates: [gate] };
  }
  const e = evaluatePolicy(endpoint.policy, req);
  const gate = gateVerdict({
    gate: 'vpc-endpoint',
    side: 'network',
    account: endpoint.accountId,
    targetId: endpoint.id,
    allow: e.allow,
    deny: e.deny,
    statements: e.statements,
    reason: describe(e.allow, e.deny, what),
    missing: e.problems,
  });
  return { allow: e.allow, deny: e.deny, gates: [gate], missing: e.problems, assumptions: [] };
}

/**
 * An endpoint the estate does not list: where its account's endpoints were collected it is
 * missing data (Unknown); where they were not, its policy is taken not to restrict
 * (docs/aws-authorization.md#restrict-only-data-not-collected), and the answer says so.
 */
function notListed(estate: Estate, id: string, service: string, callerAccount: string | undefined): NetworkResult {
  const account = callerAccount !== undefined ? estate.accounts.get(callerAccount) : undefined;
  if (account?.vpcEndpoints === undefined) {
    const whose = account ? `the VPC endpoints of account ${account.id} were not collected` : 'no VPC endpoints of its account were collected';
    return { ...NONE, assumptions: [assumption('vpc-endpoint-not-collected', `the request is sent through VPC endpoint ${id}, which is not in the estate (${whose}); its endpoint policy is assumed not to restrict ${service} requests`)] };
  }
  const missing = `VPC endpoint ${id} (the request's aws:SourceVpce): it is not among the endpoints recorded for account ${account.id}, so its policy is not known`;
  const gate = gateVerdict({ gate: 'vpc-endpoint', side: 'network', account: account.id, targetId: id, allow: UNDETERMINED, reason: `VPC endpoint ${id} is not in the estate: its policy could not be evaluated`, missing: [missing] });
  return { allow: UNDETERMINED, deny: REFUSED, gates: [gate], missing: [missing], assumptions: [] };
}
