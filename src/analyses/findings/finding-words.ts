import type { Estate } from '../../core/model/estate.js';
import { accountLabel } from '../access-graph/graph-nodes.js';

/** `a`, `a and b`, `a, b and c`, `a, b, c and 4 more`: lists in messages stay one line. */
export function listWords(items: readonly string[], max = 3): string {
  if (items.length === 0) return '';
  if (items.length === 1) return items[0]!;
  if (items.length <= max) return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
  return `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}

/** The account id with its name from the estate or the known vendors: `999999999999 (Acme)`. */
export function accountWords(id: string, name: string | undefined): string {
  return name ? `${id} (${name})` : id;
}

/** The account's short name in the estate (`acme-monitoring` for "acme-monitoring (vendor, …)"), if it has one. */
export function estateName(ctx: { readonly estate: Estate }, accountId: string): string | undefined {
  const name = accountLabel(ctx.estate, accountId);
  return name === accountId ? undefined : name;
}
