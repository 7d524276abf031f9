import { deriveImpliedHops } from '../../core/decision/implied-actions.js';
import { isCrossAccountKmsOperation } from '../../core/decision/kms-rules.js';
import type { AuthorizationRequest } from '../../core/decision/request.js';
import { resolveCaller, type ResolvedCaller } from '../../core/decision/resolve-caller.js';
import { isPolicy, resolveResource, type ResolvedResource } from '../../core/decision/resolve-resource.js';
import type { GateVerdict, HopDecision } from '../../core/decision/result.js';
import type { Estate } from '../../core/model/estate.js';
import { serviceTakesResourcePolicy } from '../../core/model/resource-policy-services.js';
import { isPublicStatement } from '../../core/policy/public-policy.js';
import type { Change, Grant } from './change.js';
import { vpcEndpointSlot, type PolicySlot } from './policy-slots.js';
import { statementPrincipal, type StatementPrincipal } from './statement-principal.js';

/** The ways to allow one denied hop: each alternative is a list of changes applied together. */
export interface HopRemedies {
  readonly alternatives: readonly (readonly Change[])[];
  readonly notes: readonly string[];
}


const NEW_INLINE_POLICY = 'inline-trustmap-fix';

/**
 * The grants a denied hop lacks (results.md "Fixes"). Cross-account both sides must allow (spec
 * docs/aws-authorization.md#cross-account-both-sides), so the missing pieces of both go into one alternative; in one account either side can
 * grant (docs/aws-authorization.md#same-account-either-side), so each side is an alternative of its own, except for trust and key
 * policies which must allow explicitly. A caller without IAM identity (a service) is granted
 * on the target side only.
 */
export function grantRemedies(estate: Estate, request: AuthorizationRequest, hop: HopDecision, index: number): HopRemedies {
  const caller = resolveCaller(estate, request.principal, request.sessionIssuer);
  const action = hop.action.toLowerCase();
  const resource = resolveResource(estate, hop.resource, action);
  const blocked = unfixable(caller, resource, hop, action);
  if (blocked) return { alternatives: [], notes: [blocked] };
  const notes: string[] = [];
  // A key that is not Enabled refuses whatever the policies say: bringing it back is part of every alternative (docs/aws-authorization.md#kms-key-state).
  const keyState = keyStateChanges(resource, hop, index, notes);
  const principal = statementPrincipal(caller.identity, request.context);
  if (!principal.ok) return { alternatives: keyState.length > 0 ? [keyState] : [], notes: [...notes, principal.why] };
  const remedies = policyRemedies(estate, request, caller, resource, principal, hop, index, notes);
  if (keyState.length === 0) return remedies;
  const alternatives = remedies.alternatives.length > 0 ? remedies.alternatives.map((a) => [...keyState, ...a]) : [keyState];
  return { alternatives, notes: remedies.notes };
}

/** The policy edits that would allow one denied hop: the alternatives of `grantRemedies`. */
function policyRemedies(
  estate: Estate,
  request: AuthorizationRequest,
  caller: ResolvedCaller,
  resource: ResolvedResource,
  principal: Extract<StatementPrincipal, { ok: true }>,
  hop: HopDecision,
  index: number,
  notes: string[],
): HopRemedies {
  const own = callerChanges(caller, hop, index);
  // An endpoint policy that does not allow the request limits every grant, like a boundary (docs/aws-authorization.md#vpc-endpoint-policy).
  const limits = [...limitChanges(caller, hop, index, request), ...networkChanges(estate, principal, hop, index)];
  const target = targetChanges(estate, request, resource, principal, hop, index, notes);
  const kind = caller.identity.kind;
  const isIam = kind === 'user' || kind === 'role-session' || kind === 'federated-user' || kind === 'root';
  if (!isIam) return { alternatives: nonEmpty([target]), notes };
  if (hop.crossAccount) return { alternatives: nonEmpty([[...own, ...limits, ...target]]), notes };
  const callerSide = [...own, ...limits];
  const targetSide = [...target, ...limits];
  const ordered = hop.side === 'target' ? [targetSide, callerSide] : [callerSide, targetSide];
  return { alternatives: distinct(nonEmpty(ordered)), notes };
}

/**
 * A key that is not `Enabled` (docs/aws-authorization.md#kms-key-state) is brought back by its owner's account, not by
 * any policy: `enable-key` for a disabled key, `cancel-key-deletion` (which leaves the key
 * disabled) then `enable-key` for one pending deletion. A key being created or updated is usable
 * once AWS finishes: no change, a note.
 */
function keyStateChanges(resource: ResolvedResource, hop: HopDecision, index: number, notes: string[]): Change[] {
  const gate = gateOf(hop, 'key-state');
  const key = resource.entry;
  const state = key?.kms?.keyState;
  if (!gate || gate.verdict === 'allow' || !key || state === undefined) return [];
  const account = key.accountId;
  const id = `--key-id ${key.arn}`;
  const enable = `aws kms enable-key ${id}`;
  const plan = KEY_STATE_REMEDIES[state];
  if (!plan) {
    notes.push(`${key.arn} is in the transient key state ${state}: it can be used once AWS KMS completes the operation (docs/aws-authorization.md#kms-key-state)`);
    return [];
  }
  return [
    {
      op: 'enable-key',
      slot: { kind: 'resource', arn: key.arn, accountId: account, policyKind: 'key' },
      account,
      side: 'target',
      gate: 'key-state',
      hops: [index],
      keyState: state,
      commands: plan.commands(id, enable),
      reason: `${key.arn} is ${state}: ${plan.words(account)}; no policy change can allow ${hop.action} on a key that is not Enabled (docs/aws-authorization.md#kms-key-state)`,
    },
  ];
}

/** How each key state other than `Enabled` is undone; the transient `Creating` and `Updating` have no entry. */
const KEY_STATE_REMEDIES: Readonly<Record<string, { readonly commands: (id: string, enable: string) => string[]; readonly words: (account: string) => string }>> = {
  Disabled: { commands: (_id, enable) => [enable], words: (a) => `enable the key in account ${a} (\`aws kms enable-key\`)` },
  PendingDeletion: {
    commands: (id, enable) => [`aws kms cancel-key-deletion ${id}`, enable],
    words: (a) => `cancel its deletion in account ${a} (\`aws kms cancel-key-deletion\`), which leaves it Disabled, then enable it (\`aws kms enable-key\`)`,
  },
  PendingReplicaDeletion: {
    commands: (id, enable) => [`aws kms cancel-key-deletion ${id}`, enable],
    words: (a) => `cancel the deletion of this multi-Region primary key in account ${a} (\`aws kms cancel-key-deletion\`), then enable it (\`aws kms enable-key\`)`,
  },
  PendingImport: {
    commands: (id) => [`aws kms get-parameters-for-import ${id} --wrapping-algorithm RSAES_OAEP_SHA_256 --wrapping-key-spec RSA_4096`, `aws kms import-key-material ${id} --import-token fileb://<token> --encrypted-key-material fileb://<material>`],
    words: (a) => `import its key material again in account ${a} (\`aws kms import-key-material\`)`,
  },
  Unavailable: {
    commands: () => ['aws kms connect-custom-key-store --custom-key-store-id <the key store of the key>'],
    words: (a) => `reconnect its custom key store in account ${a} (\`aws kms connect-custom-key-store\`)`,
  },
};

function unfixable(caller: ResolvedCaller, resource: ResolvedResource, hop: HopDecision, action: string): string | undefined {
  if (caller.problem) return caller.problem;
  if (resource.missing) return `${resource.missing}: no policy change can allow a request to it`;
  if (resource.service === 'kms' && action.startsWith('kms:') && hop.crossAccount && !isCrossAccountKmsOperation(action)) {
    return `${hop.action} is never effective across accounts, whatever the policies say (docs/aws-authorization.md#kms-cross-account-both-sides): call it from account ${hop.resourceAccount}`;
  }
  if (caller.identity.kind === 'root' && action.startsWith('sts:assumerole')) {
    return 'the root user cannot assume a role (docs/aws-authorization.md#trust-role-arn-matches-sessions): use an IAM user or role';
  }
  return undefined;
}

/** The caller's identity policy (docs/aws-authorization.md#identity-policy-evaluation-step, #cross-account-both-sides): a new inline policy on the user or role. */
function callerChanges(caller: ResolvedCaller, hop: HopDecision, index: number): Change[] {
  const gate = gateOf(hop, 'identity');
  const entity = caller.user ?? caller.role ?? caller.issuer;
  if (!gate || gate.verdict !== 'no-match' || !entity || caller.identity.kind === 'root') return [];
  const slot: PolicySlot = { kind: 'identity', accountId: entity.accountId, principal: entity.kind, name: entity.name, arn: entity.arn, policyName: `${entity.arn}#${NEW_INLINE_POLICY}` };
  return [
    {
      op: 'add',
      slot,
      account: entity.accountId,
      side: 'caller',
      gate: 'identity',
      hops: [index],
      grant: { actions: [hop.action], resource: hop.resource, sidWords: ['Allow', hop.action] },
      reason: `no identity policy of ${entity.arn} allows ${hop.action} on ${hop.resource}`,
    },
  ];
}

/** A permissions boundary or session policy that does not allow the action limits every grant (docs/aws-authorization.md#permissions-boundary-intersection, #session-policy-limits-only). */
function limitChanges(caller: ResolvedCaller, hop: HopDecision, index: number, request: AuthorizationRequest): Change[] {
  const out: Change[] = [];
  const entity = caller.user ?? caller.role ?? caller.issuer;
  const grant: Grant = { actions: [hop.action], resource: hop.resource, sidWords: ['Allow', hop.action] };
  const boundary = gateOf(hop, 'boundary');
  if (boundary?.verdict === 'no-match' && entity) {
    out.push({
      op: 'add',
      slot: { kind: 'boundary', accountId: entity.accountId, principal: entity.kind, name: entity.name, arn: entity.arn },
      account: entity.accountId,
      side: 'caller',
      gate: 'boundary',
      hops: [index],
      grant,
      reason: `the permissions boundary of ${entity.arn} does not allow ${hop.action}: a boundary limits every grant`,
    });
  }
  const session = gateOf(hop, 'session');
  if (session?.verdict === 'no-match') {
    out.push({
      op: 'add',
      slot: { kind: 'session' },
      account: caller.identity.accountId ?? '',
      side: 'caller',
      gate: 'session',
      hops: [index],
      grant,
      reason: request.sessionPolicy
        ? `the session policy passed when the session was made does not allow ${hop.action}`
        : `a federated-user session has only what its session policy allows (docs/aws-authorization.md#session-policy-evaluation-step)`,
    });
  }
  return out;
}

/**
 * The policy of the VPC endpoint the request is sent through, in the endpoint owner's account
 * (docs/aws-authorization.md#vpc-endpoint-policy): a statement for exactly this caller, action and
 * resource. A caller with an ARN is named as gateway endpoints require, `Principal: "*"` with
 * `aws:PrincipalArn`, which interface endpoints read alike.
 */
function networkChanges(estate: Estate, principal: Extract<StatementPrincipal, { ok: true }>, hop: HopDecision, index: number): Change[] {
  const gate = gateOf(hop, 'vpc-endpoint');
  if (!gate || gate.verdict !== 'no-match') return [];
  const slot = vpcEndpointSlot(estate, gate.targetId);
  if (!slot) return [];
  const named = principal.principalArn !== undefined;
  return [
    {
      op: 'add',
      slot,
      account: gate.account,
      side: 'network',
      gate: 'vpc-endpoint',
      hops: [index],
      grant: {
        principal: named ? { AWS: '*' } : principal.element,
        actions: [hop.action],
        resource: hop.resource,
        ...(named ? { condition: { ArnEquals: { 'aws:PrincipalArn': principal.principalArn! } } } : principal.condition ? { condition: principal.condition } : {}),
        sidWords: ['Allow', principal.shortName, hop.action],
      },
      reason: `no statement of the policy of VPC endpoint ${gate.targetId} allows ${hop.action} on ${hop.resource}: an endpoint policy limits every request sent through it`,
    },
  ];
}

/** The resource, trust or key policy in the target account, naming the exact caller (docs/aws-authorization.md#cross-account-both-sides, #cross-account-assume-role, #kms-cross-account-both-sides). */
function targetChanges(
  estate: Estate,
  request: AuthorizationRequest,
  resource: ResolvedResource,
  principal: Extract<StatementPrincipal, { ok: true }>,
  hop: HopDecision,
  index: number,
  notes: string[],
): Change[] {
  const gateId = resource.policyGate;
  const gate = hop.gates.find((g) => g.gate === gateId && g.side === 'target');
  const out: Change[] = [...publicStatementRemovals(resource, hop, index)];
  const foreignAcl = hop.gates.find((g) => g.gate === 's3-acl' && g.verdict === 'no-match' && g.account !== hop.resourceAccount);
  if (foreignAcl) notes.push(`the object is owned by account ${foreignAcl.account}: only an ACL grant from that owner can let the caller read it (docs/aws-authorization.md#s3-user-context, #s3-object-ownership)`);
  if (!gate || gate.verdict !== 'no-match') return out;
  const slot = targetSlot(resource, gateId);
  if (!slot) return out;
  const isKey = gateId === 'key-policy';
  // kms:ViaService scopes an IAM caller's key use to the service that implied it; the services' own
  // documented key-policy statements scope by source instead (docs/aws-authorization.md#kms-implied-calls).
  const viaService = isKey && index > 0 && principal.principalArn !== undefined ? impliedContextValue(estate, request, hop, 'kms:viaservice') : undefined;
  const condition = { ...(principal.condition ?? {}), ...(viaService ? { StringEquals: { ...(principal.condition?.StringEquals ?? {}), 'kms:ViaService': viaService } } : {}) };
  const what = gateId === 'trust' ? 'the trust policy' : isKey ? 'the key policy' : gateId === 'access-point' ? 'the access point policy' : 'the resource policy';
  const owner = resource.bucket?.arn ?? resource.arn;
  out.push({
    op: 'add',
    slot,
    account: resource.accountId ?? '',
    side: 'target',
    gate: gateId,
    hops: [index],
    grant: {
      principal: principal.element,
      actions: [hop.action],
      ...(gateId === 'trust' ? {} : { resource: isKey ? '*' : hop.resource }),
      ...(Object.keys(condition).length > 0 ? { condition } : {}),
      sidWords: ['Allow', principal.shortName, hop.action],
    },
    reason: resource.policy === null ? `${owner} has no ${isKey ? 'key' : gateId === 'trust' ? 'trust' : 'resource'} policy: it needs one naming the caller` : `no statement in ${what} of ${owner} allows ${principalWords(principal)}`,
  });
  return out;
}

function targetSlot(resource: ResolvedResource, gate: ResolvedResource['policyGate']): PolicySlot | undefined {
  const accountId = resource.accountId;
  if (!accountId) return undefined;
  // An access point's own policy (docs/aws-authorization.md#s3-access-points).
  if (gate === 'access-point') return resource.entry ? { kind: 'resource', arn: resource.entry.arn, accountId, policyKind: 'resource' } : undefined;
  if (gate === 'trust') return resource.role ? { kind: 'trust', accountId, roleName: resource.role.name, arn: resource.role.arn } : undefined;
  if (gate === 'key-policy') return resource.entry ? { kind: 'resource', arn: resource.entry.arn, accountId, policyKind: 'key' } : undefined;
  // A grant is proposed on the target side only where a resource-based policy can be written: the
  // core's one table (src/core/model/resource-policy-services.ts, from AWS's "AWS services that
  // work with IAM" page, https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_aws-services-that-work-with-iam.html).
  // An EC2 instance, an IAM user or an AWS managed policy has no policy to add a statement to.
  if (resource.noPolicyOfItsOwn !== undefined || !serviceTakesResourcePolicy(resource.service)) return undefined;
  if (resource.service === 's3') return resource.bucket ? { kind: 'resource', arn: resource.bucket.arn, accountId, policyKind: 'resource' } : undefined;
  return { kind: 'resource', arn: resource.entry?.arn ?? resource.arn, accountId, policyKind: 'resource' };
}

/**
 * Block Public Access `RestrictPublicBuckets` voids every grant of a public bucket policy to
 * other accounts (docs/aws-authorization.md#s3-block-public-access): the statements that make it public must go.
 */
function publicStatementRemovals(resource: ResolvedResource, hop: HopDecision, index: number): Change[] {
  const bpa = hop.gates.find((g) => g.gate === 's3-bpa' && g.verdict !== 'allow');
  const bucket = resource.bucket;
  if (!bpa || !bucket || !isPolicy(bucket.policy)) return [];
  const slot: PolicySlot = { kind: 'resource', arn: bucket.arn, accountId: bucket.accountId, policyKind: 'resource' };
  return bucket.policy.statements.filter(isPublicStatement).map((st) => ({
    op: 'remove' as const,
    slot,
    account: bucket.accountId,
    side: 'target' as const,
    gate: 's3-bpa' as const,
    hops: [index],
    index: st.index,
    ...(st.sid !== undefined ? { sid: st.sid } : {}),
    current: st.raw,
    reason: `RestrictPublicBuckets is on and this statement makes the bucket policy public, which voids its grants to other accounts (docs/aws-authorization.md#s3-block-public-access)`,
  }));
}

/** A context value of an implied hop (`kms:ViaService` of an SSE-KMS read), as the engine derives it. */
function impliedContextValue(estate: Estate, request: AuthorizationRequest, hop: HopDecision, key: string): string | undefined {
  const derived = deriveImpliedHops(estate, request).find((h) => h.action.toLowerCase() === hop.action.toLowerCase() && h.resource === hop.resource);
  const entry = derived?.context.get(key);
  if (entry?.state === 'present' && entry.values.length === 1) return entry.values[0];
  const listed = request.impliedActions?.find((a) => a.action.toLowerCase() === hop.action.toLowerCase() && (a.resource ?? request.resource) === hop.resource);
  const value = Object.entries(listed?.context ?? {}).find(([k]) => k.toLowerCase() === key)?.[1];
  return typeof value === 'string' ? value : undefined;
}

function principalWords(p: Extract<StatementPrincipal, { ok: true }>): string {
  const e = p.element;
  if ('AWS' in e) return e.AWS;
  if ('Service' in e) return `the service ${e.Service}`;
  return e.Federated;
}

function gateOf(hop: HopDecision, gate: GateVerdict['gate']): GateVerdict | undefined {
  return hop.gates.find((g) => g.gate === gate);
}

function nonEmpty(xs: readonly (readonly Change[])[]): Change[][] {
  return xs.filter((x) => x.length > 0).map((x) => [...x]);
}

function distinct(xs: Change[][]): Change[][] {
  const seen = new Set<string>();
  return xs.filter((x) => {
    const key = JSON.stringify(x.map((c) => [c.slot, c.op, c.gate]));
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
