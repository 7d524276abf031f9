import type { Estate } from '../../core/model/estate.js';
import { statementMayAllow, type EstateActionIndex, type IdentityGrant } from './action-index.js';

/**
 * Grants whose Resource element is written the same way, split by account: one match answers for
 * all of them, and each account's list is the same array every time it is found.
 */
interface PatternGroup {
  readonly sample: IdentityGrant;
  readonly byAccount: Map<string, IdentityGrant[]>;
}

interface ActionPrefixes {
  /** Groups by the literal text of a Resource pattern up to its first wildcard. */
  readonly byPrefix: Map<string, PatternGroup[]>;
  /** The lengths of those prefixes, ascending: an ARN is cut only where some prefix ends. */
  readonly lengths: readonly number[];
  /** Grants that may name any resource (no Resource, NotResource, a policy variable), by account. */
  readonly always: Map<string, IdentityGrant[]>;
}

/**
 * The identity grants of every account of the estate for one action, indexed by the literal start
 * of their Resource patterns, so that "which Allow statements of the organization may name this
 * ARN" looks up the ARN's prefixes instead of testing every statement of every account; grants
 * whose Resource element reads the same (`arn:aws:s3:::*` in a thousand roles) are matched once.
 * Resource matching is case-sensitive (src/core/arn/arn-pattern.ts), and so is the index.
 */
export class GrantPrefixIndex {
  private readonly byAction = new Map<string, ActionPrefixes>();
  private readonly kept = new WeakSet<IdentityGrant[]>();

  /** Whether a list `grantsAllowing` returned is one of the index's own, the same array each time it is found. */
  isKept(list: IdentityGrant[]): boolean {
    return this.kept.has(list);
  }

  constructor(
    private readonly estate: Estate,
    private readonly actions: EstateActionIndex,
  ) {}

  /**
   * The Allow statements of the estate's accounts that may allow `action` (lowercased) on
   * `resourceArn`, by account, as lists of grants: a list found again for another ARN is the same array.
   */
  grantsAllowing(action: string, resourceArn: string): Map<string, IdentityGrant[][]> {
    const prefixes = this.prefixesOf(action);
    const out = new Map<string, IdentityGrant[][]>();
    const add = (accountId: string, grants: IdentityGrant[]): void => {
      const found = out.get(accountId);
      if (!found) out.set(accountId, [grants]);
      else found.push(grants);
    };
    for (const [accountId, grants] of prefixes.always) {
      const matching = grants.filter((g) => statementMayAllow(g.statement, action, resourceArn));
      if (matching.length > 0) add(accountId, matching);
    }
    // Each grant sits in one group (its Resource element) and a group is taken once, so no grant comes twice.
    const taken = new Set<PatternGroup>();
    for (const end of prefixes.lengths) {
      if (end > resourceArn.length) break;
      const groups = prefixes.byPrefix.get(resourceArn.slice(0, end));
      if (!groups) continue;
      for (const group of groups) {
        if (taken.has(group)) continue;
        taken.add(group);
        // The grants of a group differ only outside their Resource element, and all name the action.
        if (!statementMayAllow(group.sample.statement, action, resourceArn)) continue;
        for (const [accountId, grants] of group.byAccount) add(accountId, grants);
      }
    }
    return out;
  }

  private prefixesOf(action: string): ActionPrefixes {
    let found = this.byAction.get(action);
    if (found) return found;
    const byPrefix = new Map<string, Map<string, PatternGroup>>();
    const always = new Map<string, IdentityGrant[]>();
    for (const account of this.estate.accounts.values()) {
      const index = this.actions.account(account.id);
      if (!index) continue;
      for (const grant of index.grantsNaming(action)) {
        const patterns = resourcePatterns(grant.statement.raw);
        if (patterns === undefined) {
          const list = always.get(account.id);
          if (list) list.push(grant);
          else always.set(account.id, [grant]);
          continue;
        }
        const text = JSON.stringify(patterns);
        const seen = new Set<string>();
        for (const pattern of patterns) {
          const cut = pattern.search(/[*?]/);
          const prefix = cut < 0 ? pattern : pattern.slice(0, cut);
          if (seen.has(prefix)) continue;
          seen.add(prefix);
          let groups = byPrefix.get(prefix);
          if (!groups) byPrefix.set(prefix, (groups = new Map()));
          let group = groups.get(text);
          if (!group) groups.set(text, (group = { sample: grant, byAccount: new Map() }));
          const list = group.byAccount.get(account.id);
          if (!list) {
            const made = [grant];
            this.kept.add(made);
            group.byAccount.set(account.id, made);
          } else if (list[list.length - 1] !== grant) list.push(grant);
        }
      }
    }
    const lengths = [...new Set([...byPrefix.keys()].map((p) => p.length))].sort((a, b) => a - b);
    found = { byPrefix: new Map([...byPrefix].map(([prefix, groups]) => [prefix, [...groups.values()]])), lengths, always };
    this.byAction.set(action, found);
    return found;
  }
}

/** A statement's Resource patterns, or undefined when it may name anything a prefix cannot tell (no Resource, NotResource, a variable). */
function resourcePatterns(raw: unknown): readonly string[] | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const r = raw as { Resource?: unknown; NotResource?: unknown };
  if (r.NotResource !== undefined) return undefined;
  const list = typeof r.Resource === 'string' ? [r.Resource] : Array.isArray(r.Resource) && r.Resource.every((x) => typeof x === 'string') ? (r.Resource as string[]) : undefined;
  if (!list || list.some((p) => p.includes('${'))) return undefined;
  return list;
}
