import { membershipOf } from '../../core/decision/organization-chain.js';
import type { Estate, Role } from '../../core/model/estate.js';
import type { GraphNode } from './graph-types.js';

export const ROLE_CHAINING_NOTE = 'role chaining: the new session lasts at most one hour, whatever the role\'s maximum session duration (spec §5.4)';
export const CARRIED_OVER_NOTE = 'carried over from the previous session: its transitive session tags (sts:TransitiveTagKeys) and its source identity (aws:SourceIdentity) (spec §5.7, §5.8)';
export const NO_EXTERNAL_ID_NOTE = 'trusted from an account outside the role\'s organization without an sts:ExternalId condition: a confused deputy there can assume it (spec §5.6, §12.2)';
export const NO_SOURCE_CONDITION_NOTE = 'a service principal trusted without aws:SourceAccount or aws:SourceArn: any use of the service, in any account, may assume it (spec §5.10, §12.2)';
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
  if (crossesOrganization(estate, source, role) && !trustText.includes('sts:externalid')) notes.push(NO_EXTERNAL_ID_NOTE);
  if (source.kind === 'service' && !trustText.includes('aws:sourceaccount') && !trustText.includes('aws:sourcearn')) notes.push(NO_SOURCE_CONDITION_NOTE);
  return notes;
}

/** The source's account is another account, outside the role account's organization (or of no known one). */
function crossesOrganization(estate: Estate, source: GraphNode, role: Role): boolean {
  if ((source.kind !== 'user' && source.kind !== 'role' && source.kind !== 'outside') || source.accountId === undefined) return false;
  if (source.accountId === role.accountId) return false;
  const a = membershipOf(estate, source.accountId);
  const b = membershipOf(estate, role.accountId);
  return !(a.status === 'member' && b.status === 'member' && a.organization.id === b.organization.id);
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
