import { membershipOf } from '../../core/decision/organization-chain.js';
import type { Estate, Role } from '../../core/model/estate.js';
import type { GraphNode } from './graph-types.js';

export const ROLE_CHAINING_NOTE = 'role chaining: the new session lasts at most one hour, whatever the role\'s maximum session duration (docs/aws-authorization.md#role-chaining-one-hour)';
export const CARRIED_OVER_NOTE = 'carried over from the previous session: its transitive session tags (sts:TransitiveTagKeys) and its source identity (aws:SourceIdentity) (docs/aws-authorization.md#session-tags-require-tag-session, #source-identity)';
export const NO_EXTERNAL_ID_NOTE = 'trusted from an account outside the role\'s organization without an sts:ExternalId condition: a confused deputy there can assume it (docs/aws-authorization.md#sts-external-id, #service-principal-confused-deputy)';
export const NO_SOURCE_CONDITION_NOTE = 'a service principal trusted without aws:SourceAccount or aws:SourceArn: any use of the service, in any account, may assume it (docs/aws-authorization.md#service-principal-trust, #service-principal-confused-deputy)';
export const NO_EXTERNAL_ID_UNKNOWN_ORG_NOTE = 'trusted from another account without an sts:ExternalId condition, and the organization was not collected: if that account is outside the role\'s organization, a confused deputy there can assume it (docs/aws-authorization.md#sts-external-id, #service-principal-confused-deputy)';
export const UNKNOWN_SOURCE_NOTE = 'the source is outside the estate: whether its own policies let it call AssumeRole is unknown';

/** A hop from a role session, or from a principal that may be one, is role chaining. */
export function isChained(source: GraphNode): boolean {
  if (source.kind === 'role') return true;
  return source.kind === 'outside' && /:(role|assumed-role)\//.test(source.id);
}

/** The notes of one assumption, in the order a reader needs them. */
export function edgeNotes(estate: Estate, source: GraphNode, role: Role): string[] {
  const notes: string[] = [];
  if (isChained(source)) notes.push(ROLE_CHAINING_NOTE, CARRIED_OVER_NOTE);
  if (source.permissionsUnknown) notes.push(UNKNOWN_SOURCE_NOTE);
  const trustText = trustConditionText(role);
  const crossing = crossesOrganization(estate, source, role);
  if (crossing !== 'no' && !trustText.includes('sts:externalid')) notes.push(crossing === 'yes' ? NO_EXTERNAL_ID_NOTE : NO_EXTERNAL_ID_UNKNOWN_ORG_NOTE);
  if (source.kind === 'service' && !trustText.includes('aws:sourceaccount') && !trustText.includes('aws:sourcearn')) notes.push(NO_SOURCE_CONDITION_NOTE);
  return notes;
}

/**
 * Whether the source's account is outside the role account's organization: `yes` when the
 * organization is known and does not hold it (or the role's account is in none), `unknown` when
 * the organization was not collected.
 */
function crossesOrganization(estate: Estate, source: GraphNode, role: Role): 'yes' | 'no' | 'unknown' {
  if ((source.kind !== 'user' && source.kind !== 'role' && source.kind !== 'outside') || source.accountId === undefined) return 'no';
  if (source.accountId === role.accountId) return 'no';
  if (estate.organizationStatus === 'not-collected') return 'unknown';
  const a = membershipOf(estate, source.accountId);
  const b = membershipOf(estate, role.accountId);
  return a.status === 'member' && b.status === 'member' && a.organization.id === b.organization.id ? 'no' : 'yes';
}

const conditionTexts = new WeakMap<Role, string>();

/** The trust policy's conditions as lowercased text, to see which keys it tests. */
function trustConditionText(role: Role): string {
  let text = conditionTexts.get(role);
  if (text === undefined) {
    const raw = role.trustPolicy?.statements.map((s) => (s.raw as { Condition?: unknown } | null)?.Condition ?? null) ?? [];
    text = JSON.stringify(raw).toLowerCase();
    conditionTexts.set(role, text);
  }
  return text;
}
