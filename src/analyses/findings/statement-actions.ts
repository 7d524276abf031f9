import type { ServiceCatalog } from '../../core/model/service-catalog.js';
import type { CompiledStatement } from '../../core/policy/policy-types.js';
import { compileWildcard, hasWildcard } from '../../core/wildcard.js';

/** The `Action` patterns of a statement as written (empty for `NotAction`). */
export function actionPatterns(statement: CompiledStatement): string[] {
  const raw = (statement.raw as { Action?: unknown } | null)?.Action;
  const list = typeof raw === 'string' ? [raw] : Array.isArray(raw) ? raw : [];
  return list.filter((a): a is string => typeof a === 'string');
}

/** The service prefixes a statement's actions name; `*` when one pattern names every service. */
export function servicesNamed(statement: CompiledStatement): string[] {
  const out = new Set<string>();
  for (const p of actionPatterns(statement)) {
    const colon = p.indexOf(':');
    out.add(colon < 0 ? '*' : p.slice(0, colon).toLowerCase());
  }
  return [...out];
}

/**
 * Concrete actions that stand for the statement's patterns, to ask the engine about: each exact
 * action, and for a wildcard the first `perPattern` matching actions of the service (in
 * alphabetical order), each with the pattern it stands for. A pattern over every service (`*`, `*:*`) stands for nothing: it is not an
 * allow-list.
 */
export function sampleActions(statement: CompiledStatement, catalog: ServiceCatalog | undefined, perPattern = 2): Array<{ pattern: string; action: string }> {
  const out: Array<{ pattern: string; action: string }> = [];
  for (const pattern of actionPatterns(statement)) {
    const colon = pattern.indexOf(':');
    if (colon < 0) continue;
    const service = pattern.slice(0, colon).toLowerCase();
    if (hasWildcard(service)) continue;
    if (!hasWildcard(pattern)) {
      out.push({ pattern, action: pattern });
      continue;
    }
    const matcher = compileWildcard(pattern.toLowerCase());
    const names = [...(catalog?.actionsOf(service) ?? [])].filter((n) => matcher.test(n.toLowerCase())).sort();
    for (const action of names.slice(0, perPattern)) out.push({ pattern, action });
  }
  return out;
}
