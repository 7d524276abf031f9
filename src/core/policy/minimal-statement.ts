/**
 * The smallest policy statement that allows one thing: one principal (where the policy kind takes
 * one), the exact action(s), the exact resource, and only the conditions given. Fixes proposed by
 * `explain` are built with it, so they never widen access beyond the request they answer.
 */
export type PrincipalElementJson = { readonly AWS: string } | { readonly Service: string } | { readonly Federated: string };

export type ConditionJson = Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;

export interface MinimalStatementInput {
  readonly sid: string;
  readonly principal?: PrincipalElementJson;
  readonly actions: readonly string[];
  /** Omitted for trust policies, which apply to the role they are attached to. */
  readonly resource?: string;
  readonly condition?: ConditionJson;
}

export interface StatementJson {
  readonly Sid: string;
  readonly Effect: 'Allow';
  readonly Principal?: PrincipalElementJson;
  readonly Action: string | readonly string[];
  readonly Resource?: string;
  readonly Condition?: ConditionJson;
}

/** Elements in the order AWS's own examples write them. */
export function minimalAllowStatement(input: MinimalStatementInput): StatementJson {
  return {
    Sid: input.sid,
    Effect: 'Allow',
    ...(input.principal ? { Principal: input.principal } : {}),
    Action: input.actions.length === 1 ? input.actions[0]! : [...input.actions],
    ...(input.resource !== undefined ? { Resource: input.resource } : {}),
    ...(input.condition && Object.keys(input.condition).length > 0 ? { Condition: input.condition } : {}),
  };
}

/**
 * A `Sid` from words (`Allow`, `ml-training`, `kms:Decrypt` → `AllowMlTrainingKmsDecrypt`): AWS
 * accepts only letters and digits. `taken` holds the Sids already in the policy, which stay unique.
 */
export function statementSid(words: readonly string[], taken: ReadonlySet<string> = new Set()): string {
  const base =
    words
      .flatMap((w) => w.split(/[^A-Za-z0-9]+/))
      .filter((w) => w.length > 0)
      .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
      .join('') || 'Statement';
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}${n}`)) return `${base}${n}`;
}
