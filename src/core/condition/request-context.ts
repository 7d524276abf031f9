/**
 * The request context as conditions see it. Every key is in exactly one state (scenario-format.md,
 * "Context: derived, given, absent, unknown"): present with values, absent, or unknown.
 * Keys are looked up lowercased: condition key names are case-insensitive (docs/aws-authorization.md#condition-key-case).
 */
export type ContextEntry =
  | { readonly state: 'present'; readonly values: readonly string[]; readonly multi: boolean }
  | { readonly state: 'absent' }
  | { readonly state: 'unknown' };

export interface RequestContext {
  /** `key` must already be lowercased. */
  lookup(key: string): ContextEntry;
}

export const ABSENT: ContextEntry = Object.freeze({ state: 'absent' });
export const UNKNOWN: ContextEntry = Object.freeze({ state: 'unknown' });

export function present(value: string | readonly string[]): ContextEntry {
  return typeof value === 'string'
    ? { state: 'present', values: [value], multi: false }
    : { state: 'present', values: value, multi: true };
}

/** A plain map-backed context: keys not in the map are reported as `fallback` (default unknown). */
export class MapContext implements RequestContext {
  private readonly entries = new Map<string, ContextEntry>();

  constructor(private readonly fallback: ContextEntry = UNKNOWN) {}

  set(key: string, entry: ContextEntry): this {
    this.entries.set(key.toLowerCase(), entry);
    return this;
  }

  lookup(key: string): ContextEntry {
    return this.entries.get(key) ?? this.fallback;
  }
}
