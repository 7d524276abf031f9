import { escapePointerToken } from '../diagnostics.js';
import type { ServiceCatalog } from '../model/service-catalog.js';
import { compileWildcard } from '../wildcard.js';
import type { PolicyKind } from './policy-types.js';
import { isPlainObject } from './decode-policy-document.js';
import { ACTION_PATTERN, clip } from './statement-value-checks.js';
import type { DiagnosticCode } from '../diagnostic-codes.js';

/** Reports a warning at a pointer relative to the document root. */
export type WarnAt = (pointer: string, code: DiagnosticCode, message: string, help?: string) => void;

/**
 * The checks that need the service catalog: unknown services and actions (with a "did you mean"),
 * RCPs on services they do not bind, condition keys no action of the statement can carry. All are
 * warnings: the catalog may lag behind AWS, so nothing here breaks a statement. Results are cached
 * for one document, whose statements often repeat an action.
 */
export class CatalogChecks {
  private readonly suggestions = new Map<string, string | undefined>();
  private readonly wildcardHits = new Map<string, boolean>();

  constructor(
    private readonly catalog: ServiceCatalog,
    private readonly kind: PolicyKind,
    private readonly warn: WarnAt,
  ) {}

  /** One well-formed `service:name` entry of `Action` / `NotAction` (docs/aws-authorization.md#condition-key-case). */
  action(service: string, name: string, pointer: string): void {
    const catalog = this.catalog;
    const action = `${service}:${name}`;
    if (!catalog.hasService(service.toLowerCase())) {
      this.warn(pointer, 'policy/unknown-service', `unknown service prefix \`${clip(service)}\` in \`${clip(action)}\``);
      return;
    }
    if (this.kind === 'rcp' && !catalog.rcpSupports(service.toLowerCase())) {
      this.warn(
        pointer,
        'policy/rcp-unsupported-service',
        `RCPs do not apply to \`${clip(service)}\`: \`${clip(action)}\` has no effect here`,
        'RCPs bind only the services on the RCP-supported list (docs/aws-authorization.md#rcp-does-not-grant, #rcp-supported-services)',
      );
    }
    if (/[*?]/.test(name)) {
      if (!this.wildcardMatchesSomeAction(service, name)) {
        this.warn(pointer, 'policy/unknown-action', `\`${clip(action)}\` matches no action of \`${clip(service)}\``);
      }
      return;
    }
    if (catalog.action(service, name) !== undefined) return;
    const suggestion = this.suggestAction(service, name);
    this.warn(pointer, 'policy/unknown-action', `unknown action \`${clip(action)}\``, suggestion !== undefined ? `did you mean \`${suggestion}\`?` : undefined);
  }

  /**
   * Warns about condition keys that none of the statement's actions can carry (docs/aws-authorization.md#missing-key-condition-false: such a
   * key is always absent). Only statements whose `Action` lists exact names are checked: a
   * wildcard may expand to an action that carries the key.
   */
  conditionKeys(raw: Readonly<Record<string, unknown>>, pointer: string): void {
    if (!isPlainObject(raw.Condition)) return;
    const exact = exactActions(raw.Action);
    if (exact === undefined || exact.length === 0) return;
    for (const [operator, keys] of Object.entries(raw.Condition)) {
      if (!isPlainObject(keys)) continue;
      for (const key of Object.keys(keys)) {
        const applies = exact.map(([service, action]) => this.catalog.conditionKeyApplies(service, action, key.toLowerCase()));
        if (!applies.every((a) => a === false)) continue;
        this.warn(
          `${pointer}/Condition/${escapePointerToken(operator)}/${escapePointerToken(key)}`,
          'policy/condition-key-not-applicable',
          `condition key \`${clip(key)}\` is not available for ${listActions(exact)}`,
          'a key absent from the request makes positive operators false and negated ones true (docs/aws-authorization.md#missing-key-condition-false)',
        );
      }
    }
  }

  private wildcardMatchesSomeAction(service: string, name: string): boolean {
    const key = `${service}:${name}`.toLowerCase();
    let hit = this.wildcardHits.get(key);
    if (hit === undefined) {
      const matcher = compileWildcard(name, true);
      hit = this.catalog.actionsOf(service.toLowerCase()).some((a) => matcher.test(actionName(a)));
      this.wildcardHits.set(key, hit);
    }
    return hit;
  }

  private suggestAction(service: string, name: string): string | undefined {
    const key = `${service}:${name}`.toLowerCase();
    if (!this.suggestions.has(key)) {
      const best = nearest(name, this.catalog.actionsOf(service.toLowerCase()).map(actionName));
      this.suggestions.set(key, best === undefined ? undefined : `${service}:${best}`);
    }
    return this.suggestions.get(key);
  }
}

/** `[service, name]` of every `Action` entry, or undefined when one is not an exact, well-formed name. */
function exactActions(element: unknown): Array<[string, string]> | undefined {
  const actions = typeof element === 'string' ? [element] : Array.isArray(element) ? element : [];
  const exact: Array<[string, string]> = [];
  for (const a of actions) {
    const m = typeof a === 'string' ? ACTION_PATTERN.exec(a) : null;
    if (!m || /[*?]/.test(m[2]!)) return undefined;
    exact.push([m[1]!, m[2]!]);
  }
  return exact;
}

function listActions(actions: ReadonlyArray<[string, string]>): string {
  const named = actions.slice(0, 3).map(([s, a]) => `\`${clip(`${s}:${a}`)}\``);
  return actions.length > 3 ? `${named.join(', ')} and ${actions.length - 3} more` : named.join(', ');
}

/** The name part of `service:Action` (catalogs may list names with or without the prefix). */
function actionName(a: string): string {
  return a.slice(a.indexOf(':') + 1);
}

/** The candidate closest to `written` by edit distance, when it is close enough to be a typo. */
export function nearest(written: string, candidates: readonly string[]): string | undefined {
  const target = written.toLowerCase();
  const limit = Math.max(2, Math.floor(target.length / 3));
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const c of candidates) {
    if (Math.abs(c.length - target.length) >= bestDistance) continue;
    const d = editDistance(target, c.toLowerCase(), bestDistance);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

/** Levenshtein distance, giving up (returning `cap`) once every path costs at least `cap`. */
function editDistance(a: string, b: string, cap: number): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      const d = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      current.push(d);
      if (d < rowMin) rowMin = d;
    }
    if (rowMin >= cap) return cap;
    previous = current;
  }
  return previous[b.length]!;
}
