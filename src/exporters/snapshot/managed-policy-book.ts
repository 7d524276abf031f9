import { parseArn } from '../../core/arn/arn.js';
import type { Policy } from '../../core/policy/policy-types.js';
import { byKey, policyText } from './export-scope.js';
import { iamUniqueId } from './stable-ids.js';

/** Where an identity policy or boundary of the estate goes in `get-account-authorization-details`. */
export type PolicyPlacement =
  | { readonly kind: 'inline'; readonly name: string; readonly document: unknown }
  /** `document` undefined: attached, but not in `Policies` (readers take it as unusable or not collected). */
  | { readonly kind: 'managed'; readonly arn: string; readonly document?: unknown }
  /** Made up by a loader for something the user's `GroupList` already says (a group it could not read). */
  | { readonly kind: 'none' };

export interface PolicyOwner {
  readonly name: string;
  readonly accountId: string;
}

const IAM_NAME = /^[\w+=,.@-]{1,128}$/;

/** An IAM name made of the characters IAM allows. */
export function iamName(text: string): string {
  const cleaned = text.replace(/[^\w+=,.@-]+/g, '-').replace(/^-+|-+$/g, '');
  return (cleaned === '' ? 'policy' : cleaned).slice(0, 128);
}

/** The path and name of a managed policy ARN (`arn:aws:iam::aws:policy/job-function/ViewOnlyAccess`). */
export function managedPolicyParts(arn: string): { path: string; name: string } | undefined {
  const parsed = parseArn(arn);
  if (!parsed || parsed.service !== 'iam' || !parsed.resource.startsWith('policy/')) return undefined;
  const rest = parsed.resource.slice('policy/'.length);
  const slash = rest.lastIndexOf('/');
  const name = rest.slice(slash + 1);
  if (name === '') return undefined;
  return { path: slash < 0 ? '/' : `/${rest.slice(0, slash)}/`, name };
}

function customerPolicyArn(partition: string, accountId: string, name: string): string {
  return `arn:${partition}:iam::${accountId}:policy/${name}`;
}

/**
 * Decides what a policy of the estate becomes. Its name says what it was: a managed policy's ARN;
 * `<owner>#inline:<name>` or `<owner>#inline-<n>` for an inline policy; a bare name for a policy a
 * scenario defines once under `policies:`, which becomes a customer managed policy of the account.
 * A boundary is always a managed policy, as in AWS.
 */
export function placePolicy(policy: Policy, owner: PolicyOwner, use: 'identity' | 'boundary', partition: string): PolicyPlacement {
  const described = policy.document !== null && policy.document !== undefined;
  const document = described ? { document: policy.document } : {};
  if (managedPolicyParts(policy.name)) return { kind: 'managed', arn: policy.name, ...document };
  if (!described && policy.name.includes('#group:')) return { kind: 'none' };
  const inline = /#inline([:-])(.+)$/.exec(policy.name);
  const inlineName = inline ? (inline[1] === ':' ? inline[2]! : `inline-${inline[2]!}`) : undefined;
  const bare = !policy.name.includes('#') && IAM_NAME.test(policy.name) ? policy.name : undefined;
  if (use === 'identity' && described && bare === undefined) {
    return { kind: 'inline', name: iamName(inlineName ?? policy.name), document: policy.document };
  }
  const name = bare ?? iamName(use === 'boundary' ? `${owner.name}-boundary` : (inlineName ?? policy.name));
  return { kind: 'managed', arn: customerPolicyArn(partition, owner.accountId, name), ...document };
}

interface Entry {
  readonly arn: string;
  /** The document, or undefined for a policy attached but not described. */
  readonly document?: unknown;
  attachments: number;
  boundaryUses: number;
}

/**
 * The managed policies of one account's export, each once, counted as AWS counts them. Two
 * different documents under one ARN cannot both be kept: the second gets a name of its own.
 */
export class ManagedPolicyBook {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly partition: string,
    private readonly accountId: string,
  ) {}

  /** Records an attachment; returns the ARN it is attached by. */
  attach(placement: Extract<PolicyPlacement, { kind: 'managed' }>, use: 'identity' | 'boundary'): string {
    const text = placement.document === undefined ? undefined : policyText(placement.document);
    let arn = placement.arn;
    for (let n = 2; ; n++) {
      const entry = this.entries.get(arn);
      if (!entry || (entry.document === undefined ? undefined : policyText(entry.document)) === text) break;
      const parts = managedPolicyParts(placement.arn);
      arn = customerPolicyArn(this.partition, this.accountId, iamName(`${parts?.name ?? 'policy'}-${n}`));
    }
    const entry = this.entries.get(arn) ?? { arn, ...(placement.document !== undefined ? { document: placement.document } : {}), attachments: 0, boundaryUses: 0 };
    if (use === 'boundary') entry.boundaryUses++;
    else entry.attachments++;
    this.entries.set(arn, entry);
    return arn;
  }

  /** The `Policies` list: every described policy, by ARN, with its one (default) version. */
  details(date: string): unknown[] {
    return [...this.entries.values()]
      .filter((entry) => entry.document !== undefined)
      .sort(byKey((entry) => entry.arn))
      .map((entry) => {
        const parts = managedPolicyParts(entry.arn) ?? { path: '/', name: entry.arn };
        return {
          PolicyName: parts.name,
          PolicyId: iamUniqueId('ANPA', entry.arn),
          Arn: entry.arn,
          Path: parts.path,
          DefaultVersionId: 'v1',
          AttachmentCount: entry.attachments,
          PermissionsBoundaryUsageCount: entry.boundaryUses,
          IsAttachable: true,
          CreateDate: date,
          UpdateDate: date,
          PolicyVersionList: [{ Document: entry.document, VersionId: 'v1', IsDefaultVersion: true, CreateDate: date }],
        };
      });
  }
}
