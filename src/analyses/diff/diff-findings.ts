/** What a diff needs of a finding: a fingerprint that survives line moves and reordering. */
export interface FingerprintedFinding {
  readonly fingerprint: string;
}

export interface FindingsDiff<F extends FingerprintedFinding> {
  readonly added: readonly F[];
  readonly fixed: readonly F[];
}

/** New findings (in `after` only) and fixed ones (in `before` only), matched by fingerprint. */
export function diffFindings<F extends FingerprintedFinding>(before: readonly F[], after: readonly F[]): FindingsDiff<F> {
  const old = new Set(before.map((f) => f.fingerprint));
  const now = new Set(after.map((f) => f.fingerprint));
  return { added: after.filter((f) => !old.has(f.fingerprint)), fixed: before.filter((f) => !now.has(f.fingerprint)) };
}
