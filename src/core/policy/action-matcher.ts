import { compileWildcard, type WildcardMatcher } from '../wildcard.js';
import type { ActionMatcher } from './policy-types.js';

/**
 * A statement's `Action` or `NotAction` (docs/aws-authorization.md#condition-key-case: case-insensitive, `*` anywhere in the name;
 * docs/aws-authorization.md#not-action: `NotAction` matches every action except those listed). The matcher is given
 * lowercased `service:action` names, so patterns are lowercased once here.
 */
export function compileActionMatcher(patterns: readonly string[], negated: boolean): ActionMatcher {
  const listed = compileListed(patterns.map((p) => p.toLowerCase()));
  return negated ? { test: (action) => !listed(action) } : { test: listed };
}

function compileListed(patterns: readonly string[]): (action: string) => boolean {
  if (patterns.some((p) => /^\*+$/.test(p))) return () => true;
  const exact = new Set<string>();
  const prefixes: string[] = [];
  const globs: WildcardMatcher[] = [];
  for (const p of patterns) {
    if (!/[*?]/.test(p)) exact.add(p);
    else if (/^[^*?]+\*+$/.test(p)) prefixes.push(p.replace(/\*+$/, ''));
    else globs.push(compileWildcard(p));
  }
  return (action) => {
    if (exact.has(action)) return true;
    for (let i = 0; i < prefixes.length; i++) if (action.startsWith(prefixes[i]!)) return true;
    for (let i = 0; i < globs.length; i++) if (globs[i]!.test(action)) return true;
    return false;
  };
}
