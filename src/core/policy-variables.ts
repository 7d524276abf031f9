import type { RequestContext } from './condition/request-context.js';
import type { PatternPart } from './wildcard.js';

/**
 * Policy variables (docs/aws-authorization.md#policy-variables): `${aws:username}`, `${aws:PrincipalTag/team, 'default'}`, and the
 * escapes `${*}`, `${?}`, `${$}`. A template is parsed once; resolving it against a request gives
 * pattern parts in which substituted text is literal (a `*` in a user name is not a wildcard).
 */
export type TemplatePart =
  | { readonly kind: 'text'; readonly text: string; readonly literal: boolean }
  | { readonly kind: 'variable'; readonly key: string; readonly keyAsWritten: string; readonly defaultValue?: string };

export interface Template {
  readonly source: string;
  readonly parts: readonly TemplatePart[];
  readonly hasVariables: boolean;
}

export type Resolved =
  | { readonly state: 'ok'; readonly parts: readonly PatternPart[] }
  | { readonly state: 'absent'; readonly key: string }
  | { readonly state: 'unknown'; readonly key: string }
  /** A multi-valued key used as a variable: AWS only substitutes single-valued keys. */
  | { readonly state: 'invalid'; readonly key: string };

const VARIABLE = /\$\{([^}]*)\}/g;
const DEFAULT = /^\s*([^,]+?)\s*,\s*'([^']*)'\s*$/;

/** Parses `${...}` references; with `enabled` false (Version 2008-10-17) every character is literal text. */
export function parseTemplate(source: string, enabled: boolean): Template {
  if (!enabled || !source.includes('${')) {
    return { source, parts: [{ kind: 'text', text: source, literal: false }], hasVariables: false };
  }
  const parts: TemplatePart[] = [];
  let last = 0;
  let hasVariables = false;
  for (const m of source.matchAll(VARIABLE)) {
    const start = m.index;
    if (start > last) parts.push({ kind: 'text', text: source.slice(last, start), literal: false });
    const inner = m[1] ?? '';
    if (inner === '*' || inner === '?' || inner === '$') {
      parts.push({ kind: 'text', text: inner, literal: true });
    } else {
      const withDefault = DEFAULT.exec(inner);
      const keyAsWritten = (withDefault ? withDefault[1]! : inner).trim();
      const part: TemplatePart = withDefault
        ? { kind: 'variable', key: keyAsWritten.toLowerCase(), keyAsWritten, defaultValue: withDefault[2]! }
        : { kind: 'variable', key: keyAsWritten.toLowerCase(), keyAsWritten };
      parts.push(part);
      hasVariables = true;
    }
    last = start + m[0].length;
  }
  if (last < source.length) parts.push({ kind: 'text', text: source.slice(last), literal: false });
  return { source, parts, hasVariables: hasVariables || parts.some((p) => p.kind === 'text' && p.literal) };
}

export function resolveTemplate(t: Template, ctx: RequestContext): Resolved {
  if (!t.hasVariables) {
    return { state: 'ok', parts: t.parts as readonly PatternPart[] };
  }
  const out: PatternPart[] = [];
  for (const part of t.parts) {
    if (part.kind === 'text') {
      out.push({ text: part.text, literal: part.literal });
      continue;
    }
    const entry = ctx.lookup(part.key);
    if (entry.state === 'present') {
      if (entry.multi || entry.values.length !== 1) return { state: 'invalid', key: part.keyAsWritten };
      out.push({ text: entry.values[0]!, literal: true });
    } else if (part.defaultValue !== undefined && entry.state === 'absent') {
      out.push({ text: part.defaultValue, literal: true });
    } else {
      return { state: entry.state, key: part.keyAsWritten };
    }
  }
  return { state: 'ok', parts: out };
}

/** The resolved template as a plain string (for equality operators, where `*` is not special). */
export function partsToString(parts: readonly PatternPart[]): string {
  let s = '';
  for (const p of parts) s += p.text;
  return s;
}
