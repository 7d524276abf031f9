import { compileArnPattern, type ArnPattern } from '../arn/arn-pattern.js';
import { present, type RequestContext } from '../condition/request-context.js';
import { FALSE, TRUE, not, or, residual, type Tri } from '../condition/tri.js';
import { parseTemplate, resolveTemplate, type Template } from '../policy-variables.js';
import type { PatternPart } from '../wildcard.js';
import type { ResourceMatch, ResourceMatcher } from './policy-types.js';

/**
 * A statement's `Resource` or `NotResource` (docs/aws-authorization.md#condition-key-case, #resource-wildcard-examples, #not-resource), compiled once.
 *
 * Patterns without policy variables are matched without looking at the request context. A pattern
 * with variables (Version 2012-10-17 only, docs/aws-authorization.md#policy-variables) is resolved per request: a variable whose
 * key has no value makes that pattern match no resource; a key whose value is unknown makes the
 * outcome unknown unless another pattern settles it.
 */
export function compileResourceMatcher(
  patterns: readonly string[],
  negated: boolean,
  variablesEnabled: boolean,
): ResourceMatcher {
  const exact = new Set<string>();
  const fixed: ArnPattern[] = [];
  const templated: TemplatedPattern[] = [];
  let matchesAll = false;
  for (const pattern of patterns) {
    const template = parseTemplate(pattern, variablesEnabled);
    if (template.hasVariables) templated.push(new TemplatedPattern(template));
    else if (pattern === '*') matchesAll = true;
    else if (!/[*?]/.test(pattern)) exact.add(pattern);
    else fixed.push(compileArnPattern([{ text: pattern, literal: false }]));
  }
  const listed: ResourceMatch = negated ? 'no-match' : 'match';
  const unlisted: ResourceMatch = negated ? 'match' : 'no-match';
  if (matchesAll) return { match: () => listed, contextFree: true };

  const matchesFixed = (arn: string): boolean => {
    if (exact.has(arn)) return true;
    for (let i = 0; i < fixed.length; i++) if (fixed[i]!.test(arn)) return true;
    return false;
  };
  if (templated.length === 0) return { match: (arn) => (matchesFixed(arn) ? listed : unlisted), contextFree: true };

  return {
    match(arn: string, ctx: RequestContext): ResourceMatch {
      if (matchesFixed(arn)) return listed;
      let unknownKey: string | undefined;
      for (let i = 0; i < templated.length; i++) {
        const outcome = templated[i]!.test(arn, ctx);
        if (outcome === true) return listed;
        if (typeof outcome === 'string') unknownKey ??= outcome;
      }
      if (unknownKey === undefined) return unlisted;
      // Some pattern hinges on an unknown key: the element matches iff one of those patterns does.
      let listedIf: Tri | undefined = FALSE;
      for (let i = 0; i < templated.length && listedIf; i++) {
        const t = templated[i]!.matchesIf(arn, ctx);
        listedIf = t === undefined ? undefined : or(listedIf, t);
      }
      if (!listedIf) return { unknownKey };
      return { unknownKey, residual: negated ? not(listedIf) : listedIf };
    },
  };
}

/** Longest ARN for which the values of an unknown variable are searched (the search is quadratic). */
const MAX_SOLVED_LENGTH = 256;

/** At most this many distinct resolutions of one pattern stay compiled (one per caller, typically). */
const CACHE_LIMIT = 32;

class TemplatedPattern {
  private readonly cache = new Map<string, ArnPattern>();

  constructor(private readonly template: Template) {}

  /** True or false, or the key (as written) whose unknown value leaves the match open. */
  test(arn: string, ctx: RequestContext): boolean | string {
    const resolved = resolveTemplate(this.template, ctx);
    switch (resolved.state) {
      case 'ok':
        return this.compiled(resolved.parts).test(arn);
      case 'unknown':
        return resolved.key;
      case 'absent': // docs/aws-authorization.md#policy-variables: "will not match any resource"
      case 'invalid': // only single-valued keys can be substituted
        return false;
    }
  }

  /**
   * The exact condition under which this pattern matches `arn`: false, true, or `StringEquals` on
   * the one unknown key with every value that makes the substituted pattern match. Undefined when
   * it cannot be worked out (two unknown keys, or an ARN too long to search).
   */
  matchesIf(arn: string, ctx: RequestContext): Tri | undefined {
    const resolved = resolveTemplate(this.template, ctx);
    if (resolved.state === 'ok') return this.compiled(resolved.parts).test(arn) ? TRUE : FALSE;
    if (resolved.state !== 'unknown') return FALSE;
    const unknown = this.template.parts.filter((p) => p.kind === 'variable' && ctx.lookup(p.key).state === 'unknown');
    const variable = unknown[0];
    if (unknown.length !== 1 || !variable || variable.kind !== 'variable' || arn.length > MAX_SOLVED_LENGTH) return undefined;
    const values = new Set<string>();
    for (let start = 0; start <= arn.length; start++) {
      for (let end = start; end <= arn.length; end++) {
        const candidate = arn.slice(start, end);
        if (values.has(candidate)) continue;
        const withValue: RequestContext = { lookup: (k) => (k === variable.key ? present(candidate) : ctx.lookup(k)) };
        const r = resolveTemplate(this.template, withValue);
        if (r.state === 'ok' && this.compiled(r.parts).test(arn)) values.add(candidate);
      }
    }
    if (values.size === 0) return FALSE;
    return residual({ operator: 'StringEquals', key: variable.keyAsWritten, values: [...values], negated: false });
  }

  private compiled(parts: readonly PatternPart[]): ArnPattern {
    let key = '';
    for (const p of parts) key += (p.literal ? '\u0001' : '\u0002') + p.text;
    let pattern = this.cache.get(key);
    if (pattern === undefined) {
      if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
      pattern = compileArnPattern(parts);
      this.cache.set(key, pattern);
    }
    return pattern;
  }
}
