import type { ActionMatcher, ResourceMatcher } from './policy-types.js';

/**
 * Compiled `Action` and `Resource` elements, shared by every policy the process compiles. An
 * organization repeats the same elements in thousands of documents (every app role's
 * `s3:GetObject` on `arn:aws:s3:::*`, every account's `FullAWSAccess`); compiled once, they are
 * held once: on a generated dense organization this halves the heap the load keeps
 * (docs/scale.md). A matcher is a pure function of its element's text (and, for resources,
 * whether policy variables apply), so sharing it between documents, and between estates, changes
 * no answer.
 *
 * Past `limit` distinct elements the table starts over: matchers already handed out stay valid,
 * new documents only share less.
 */
export class MatcherCache<T> {
  private table = new Map<string, T>();

  constructor(private readonly limit: number) {}

  get(key: string, make: () => T): T {
    let found = this.table.get(key);
    if (found === undefined) {
      if (this.table.size >= this.limit) this.table = new Map();
      found = make();
      this.table.set(key, found);
    }
    return found;
  }
}

/** Distinct elements kept: well above the estates trustmap is measured on (docs/scale.md), bounded all the same. */
const LIMIT = 200_000;

export const ACTION_MATCHERS = new MatcherCache<ActionMatcher>(LIMIT);
export const RESOURCE_MATCHERS = new MatcherCache<ResourceMatcher>(LIMIT);
