import type { GateId, Side } from '../../core/decision/result.js';
import type { ConditionJson, PrincipalElementJson } from '../../core/policy/minimal-statement.js';
import type { PolicySlot } from './policy-slots.js';

/** What an `add-statement` grants; the statement itself is written once the Sids of its policy are known. */
export interface Grant {
  readonly principal?: PrincipalElementJson;
  readonly actions: readonly string[];
  /** Omitted for trust policies. */
  readonly resource?: string;
  readonly condition?: ConditionJson;
  /** Words the Sid is made of (`Allow`, the principal's name, the actions). */
  readonly sidWords: readonly string[];
}

interface ChangeBase {
  readonly slot: PolicySlot;
  readonly account: string;
  readonly side: Side;
  readonly gate: GateId;
  readonly hops: readonly number[];
  readonly reason: string;
}

/** One edit of one policy document, before it is verified. */
export type Change =
  | (ChangeBase & { readonly op: 'add'; readonly grant: Grant })
  | (ChangeBase & { readonly op: 'replace'; readonly index: number; readonly sid?: string; readonly current: unknown; readonly statement: unknown })
  | (ChangeBase & { readonly op: 'remove'; readonly index: number; readonly sid?: string; readonly current: unknown })
  /**
   * Not a policy edit: bring a KMS key (`slot.arn`) back to `Enabled` (docs/aws-authorization.md#kms-key-state),
   * by the AWS CLI commands given, run in the key's account.
   */
  | (ChangeBase & { readonly op: 'enable-key'; readonly keyState: string; readonly commands: readonly string[] });

/** A change is identified by what it does, so that alternatives can share and compare them. */
export function changeKey(c: Change): string {
  const where = `${c.slot.kind}|${'arn' in c.slot ? c.slot.arn : ''}|${'policyName' in c.slot ? c.slot.policyName : ''}`;
  if (c.op === 'add') return `${where}|add|${JSON.stringify([c.grant.principal, c.grant.actions, c.grant.resource, c.grant.condition])}`;
  if (c.op === 'enable-key') return `${where}|enable-key`;
  return `${where}|${c.op}|${c.index}`;
}
