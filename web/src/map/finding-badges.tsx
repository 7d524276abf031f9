import { createContext, useContext } from 'react';
import { SEVERITIES, type FindingJson } from '../api';

/** How many findings concern an account or a resource, and the worst of them. */
export interface FindingBadge {
  readonly count: number;
  readonly worst: FindingJson['severity'];
}

export interface FindingBadges {
  /** By account id: every finding whose subject is in the account. */
  readonly byAccount: ReadonlyMap<string, FindingBadge>;
  /** By subject ARN: a role, a user or a resource the map draws as a member of its account. */
  readonly bySubject: ReadonlyMap<string, FindingBadge>;
}

export const NO_BADGES: FindingBadges = { byAccount: new Map(), bySubject: new Map() };

export function badgesOf(findings: readonly FindingJson[]): FindingBadges {
  const byAccount = new Map<string, FindingBadge>();
  const bySubject = new Map<string, FindingBadge>();
  const add = (map: Map<string, FindingBadge>, key: string, f: FindingJson): void => {
    const known = map.get(key);
    map.set(key, { count: (known?.count ?? 0) + 1, worst: known && SEVERITIES.indexOf(known.worst) <= SEVERITIES.indexOf(f.severity) ? known.worst : f.severity });
  };
  for (const f of findings) {
    add(byAccount, f.account, f);
    add(bySubject, f.subject, f);
  }
  return { byAccount, bySubject };
}

export const FindingBadgesContext = createContext<FindingBadges>(NO_BADGES);

/** The badge on a box: the count, coloured by the worst severity, and said in words for screen readers. */
export function Badge({ of }: { readonly of: string }) {
  const badges = useContext(FindingBadgesContext);
  const badge = of.startsWith('account:') ? badges.byAccount.get(of.slice('account:'.length)) : badges.bySubject.get(of.slice(of.indexOf(':') + 1));
  if (!badge) return null;
  const words = `${badge.count} finding${badge.count === 1 ? '' : 's'}, the worst ${badge.worst}`;
  return (
    <span className={`finding-badge severity-${badge.worst}`} title={words} aria-label={words} data-findings={badge.count}>
      {badge.count}
    </span>
  );
}
