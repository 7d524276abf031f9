import type { EstateJson } from '../api';

/** The principals of an access-map entry or blocked item (format version 2): a set of one, or many answered alike. */
export type PrincipalSet = EstateJson['accessMap']['entries'][number]['principals'];

/** The accounts a set comes from: every account of its members; none for the public and services. */
export function setAccounts(set: PrincipalSet): readonly string[] {
  const first = set.first;
  if (first.kind === 'public' || first.kind === 'service') return [];
  if (set.count === 1) return first.account ? [first.account] : [];
  return set.accounts;
}

/** A set of one is its principal; a larger set is drawn on the account nodes, not as members. */
export function isSingle(set: PrincipalSet): boolean {
  return set.count === 1;
}

/** A set of one: its principal's label; a larger set: `47 principals of <account>` or `44,812 principals in 12 accounts`. Plain text. */
export function setLabel(set: PrincipalSet, accountLabel: (id: string) => string): string {
  if (set.count === 1) return set.first.label;
  const n = set.count.toLocaleString('en-US');
  const accounts = set.accounts;
  if (accounts.length === 1) return `${n} principals of ${accountLabel(accounts[0]!)}`;
  if (accounts.length === 0) return `${n} principals`;
  return `${n} principals in ${accounts.length.toLocaleString('en-US')} accounts`;
}

/** The principal explain asks about: the set's first member (in the estate's order); only estate principals (ARNs) are explained. */
export function explainPrincipal(set: PrincipalSet): string | undefined {
  return set.first.id.startsWith('arn:') ? set.first.id : undefined;
}
