import type { SourceLocation } from '../../core/diagnostics.js';
import type { PolicyKind } from '../../core/policy/policy-types.js';

/**
 * A finding: something in the estate that is wrong before anyone asks (docs/findings/README.md).
 * Each names its subject (the resource or principal), the policy and statement at fault with their
 * place in the input, and the fix: which account changes what. Findings are data; reporters render
 * them as text, JSON or SARIF.
 */
export type FindingSeverity = 'critical' | 'high' | 'medium' | 'low' | 'info';

/** Most severe first. */
export const SEVERITY_ORDER: readonly FindingSeverity[] = ['critical', 'high', 'medium', 'low', 'info'];

export function isFindingSeverity(s: string): s is FindingSeverity {
  return (SEVERITY_ORDER as readonly string[]).includes(s);
}

/** Whether `severity` is at least as severe as `threshold`. */
export function atLeast(severity: FindingSeverity, threshold: FindingSeverity): boolean {
  return SEVERITY_ORDER.indexOf(severity) <= SEVERITY_ORDER.indexOf(threshold);
}

/** What a finding is about. */
export type SubjectKind =
  | 'role'
  | 'user'
  | 'bucket'
  | 'object'
  | 'access-point'
  | 'queue'
  | 'topic'
  | 'function'
  | 'secret'
  | 'key'
  | 'resource'
  | 'account'
  | 'organizational-unit'
  | 'organization-root';

/** The policy at fault, named as answers name it (docs/scenario-format.md), with where it lives. */
export interface FindingPolicy {
  readonly name: string;
  readonly kind: PolicyKind;
  /** The account whose policy it is (for SCPs and RCPs: the management account). */
  readonly account: string;
  readonly source?: SourceLocation;
}

export interface FindingStatement {
  readonly index: number;
  readonly sid?: string;
  readonly source?: SourceLocation;
}

export type FixKind =
  | 'add-condition'
  | 'replace-principal'
  | 'remove-principal'
  | 'remove-statement'
  | 'narrow-permissions'
  | 'add-statement'
  | 'change-key'
  | 'move-guardrail'
  | 'move-workload'
  /** Not a policy edit: bring a KMS key back to Enabled (docs/aws-authorization.md#kms-key-state). */
  | 'enable-key';

/** What to change, and in which account: a person or a tool can act on it without reading the rule. */
export interface FindingFix {
  readonly kind: FixKind;
  /** The account that has to make the change. */
  readonly account: string;
  /** The policy to edit, where there is one. */
  readonly policy?: string;
  /** The change in words (lowercase start, no final period). */
  readonly summary: string;
  /** A statement to paste: the statement to add, or the statement as it should read. */
  readonly statement?: unknown;
}

/** The request whose answer shows the finding: `trustmap explain` of it (and the web page's explain view) shows why. */
export interface FindingRequest {
  readonly principal: string;
  readonly action: string;
  readonly resource: string;
  /** Context the request was asked with; `null` = the key is absent from the request. */
  readonly context?: Readonly<Record<string, string | readonly string[] | null>>;
}

export interface Finding {
  readonly ruleId: string;
  readonly severity: FindingSeverity;
  /** The rule's title. */
  readonly title: string;
  /** This finding in one sentence, with the names that make it specific. */
  readonly message: string;
  /** The ARN of the resource or principal the finding is about (an account: its Organizations ARN). */
  readonly subject: string;
  readonly subjectKind: SubjectKind;
  /** The subject's account. */
  readonly account: string;
  readonly policy?: FindingPolicy;
  readonly statement?: FindingStatement;
  /** What the engine answered that makes this a finding: requests, chains, verdicts. */
  readonly evidence: readonly string[];
  /** The request whose answer shows it, where one does (a deleted principal in a policy has none). */
  readonly request?: FindingRequest;
  readonly fix: FindingFix;
  /** Hash of rule id, subject, policy and statement identity (Sid, else index) and the rule's own key: not lines. */
  readonly fingerprint: string;
  /**
   * Fingerprints the same finding had in an earlier form (one finding per principal, before the
   * access map grouped them): a baseline entry with one of them still accepts it, and says how to migrate.
   */
  readonly replaces?: readonly string[];
  /** The docs page of the rule, relative to the repository root. */
  readonly docs: string;
}
