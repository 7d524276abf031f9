import type { DiagnosticBag } from '../core/diagnostics.js';
import { parsePolicy } from '../core/policy/parse-policy.js';
import type { Policy, PolicyKind } from '../core/policy/policy-types.js';

/** A policy document as the generator writes it. */
export interface PolicyDocument {
  readonly Version: '2012-10-17';
  readonly Statement: readonly Record<string, unknown>[];
}

export function document(...statements: Record<string, unknown>[]): PolicyDocument {
  return { Version: '2012-10-17', Statement: statements };
}

/**
 * Parses the generator's policies. A document that many roles or levels share (the deploy trust,
 * FullAWSAccess) is parsed once and the same `Policy` is used everywhere, which keeps a large
 * estate small in memory; the writer still writes it into every account that uses it.
 */
export class PolicyBook {
  private readonly shared = new Map<string, Policy>();

  constructor(private readonly diagnostics: DiagnosticBag) {}

  /** One policy per name: the caller names a document so that one name is one document. */
  sharedPolicy(kind: PolicyKind, name: string, make: () => PolicyDocument): Policy {
    const key = `${kind}\u0000${name}`;
    let policy = this.shared.get(key);
    if (!policy) {
      policy = parsePolicy(make(), { kind, name }, this.diagnostics);
      this.shared.set(key, policy);
    }
    return policy;
  }

  policy(kind: PolicyKind, name: string, doc: PolicyDocument): Policy {
    return parsePolicy(doc, { kind, name }, this.diagnostics);
  }
}
