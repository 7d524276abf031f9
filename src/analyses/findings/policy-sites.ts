import type { StatementRef } from '../../core/decision/result.js';
import { isUncollected, type Estate, type Resource, type Role } from '../../core/model/estate.js';
import type { CompiledStatement, Policy } from '../../core/policy/policy-types.js';
import type { FindingPolicy, FindingStatement, SubjectKind } from './finding.js';

/** A policy that says who may come in: a role's trust policy, or a resource or key policy. */
export interface InboundPolicy {
  readonly policy: Policy;
  readonly subject: string;
  readonly subjectKind: SubjectKind;
  readonly account: string;
  readonly role?: Role;
  readonly resource?: Resource;
}

/** Every trust, resource and key policy of the estate that could be read, in estate order. */
export function inboundPolicies(estate: Estate): InboundPolicy[] {
  const out: InboundPolicy[] = [];
  for (const account of estate.accounts.values()) {
    for (const role of account.roles.values()) {
      if (role.trustPolicy && !role.trustPolicy.unusable) out.push({ policy: role.trustPolicy, subject: role.arn, subjectKind: 'role', account: account.id, role });
    }
  }
  for (const resource of estate.resources.values()) {
    const policy = resource.policy;
    if (policy === null || isUncollected(policy) || policy.unusable) continue;
    out.push({ policy, subject: resource.arn, subjectKind: subjectKindOf(resource), account: resource.accountId, resource });
  }
  return out;
}

export function subjectKindOf(resource: Resource): SubjectKind {
  return resource.type === 'other' ? 'resource' : resource.type;
}

export function findingPolicy(policy: Policy, account: string): FindingPolicy {
  return { name: policy.name, kind: policy.kind, account, ...(policy.source ? { source: policy.source } : {}) };
}

export function findingStatement(statement: CompiledStatement): FindingStatement {
  return { index: statement.index, ...(statement.sid !== undefined ? { sid: statement.sid } : {}), ...(statement.source ? { source: statement.source } : {}) };
}

/** A statement the engine named in a gate, with its place in the input as the engine recorded it. */
export function statementOfRef(ref: StatementRef): FindingStatement {
  const source = ref.pointer !== undefined ? { pointer: ref.pointer, ...(ref.file !== undefined ? { file: ref.file } : {}), ...(ref.line !== undefined ? { line: ref.line } : {}) } : undefined;
  return { index: ref.index, ...(ref.sid !== undefined ? { sid: ref.sid } : {}), ...(source ? { source } : {}) };
}

/** `Sid` in backticks, or `statement N`: how messages name a statement. */
export function statementName(statement: { readonly index: number; readonly sid?: string }): string {
  return statement.sid !== undefined && statement.sid !== '' ? `statement \`${statement.sid}\`` : `statement ${statement.index}`;
}

export function hasCondition(statement: CompiledStatement): boolean {
  const cond = (statement.raw as { Condition?: unknown } | null)?.Condition;
  return cond !== undefined && cond !== null && typeof cond === 'object' && Object.keys(cond).length > 0;
}

/** The statement as written, with one more condition block merged in: the statement a fix asks for. */
export function withCondition(statement: CompiledStatement, operator: string, key: string, value: string | string[]): unknown {
  const raw = (statement.raw ?? {}) as Record<string, unknown>;
  const cond = (raw.Condition && typeof raw.Condition === 'object' ? { ...(raw.Condition as Record<string, unknown>) } : {}) as Record<string, Record<string, unknown>>;
  cond[operator] = { ...(cond[operator] ?? {}), [key]: value };
  return { ...raw, Condition: cond };
}
