import type { Fix } from '../../src/analyses/explain/explanation.js';

/**
 * Test helper: pastes the fixes of one alternative into a decoded scenario document, the way a
 * person would edit the file by hand, so a test can load the edited scenario through the loader
 * and check that what `explain` says to paste really allows the request.
 */
type Doc = Record<string, unknown>;

export function pasteFixes(scenario: Doc, fixes: readonly Fix[], requestName: string): Doc {
  const doc = structuredClone(scenario);
  const ordered = [...fixes].sort((a, b) => rank(a) - rank(b) || (b.current?.index ?? 0) - (a.current?.index ?? 0));
  for (const fix of ordered) {
    if (fix.kind === 'enable-key') {
      // Not a policy edit: the key's entry says it is Enabled again, as `aws kms enable-key` leaves it.
      const entry = ((doc.resources as Doc[] | undefined) ?? []).find((r) => r.arn === fix.attachedTo);
      if (entry) entry.keyState = 'Enabled';
      continue;
    }
    const holder = documentHolder(doc, fix, requestName);
    const policy = holder.get() ?? { Version: '2012-10-17', Statement: [] };
    const statements = Array.isArray(policy.Statement) ? [...policy.Statement] : policy.Statement === undefined ? [] : [policy.Statement];
    if (fix.kind === 'add-statement') statements.push(fix.statement);
    if (fix.kind === 'replace-statement') statements[fix.current!.index] = fix.statement;
    if (fix.kind === 'remove-statement') statements.splice(fix.current!.index, 1);
    holder.set({ ...policy, Statement: statements });
  }
  return doc;
}

/** Replacements keep indexes; removals go from the last index down; additions come last. */
function rank(f: Fix): number {
  return f.kind === 'replace-statement' ? 0 : f.kind === 'remove-statement' ? 1 : 2;
}

interface Holder {
  get(): Doc | undefined;
  set(policy: Doc): void;
}

function documentHolder(doc: Doc, fix: Fix, requestName: string): Holder {
  if (fix.policyKind === 'session') {
    const request = (doc.requests as Doc[]).find((r) => r.name === requestName)!;
    return slot(doc, request, 'sessionPolicy');
  }
  if (fix.policyKind === 'resource' || fix.policyKind === 'key') {
    const resources = ((doc.resources as Doc[] | undefined) ?? (doc.resources = [])) as Doc[];
    let entry = resources.find((r) => r.arn === fix.attachedTo);
    if (!entry) {
      entry = { arn: fix.attachedTo };
      resources.push(entry);
    }
    return slot(doc, entry, 'policy');
  }
  const [, , , , account, resource] = fix.attachedTo.split(':') as [string, string, string, string, string, string];
  const name = resource.slice(resource.lastIndexOf('/') + 1);
  const accountDoc = (doc.accounts as Record<string, Doc>)[account]!;
  const entity = ((resource.startsWith('role/') ? accountDoc.roles : accountDoc.users) as Doc[]).find((e) => e.name === name)!;
  if (fix.policyKind === 'trust') return slot(doc, entity, 'trustPolicy');
  if (fix.policyKind === 'boundary') return slot(doc, entity, 'boundary');
  const policies = ((entity.policies as unknown[] | undefined) ?? (entity.policies = [])) as unknown[];
  if (fix.newPolicy) {
    const at = policies.length;
    policies.push({ Version: '2012-10-17', Statement: [] });
    return slot(doc, policies as unknown as Doc, String(at));
  }
  const index = Number(/#inline-(\d+)$/.exec(fix.policy)?.[1] ?? policies.indexOf(fix.policy));
  return slot(doc, policies as unknown as Doc, String(index));
}

/** A policy in place, or a name under the top-level `policies:` (edited there, as a person would). */
function slot(doc: Doc, owner: Doc, key: string): Holder {
  const named = (): string | undefined => (typeof owner[key] === 'string' ? (owner[key] as string) : undefined);
  return {
    get: () => {
      const n = named();
      return (n !== undefined ? (doc.policies as Record<string, Doc>)[n] : owner[key]) as Doc | undefined;
    },
    set: (policy) => {
      const n = named();
      if (n !== undefined) (doc.policies as Record<string, Doc>)[n] = policy;
      else owner[key] = policy;
    },
  };
}
