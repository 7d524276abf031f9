import { membershipOf } from '../../core/decision/organization-chain.js';
import type { HopDecision } from '../../core/decision/result.js';
import type { Estate } from '../../core/model/estate.js';
import type { DecidingStatement } from './explanation.js';

/**
 * How wide a granting statement is, in words: an allowed request may be allowed for many more
 * callers than the one asked about. These are remarks on the statements that decided, not
 * findings (which scan the whole estate).
 */
export function openAccessNotes(estate: Estate, hop: HopDecision, granting: readonly DecidingStatement[]): string[] {
  const notes: string[] = [];
  for (const s of granting) {
    if (s.effect !== 'Allow' || !isObject(s.statement)) continue;
    const principals = principalEntries(s.statement.Principal);
    const keys = conditionKeys(s.statement.Condition);
    const named = `${s.sid !== undefined ? `\`${s.sid}\`` : `statement ${s.index}`} of \`${s.policy}\``;
    if (principals.some((p) => p.type === 'AWS' && p.value === '*')) {
      notes.push(keys.length === 0 ? `${named} grants to every principal (\`*\`), anonymous callers included, with no condition: anyone on the internet can do this` : `${named} grants to every principal (\`*\`), limited only by its condition on ${keys.join(', ')}`);
    }
    const accounts = principals.filter((p) => p.type === 'AWS' && wholeAccount(p.value));
    if (accounts.length > 0 && !keys.includes('aws:principalarn')) {
      notes.push(`${named} names the whole account ${accounts.map((a) => accountOf(a.value)).join(', ')}, not a principal: every user or role there whose own policies allow ${hop.action} can do this (docs/aws-authorization.md#cross-account-resource-only-not-enough, #trust-account-principal)`);
    }
    const services = principals.filter((p) => p.type === 'Service');
    if (services.length > 0 && !keys.some((k) => SOURCE_KEYS.has(k))) {
      notes.push(`${named} names ${services.map((p) => p.value).join(', ')} with no aws:SourceArn or aws:SourceAccount condition: that service can do this on behalf of any resource, in any account (confused deputy, docs/aws-authorization.md#service-principal-confused-deputy)`);
    }
    if (s.gate === 'trust' && hop.crossAccount && outsideTheOrganization(estate, hop) && !keys.includes('sts:externalid')) {
      notes.push(`${named} lets a principal outside the organization assume the role without \`sts:ExternalId\` (confused deputy, docs/aws-authorization.md#sts-external-id, #service-principal-confused-deputy)`);
    }
  }
  return notes;
}

const SOURCE_KEYS = new Set(['aws:sourcearn', 'aws:sourceaccount', 'aws:sourceorgid', 'aws:sourceorgpaths']);

function outsideTheOrganization(estate: Estate, hop: HopDecision): boolean {
  const target = membershipOf(estate, hop.resourceAccount);
  const caller = membershipOf(estate, hop.callerAccount);
  if (target.status !== 'member') return false;
  return caller.status === 'outside' || (caller.status === 'member' && caller.organization.id !== target.organization.id);
}

function principalEntries(element: unknown): Array<{ type: string; value: string }> {
  if (element === '*') return [{ type: 'AWS', value: '*' }];
  if (!isObject(element)) return [];
  return Object.entries(element).flatMap(([type, v]) => (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string').map((value) => ({ type, value })));
}

function conditionKeys(condition: unknown): string[] {
  if (!isObject(condition)) return [];
  return [...new Set(Object.values(condition).flatMap((block) => (isObject(block) ? Object.keys(block).map((k) => k.toLowerCase()) : [])))];
}

function wholeAccount(value: string): boolean {
  return /^\d{12}$/.test(value) || /^arn:aws[a-z-]*:iam::\d{12}:root$/.test(value);
}

function accountOf(value: string): string {
  return /^\d{12}$/.test(value) ? value : value.split(':')[4] ?? value;
}

function isObject(x: unknown): x is Readonly<Record<string, unknown>> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}
