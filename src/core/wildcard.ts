/**
 * Glob matching as IAM does it: `*` matches any run of characters (including none), `?` exactly
 * one. Patterns are compiled once. Matching uses the greedy two-pointer algorithm with a single
 * backtrack point, so it runs in O(pattern × value) at worst and never blows up on hostile input
 * such as `*a*a*a*a*b` (a regular expression with backtracking would).
 */

/** One piece of a pattern: text whose `*` and `?` are wildcards, or text that is literal throughout. */
export interface PatternPart {
  readonly text: string;
  readonly literal: boolean;
}

export interface WildcardMatcher {
  test(value: string): boolean;
}

const STAR = -1;
const QUESTION = -2;

export function hasWildcard(s: string): boolean {
  return s.includes('*') || s.includes('?');
}

export function compileWildcard(pattern: string, caseInsensitive = false): WildcardMatcher {
  return compileWildcardParts([{ text: pattern, literal: false }], caseInsensitive);
}

export function compileWildcardParts(parts: readonly PatternPart[], caseInsensitive = false): WildcardMatcher {
  const codes: number[] = [];
  for (const part of parts) {
    const text = caseInsensitive ? part.text.toLowerCase() : part.text;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (!part.literal && c === 42 /* * */) {
        if (codes[codes.length - 1] !== STAR) codes.push(STAR);
      } else if (!part.literal && c === 63 /* ? */) {
        codes.push(QUESTION);
      } else {
        codes.push(c);
      }
    }
  }
  if (codes.length === 1 && codes[0] === STAR) return { test: () => true };
  if (!codes.includes(STAR) && !codes.includes(QUESTION)) {
    // Joined from the parts, not String.fromCharCode(...codes): spreading a long pattern overflows the stack.
    const exact = parts.map((p) => (caseInsensitive ? p.text.toLowerCase() : p.text)).join('');
    // No length pre-check when ignoring case: lowercasing can change a string's length (`İ`).
    return caseInsensitive ? { test: (v) => v.toLowerCase() === exact } : { test: (v) => v === exact };
  }
  const pat = Int32Array.from(codes);
  return {
    test: (raw: string) => globMatch(pat, caseInsensitive ? raw.toLowerCase() : raw),
  };
}

function globMatch(pat: Int32Array, value: string): boolean {
  const n = value.length;
  const m = pat.length;
  let p = 0;
  let v = 0;
  let starP = -1;
  let starV = 0;
  while (v < n) {
    if (p < m) {
      const c = pat[p]!;
      if (c === STAR) {
        starP = p++;
        starV = v;
        continue;
      }
      if (c === QUESTION || c === value.charCodeAt(v)) {
        p++;
        v++;
        continue;
      }
    }
    if (starP >= 0) {
      p = starP + 1;
      v = ++starV;
      continue;
    }
    return false;
  }
  while (p < m && pat[p] === STAR) p++;
  return p === m;
}

/** Escapes `*` and `?` so that the text matches only itself when used as a pattern part. */
export function literalPart(text: string): PatternPart {
  return { text, literal: true };
}
