import type { AccessMap, AccessMapEntry } from '../analyses/access-map/access-map.js';
import { firstPrincipal } from '../analyses/access-map/principal-set.js';
import { escapeMermaid } from './access-mermaid.js';

/**
 * The access map as a picture of accounts: one node per account (outsiders as hexagons, `anyone`
 * and services apart), one arrow per (source, target account) with what crosses it. An arrow that
 * holds only under a condition, or is unknown, is dashed. Accounts of the organization sit in one frame.
 */
export function renderAccessMapMermaid(
  m: Pick<AccessMap, 'entries'>,
  accountLabel: (id: string) => string,
  isMember: (accountId: string) => boolean,
  title = 'cross-account access: accounts, and what crosses between them',
): string {
  const ids = new Map<string, string>();
  const inside: string[] = [];
  const apart: string[] = [];
  const nodeId = (key: string, label: string, shape: 'account' | 'outside' | 'public' | 'service', member: boolean): string => {
    let id = ids.get(key);
    if (id) return id;
    id = `a${ids.size}`;
    ids.set(key, id);
    const text = `"${escapeMermaid(label)}"`;
    const line = `${id}${shape === 'account' ? `[${text}]` : shape === 'outside' ? `{{${text}}}` : shape === 'public' ? `((${text}))` : `([${text}])`}`;
    (member ? inside : apart).push(line);
    return id;
  };
  const edges = new Map<string, { from: string; to: string; assume: Set<string>; resource: Set<string>; sure: boolean }>();
  for (const e of m.entries) {
    const to = nodeId(`account:${e.targetAccount}`, accountName(e.targetAccount, accountLabel), isMember(e.targetAccount) ? 'account' : 'outside', isMember(e.targetAccount));
    for (const from of sourceNodes(e, nodeId, accountLabel, isMember)) {
      const key = `${from}>${to}`;
      const edge = edges.get(key) ?? { from, to, assume: new Set<string>(), resource: new Set<string>(), sure: false };
      (e.kind === 'assume' ? edge.assume : edge.resource).add(e.target);
      edge.sure ||= e.decision === 'Allow';
      edges.set(key, edge);
    }
  }
  const lines = ['flowchart LR', `  %% ${title}`];
  if (inside.length > 0) lines.push('  subgraph org["organization"]', ...inside.map((l) => `    ${l}`), '  end');
  lines.push(...apart.map((l) => `  ${l}`));
  for (const e of edges.values()) {
    const label = [e.assume.size > 0 ? `${e.assume.size} role${e.assume.size === 1 ? '' : 's'}` : '', e.resource.size > 0 ? `${e.resource.size} resource${e.resource.size === 1 ? '' : 's'}` : ''].filter(Boolean).join(', ');
    lines.push(`  ${e.from} ${e.sure ? '-->' : '-.->'}|"${escapeMermaid(label)}"| ${e.to}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The nodes an entry's principals stand in: anyone, a service, or each account of the set. */
function sourceNodes(
  e: AccessMapEntry,
  nodeId: (key: string, label: string, shape: 'account' | 'outside' | 'public' | 'service', member: boolean) => string,
  accountLabel: (id: string) => string,
  isMember: (accountId: string) => boolean,
): string[] {
  const p = firstPrincipal(e.principals);
  if (p.kind === 'public') return [nodeId('public', 'anyone', 'public', false)];
  if (p.kind === 'service') return [nodeId(`service:${p.id}`, p.id, 'service', false)];
  const accounts = e.principals.accounts.length > 0 ? e.principals.accounts : [p.accountId ?? 'unknown'];
  return accounts.map((account) => {
    const member = isMember(account);
    return nodeId(`account:${account}`, accountName(account, accountLabel), member ? 'account' : 'outside', member);
  });
}

function accountName(id: string, accountLabel: (id: string) => string): string {
  const label = accountLabel(id);
  return label === id ? id : `${label} ${id}`;
}
