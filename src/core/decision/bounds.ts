import { and, not, or, FALSE, TRUE, type Tri } from '../condition/tri.js';

/**
 * How allowed something is, when some estate data may be missing. `lo` is the answer if every
 * missing piece turns out against the request (no grant, a deny); `hi` if every missing piece
 * turns out for it. Where they differ the answer depends on data we do not have: Unknown
 * (results.md). Where both are the same residual, the answer depends only on request context:
 * Conditional. The decision formula is monotone in every piece, so evaluating it on `lo`s and on
 * `hi`s separately bounds the true answer.
 */
export interface Bounds {
  readonly lo: Tri;
  readonly hi: Tri;
}

export const ALLOWED: Bounds = Object.freeze({ lo: TRUE, hi: TRUE });
export const REFUSED: Bounds = Object.freeze({ lo: FALSE, hi: FALSE });
export const UNDETERMINED: Bounds = Object.freeze({ lo: FALSE, hi: TRUE });

export function exact(t: Tri): Bounds {
  return t.kind === 'true' ? ALLOWED : t.kind === 'false' ? REFUSED : { lo: t, hi: t };
}

export function both(a: Bounds, b: Bounds): Bounds {
  if (a === ALLOWED) return b;
  if (b === ALLOWED) return a;
  if (a === REFUSED || b === REFUSED) return REFUSED;
  const lo = and(a.lo, b.lo);
  return settle(lo, a.lo === a.hi && b.lo === b.hi ? lo : and(a.hi, b.hi));
}

export function either(a: Bounds, b: Bounds): Bounds {
  if (a === REFUSED) return b;
  if (b === REFUSED) return a;
  if (a === ALLOWED || b === ALLOWED) return ALLOWED;
  const lo = or(a.lo, b.lo);
  return settle(lo, a.lo === a.hi && b.lo === b.hi ? lo : or(a.hi, b.hi));
}

/** `either` of every part, folded left to right (the order residual alternatives are listed in). */
export function eitherAll(...parts: readonly Bounds[]): Bounds {
  let out = REFUSED;
  for (let i = 0; i < parts.length; i++) out = either(out, parts[i]!);
  return out;
}

/** Keeps the shared constants, so that determined bounds are recognised by identity. */
function settle(lo: Tri, hi: Tri): Bounds {
  if (lo.kind === 'true' && hi.kind === 'true') return ALLOWED;
  if (lo.kind === 'false' && hi.kind === 'false') return REFUSED;
  if (lo.kind === 'false' && hi.kind === 'true') return UNDETERMINED;
  return { lo, hi };
}

/** "Not denied": a deny that certainly holds (`lo` of the deny) bounds the allow from above. */
export function notDenied(deny: Bounds): Bounds {
  if (deny === REFUSED) return ALLOWED;
  if (deny === ALLOWED) return REFUSED;
  const lo = not(deny.hi);
  return settle(lo, deny.lo === deny.hi ? lo : not(deny.lo));
}

export function isDetermined(b: Bounds): boolean {
  return b.lo === b.hi || sameTri(b.lo, b.hi);
}

export function sameTri(a: Tri, b: Tri): boolean {
  if (a === b) return true;
  if (a.kind !== b.kind) return false;
  if (a.kind !== 'residual' || b.kind !== 'residual') return true;
  return JSON.stringify(a.alternatives) === JSON.stringify(b.alternatives);
}
