import { evaluateRequest } from '../../core/decision/evaluate-request.js';
import type { AuthorizationRequest } from '../../core/decision/request.js';
import type { Decision, DecisionKind } from '../../core/decision/result.js';
import type { Estate } from '../../core/model/estate.js';
import type { ServiceCatalog } from '../../core/model/service-catalog.js';
import { applyChanges, writeChanges, type WrittenChange } from './apply-changes.js';
import { changeKey, type Change } from './change.js';
import { denyRemedies } from './deny-changes.js';
import type { Fix } from './explanation.js';
import { grantRemedies } from './grant-changes.js';
import { attachedToOf, policyIn, policyKindOf, policyNameIn, type WhatIf } from './policy-slots.js';

export interface FixProposal {
  readonly fixes: readonly Fix[];
  readonly notes: readonly string[];
}

const DENIALS: ReadonlySet<DecisionKind> = new Set(['ExplicitDeny', 'ImplicitDeny']);

/**
 * What would allow a denied request (results.md "Fixes"). Explicit denies are narrowed first;
 * then, on the estate with those changes, each hop that is still denied gets its missing grants.
 * Every alternative is applied to a copy of the estate and the request evaluated again: an
 * alternative is `verified` only when the engine then allows it (or answers Conditional, on
 * request context the caller must supply). A statement that cannot be read (a malformed action,
 * resource, principal or effect) that could still change the answer leaves it Unknown, so such an
 * alternative is never verified: its note names the statement, by file, line and pointer.
 */
export function proposeFixes(estate: Estate, request: AuthorizationRequest, decision: Decision, catalog: ServiceCatalog | undefined): FixProposal {
  if (!DENIALS.has(decision.decision)) return { fixes: [], notes: [] };
  const base: WhatIf = { estate, request };
  const notes: string[] = [];
  const denies: Change[] = [];
  decision.hops.forEach((hop, i) => {
    if (hop.decision !== 'ExplicitDeny') return;
    const r = denyRemedies(base, hop, i);
    denies.push(...r.changes);
    notes.push(...r.notes);
  });

  const afterDenies = denies.length > 0 ? evaluateWith(base, writeChanges(base, denies), decision, catalog) : { w: base, decision };
  const perHop: Change[][][] = [];
  if (afterDenies.w) {
    afterDenies.decision.hops.forEach((hop, i) => {
      if (hop.decision !== 'ImplicitDeny') return;
      const r = grantRemedies(afterDenies.w!.estate, afterDenies.w!.request, hop, i);
      notes.push(...r.notes);
      if (r.alternatives.length > 0) perHop.push(r.alternatives.map((a) => [...a]));
    });
  }

  const candidates = combine(denies, perHop);
  const tried = candidates.map((changes) => {
    const written = writeChanges(base, changes);
    return { written, outcome: evaluateWith(base, written, decision, catalog).decision };
  });
  let kept = tried.filter((t) => isVerified(t.outcome));
  if (kept.length === 0 && candidates.length > 1) {
    const union = unionOf(candidates);
    const written = writeChanges(base, union);
    const outcome = evaluateWith(base, written, decision, catalog).decision;
    if (isVerified(outcome)) kept = [{ written, outcome }];
  }
  if (kept.length === 0) {
    kept = tried;
    const outcome = tried[0]?.outcome;
    if (outcome) notes.push(unverifiedNote(outcome));
  }
  const minimal = kept.filter((k) => !kept.some((other) => other !== k && isVerified(other.outcome) && isStrictSubset(other.written, k.written)));
  return { fixes: minimal.flatMap((k, n) => bySide(k.written).map((c) => toFix(base, c, n + 1, k.outcome))), notes: unique(notes) };
}

/** The decision with the changes applied; where they cannot be applied (see putDocument), nothing changed. */
function evaluateWith(base: WhatIf, changes: readonly WrittenChange[], before: Decision, catalog: ServiceCatalog | undefined): { w: WhatIf | undefined; decision: Decision } {
  const w = applyChanges(base, changes, catalog);
  if (!w) return { w, decision: before };
  return { w, decision: evaluateRequest(w.estate, w.request, catalog ? { catalog } : {}) };
}

/** A Conditional answer after the fix is allowed once the caller supplies the keys of its residual. */
function isVerified(d: Decision): boolean {
  return d.decision === 'Allow' || (d.decision === 'Conditional' && d.residual.length > 0);
}

/**
 * The first alternative of every denied hop together; then each further alternative of one hop
 * with the first of the others. The explicit-deny changes are part of every candidate.
 */
function combine(denies: readonly Change[], perHop: readonly Change[][][]): Change[][] {
  const first = perHop.map((alts) => alts[0]!);
  const out: Change[][] = [[...denies, ...first.flat()]];
  perHop.forEach((alts, h) => {
    for (const alt of alts.slice(1)) out.push([...denies, ...first.flatMap((f, i) => (i === h ? alt : f))]);
  });
  return out.filter((c) => c.length > 0);
}

function unionOf(candidates: readonly Change[][]): Change[] {
  const seen = new Map<string, Change>();
  for (const c of candidates.flat()) if (!seen.has(changeKey(c))) seen.set(changeKey(c), c);
  return [...seen.values()];
}

function isStrictSubset(a: readonly WrittenChange[], b: readonly WrittenChange[]): boolean {
  const keys = new Set(b.map(changeKey));
  return a.length < b.length && a.every((c) => keys.has(changeKey(c)));
}

function toFix(base: WhatIf, c: WrittenChange, alternative: number, outcome: Decision): Fix {
  const verified = isVerified(outcome);
  return {
    alternative,
    account: c.account,
    side: c.side,
    gate: c.gate,
    hops: c.hops,
    kind: c.op === 'add' ? 'add-statement' : c.op === 'remove' ? 'remove-statement' : c.op === 'enable-key' ? 'enable-key' : 'replace-statement',
    // An enable-key change edits no document: it names the key itself.
    policy: c.op === 'enable-key' ? attachedToOf(c.slot) : policyNameIn(base, c.slot),
    policyKind: policyKindOf(c.slot),
    attachedTo: attachedToOf(c.slot),
    newPolicy: c.op === 'add' && policyIn(base, c.slot) === undefined,
    ...(c.op === 'add' ? { statement: c.written } : c.op === 'replace' ? { statement: c.statement } : {}),
    ...(c.op === 'remove' || c.op === 'replace' ? { current: { index: c.index, ...(c.sid !== undefined ? { sid: c.sid } : {}), statement: c.current } } : {}),
    ...(c.op === 'enable-key' ? { commands: c.commands } : {}),
    reason: c.reason,
    verified,
    verifiedDecision: outcome.decision,
    ...(outcome.decision === 'Conditional' ? { verifiedResidual: outcome.residual } : {}),
  };
}

/** The caller's account's changes first, then the target's: one account's edits read together. */
function bySide(changes: readonly WrittenChange[]): WrittenChange[] {
  return [...changes].sort((a, b) => (a.side === b.side ? 0 : a.side === 'caller' ? -1 : 1));
}

function unverifiedNote(outcome: Decision): string {
  const head = `trustmap could not verify these changes: with them applied the request is ${outcome.decision}`;
  return outcome.decision === 'Unknown' ? `${head}, because the answer needs data the estate does not hold (${outcome.missing.join('; ')})` : head;
}

function unique(xs: readonly string[]): string[] {
  return [...new Set(xs)];
}
