/**
 * Three-valued truth for conditions over request context the question may not give.
 *
 * A condition is true, false, or true exactly when a residual formula over unknown keys holds.
 * Residuals are kept in disjunctive normal form: a list of alternatives, each an AND of atoms,
 * where every atom is one AWS condition test (operator, key, values), possibly negated.
 * results.md: "residual is written in disjunctive normal form".
 */

export interface ConditionAtom {
  /** The AWS operator as written in the policy, e.g. `StringEquals`, `ForAnyValue:StringLike`, `BoolIfExists`. */
  readonly operator: string;
  /** The condition key as written in the policy (case preserved for display). */
  readonly key: string;
  /** The policy values, as written (policy variables left unresolved where their key is unknown). */
  readonly values: readonly string[];
  /** True when the alternative needs this test to be false. */
  readonly negated: boolean;
}

export type Alternative = readonly ConditionAtom[];

export type Tri =
  | { readonly kind: 'true' }
  | { readonly kind: 'false' }
  | { readonly kind: 'residual'; readonly alternatives: readonly Alternative[] };

export const TRUE: Tri = Object.freeze({ kind: 'true' });
export const FALSE: Tri = Object.freeze({ kind: 'false' });

/** Past this many alternatives a residual is too large to be useful to a person; see `capped`. */
export const MAX_ALTERNATIVES = 64;

export function residual(atom: ConditionAtom): Tri {
  return { kind: 'residual', alternatives: [[atom]] };
}

export function and(a: Tri, b: Tri): Tri {
  if (a.kind === 'false' || b.kind === 'false') return FALSE;
  if (a.kind === 'true') return b;
  if (b.kind === 'true') return a;
  const out: Alternative[] = [];
  for (const x of a.alternatives) {
    for (const y of b.alternatives) {
      const merged = mergeAlternatives(x, y);
      if (merged) out.push(merged);
      if (out.length > MAX_ALTERNATIVES * 4) break;
    }
  }
  return normalize(out);
}

export function or(a: Tri, b: Tri): Tri {
  if (a.kind === 'true' || b.kind === 'true') return TRUE;
  if (a.kind === 'false') return b;
  if (b.kind === 'false') return a;
  return normalize([...a.alternatives, ...b.alternatives]);
}

export function not(a: Tri): Tri {
  if (a.kind === 'true') return FALSE;
  if (a.kind === 'false') return TRUE;
  // not (A1 or A2 ...) = (not A1) and (not A2) ...; not (x and y) = (not x) or (not y)
  let acc: Tri = TRUE;
  for (const alt of a.alternatives) {
    const negatedAlt: Tri = {
      kind: 'residual',
      alternatives: alt.map((atom) => [negateAtom(atom)]),
    };
    acc = and(acc, negatedAlt);
    if (acc.kind === 'false') return acc;
  }
  return acc;
}

export function andAll(items: Iterable<Tri>): Tri {
  let acc: Tri = TRUE;
  for (const t of items) {
    acc = and(acc, t);
    if (acc.kind === 'false') return acc;
  }
  return acc;
}

export function negateAtom(atom: ConditionAtom): ConditionAtom {
  return { operator: atom.operator, key: atom.key, values: atom.values, negated: !atom.negated };
}

export function atomId(atom: ConditionAtom): string {
  return `${atom.operator}\u0000${atom.key.toLowerCase()}\u0000${atom.values.join('\u0001')}`;
}

/** AND of two alternatives; undefined when they contradict (an atom and its negation). */
function mergeAlternatives(x: Alternative, y: Alternative): Alternative | undefined {
  const seen = new Map<string, boolean>();
  const out: ConditionAtom[] = [];
  for (const atom of [...x, ...y]) {
    const id = atomId(atom);
    const prior = seen.get(id);
    if (prior === undefined) {
      seen.set(id, atom.negated);
      out.push(atom);
    } else if (prior !== atom.negated) {
      return undefined;
    }
  }
  if (contradictsOnEquality(out)) return undefined;
  return out;
}

/**
 * Operators whose policy values are exact text, so two disjoint value sets cannot both hold.
 * Not `NumericEquals` (`10` equals `10.0`) nor `ArnEquals` (it takes wildcards, docs/aws-authorization.md#condition-operators).
 * `Bool` compares case-insensitively, so its values are lowercased first.
 */
const EQUALITY_OPERATORS = new Set(['stringequals', 'bool']);

/** Values are compared per operator: `StringEquals` `True` and `Bool` `true` can both hold. */
function equalityKey(atom: ConditionAtom): string {
  return `${atom.operator.toLowerCase()}\u0000${atom.key.toLowerCase()}`;
}

function equalityValues(atom: ConditionAtom): readonly string[] {
  return atom.operator.toLowerCase() === 'bool' ? atom.values.map((v) => v.toLowerCase()) : atom.values;
}

/**
 * Two positive single-valued equality tests on one key with disjoint values cannot both hold
 * (`sts:ExternalId` = a and = b), nor can an equality together with its own negation.
 */
function contradictsOnEquality(atoms: readonly ConditionAtom[]): boolean {
  const byKey = new Map<string, Set<string>>();
  for (const atom of atoms) {
    if (atom.negated || !EQUALITY_OPERATORS.has(atom.operator.toLowerCase())) continue;
    if (atom.values.some((v) => v.includes('${'))) continue;
    const key = equalityKey(atom);
    const allowed = new Set(equalityValues(atom));
    const prior = byKey.get(key);
    if (prior) {
      const both = new Set([...prior].filter((v) => allowed.has(v)));
      if (both.size === 0) return true;
      byKey.set(key, both);
    } else {
      byKey.set(key, allowed);
    }
  }
  for (const atom of atoms) {
    if (!atom.negated || !EQUALITY_OPERATORS.has(atom.operator.toLowerCase())) continue;
    const must = byKey.get(equalityKey(atom));
    const excluded = equalityValues(atom);
    if (must && [...must].every((v) => excluded.includes(v))) return true;
  }
  return false;
}

/** Drops duplicate alternatives and alternatives implied by a smaller one (absorption). */
function normalize(alternatives: Alternative[]): Tri {
  if (alternatives.length === 0) return FALSE;
  const keyed = alternatives.map((alt) => ({ alt, ids: new Set(alt.map((a) => `${a.negated ? '!' : ''}${atomId(a)}`)) }));
  keyed.sort((p, q) => p.ids.size - q.ids.size);
  const kept: typeof keyed = [];
  for (const cand of keyed) {
    if (cand.ids.size === 0) return TRUE;
    const absorbed = kept.some((k) => [...k.ids].every((id) => cand.ids.has(id)));
    if (!absorbed) kept.push(cand);
  }
  return { kind: 'residual', alternatives: kept.slice(0, MAX_ALTERNATIVES * 4).map((k) => k.alt) };
}

/** True when the residual was cut at MAX_ALTERNATIVES and so no longer lists every way to allow. */
export function capped(t: Tri): boolean {
  return t.kind === 'residual' && t.alternatives.length > MAX_ALTERNATIVES;
}
