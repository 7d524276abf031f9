import { withResource } from '../../core/model/estate-edits.js';
import type { ServiceCatalog } from '../../core/model/service-catalog.js';
import { minimalAllowStatement, statementSid, type StatementJson } from '../../core/policy/minimal-statement.js';
import { EMPTY_POLICY_DOCUMENT, sidsOf, statementsOf, withStatementAdded, withStatementList } from '../../core/policy/edit-policy-document.js';
import type { Change, Grant } from './change.js';
import { policyIn, putDocument, slotKey, type PolicySlot, type WhatIf } from './policy-slots.js';

/** A change with its statement written out, ready to show and to apply. */
export type WrittenChange = Change & { readonly written?: StatementJson };

/**
 * Grants to the same document for the same principal, resource and condition become one
 * statement with several actions (a key policy that must allow both kms:GenerateDataKey and
 * kms:Decrypt), and each added statement gets a Sid the document does not use yet.
 */
export function writeChanges(w: WhatIf, changes: readonly Change[]): WrittenChange[] {
  const merged = mergeGrants(changes);
  const taken = new Map<string, Set<string>>();
  return merged.map((c) => {
    if (c.op !== 'add') return c;
    const key = slotKey(c.slot);
    let sids = taken.get(key);
    if (!sids) {
      sids = sidsOf(policyIn(w, c.slot)?.document);
      taken.set(key, sids);
    }
    const sid = statementSid(c.grant.sidWords, sids);
    sids.add(sid);
    return { ...c, written: statementOf(c.grant, sid) };
  });
}

/** The estate and request with every change applied; undefined when one cannot be (see putDocument). */
export function applyChanges(w: WhatIf, changes: readonly WrittenChange[], catalog: ServiceCatalog | undefined): WhatIf | undefined {
  const bySlot = new Map<string, { slot: PolicySlot; changes: WrittenChange[] }>();
  let out: WhatIf | undefined = w;
  for (const c of changes) {
    if (c.op !== 'enable-key') continue;
    out = withKeyEnabled(out, c.slot);
    if (!out) return undefined;
  }
  for (const c of changes) {
    if (c.op === 'enable-key') continue;
    const key = slotKey(c.slot);
    const entry = bySlot.get(key) ?? { slot: c.slot, changes: [] };
    entry.changes.push(c);
    bySlot.set(key, entry);
  }
  for (const { slot, changes: edits } of bySlot.values()) {
    if (!out) return undefined;
    out = putDocument(out, slot, editedDocument(policyIn(out, slot)?.document ?? EMPTY_POLICY_DOCUMENT, edits), catalog);
  }
  return out;
}

/** The estate with the key of `slot` in the `Enabled` state (an `enable-key` change); undefined when the estate does not hold the key. */
function withKeyEnabled(w: WhatIf, slot: PolicySlot): WhatIf | undefined {
  const key = slot.kind === 'resource' ? w.estate.resources.get(slot.arn) : undefined;
  if (!key?.kms) return undefined;
  return { ...w, estate: withResource(w.estate, { ...key, kms: { ...key.kms, keyState: 'Enabled' } }) };
}

/** Replacements and removals by index on the document as it is, then the additions at its end. */
function editedDocument(document: unknown, edits: readonly WrittenChange[]): unknown {
  const replaced = new Map<number, unknown>();
  const removed = new Set<number>();
  for (const e of edits) {
    if (e.op === 'replace') replaced.set(e.index, e.statement);
    if (e.op === 'remove') removed.add(e.index);
  }
  const kept = statementsOf(document)
    .map((s, i) => (replaced.has(i) ? replaced.get(i) : s))
    .filter((_, i) => !removed.has(i));
  let doc: unknown = withStatementList(document, kept);
  for (const e of edits) if (e.op === 'add' && e.written) doc = withStatementAdded(doc, e.written);
  return doc;
}

function mergeGrants(changes: readonly Change[]): Change[] {
  const out: Change[] = [];
  for (const c of changes) {
    if (c.op !== 'add') {
      out.push(c);
      continue;
    }
    const same = out.findIndex((o) => o.op === 'add' && slotKey(o.slot) === slotKey(c.slot) && sameScope(o.grant, c.grant));
    if (same < 0) {
      out.push(c);
      continue;
    }
    const prior = out[same] as Extract<Change, { op: 'add' }>;
    const actions = [...prior.grant.actions, ...c.grant.actions.filter((a) => !prior.grant.actions.includes(a))];
    const sidWords = [...prior.grant.sidWords, ...c.grant.sidWords.filter((w) => !prior.grant.sidWords.includes(w))];
    out[same] = {
      ...prior,
      hops: [...new Set([...prior.hops, ...c.hops])],
      grant: { ...prior.grant, actions, sidWords },
    };
  }
  return out;
}

function sameScope(a: Grant, b: Grant): boolean {
  return JSON.stringify([a.principal, a.resource, a.condition]) === JSON.stringify([b.principal, b.resource, b.condition]);
}

function statementOf(grant: Grant, sid: string): StatementJson {
  return minimalAllowStatement({
    sid,
    ...(grant.principal ? { principal: grant.principal } : {}),
    actions: grant.actions,
    ...(grant.resource !== undefined ? { resource: grant.resource } : {}),
    ...(grant.condition ? { condition: grant.condition } : {}),
  });
}
