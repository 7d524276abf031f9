import { closestMatch } from '../core/did-you-mean.js';
import type { DiagnosticBag } from '../core/diagnostics.js';
import type { DiagnosticCode } from '../core/diagnostic-codes.js';
import type { Estate } from '../core/model/estate.js';
import { isUncollected } from '../core/model/estate.js';
import type { IdentityCenterGroup, IdentityCenterInstance, IdentityCenterUser } from '../core/model/identity-center.js';
import { identityCenterLinks, type IdentityCenterRoute } from '../core/model/identity-center-links.js';

/**
 * People as principals of a question (docs/cli.md, "People as principals"): `sso:<user name>` is an
 * IAM Identity Center user, `sso-group:<group name>` a group; either may name its instance first
 * (`sso:d-1234567890/alice@example.com`) where several instances hold the name.
 */
export type PersonPrincipal =
  | { readonly kind: 'identity-center-user'; readonly instance: IdentityCenterInstance; readonly user: IdentityCenterUser; readonly routes: readonly IdentityCenterRoute[] }
  | { readonly kind: 'identity-center-group'; readonly instance: IdentityCenterInstance; readonly group: IdentityCenterGroup; readonly routes: readonly IdentityCenterRoute[] };

const USER = 'sso:';
const GROUP = 'sso-group:';

export function isPersonPrincipal(text: string | undefined): boolean {
  return text !== undefined && (text.startsWith(USER) || text.startsWith(GROUP));
}

/** The person or group `text` names, with the routes it signs in by; a diagnostic (`code`) when none or several match. */
export function resolvePersonPrincipal(estate: Estate, text: string, code: DiagnosticCode, bag: DiagnosticBag): PersonPrincipal | undefined {
  const isGroup = text.startsWith(GROUP);
  const rest = text.slice(isGroup ? GROUP.length : USER.length);
  const slash = rest.match(/^(d-[0-9a-f]{10})\/(.+)$/);
  const storeId = slash?.[1];
  const name = slash ? slash[2]! : rest;
  const instances = [...(estate.identityCenter?.values() ?? [])].filter((i) => storeId === undefined || i.identityStoreId === storeId);
  if (instances.length === 0) {
    bag.add({
      code,
      severity: 'error',
      message: storeId === undefined ? `\`${text}\` names a person, but the estate holds no IAM Identity Center` : `the estate holds no IAM Identity Center instance \`${storeId}\``,
      help: 'collect Identity Center (`identity-center/` in a snapshot, `identityCenter:` in a scenario; docs/inputs.md), or give an IAM principal ARN',
    });
    return undefined;
  }
  const matches: PersonPrincipal[] = [];
  const names: string[] = [];
  for (const instance of instances) {
    const links = identityCenterLinks(estate);
    if (isGroup) {
      if (isUncollected(instance.groups)) continue;
      for (const group of instance.groups.values()) {
        names.push(group.displayName);
        if (group.displayName !== name && group.id !== name) continue;
        const routes = links.routes.filter((r) => r.instance === instance && r.group === group);
        matches.push({ kind: 'identity-center-group', instance, group, routes: uniqueByRole(routes) });
      }
    } else {
      if (isUncollected(instance.users)) continue;
      for (const user of instance.users.values()) {
        names.push(user.userName);
        if (user.userName.toLowerCase() !== name.toLowerCase() && user.id !== name) continue;
        matches.push({ kind: 'identity-center-user', instance, user, routes: links.byUser.get(`${instance.identityStoreId}/${user.id}`) ?? [] });
      }
    }
  }
  if (matches.length === 1) return matches[0];
  if (matches.length > 1) {
    const stores = [...new Set(matches.map((m) => m.instance.identityStoreId))];
    const help = stores.length > 1 ? `name the instance: \`${isGroup ? GROUP : USER}${stores[0]}/${name}\`` : `name it by its id: \`${isGroup ? GROUP : USER}${stores[0]}/<${isGroup ? 'group' : 'user'} id>\``;
    bag.add({ code, severity: 'error', message: `\`${text}\` names ${matches.length} ${isGroup ? 'groups' : 'users'} of IAM Identity Center (${stores.join(', ')})`, help });
    return undefined;
  }
  const near = closestMatch(name, names);
  bag.add({
    code,
    severity: 'error',
    message: `\`${text}\` is not ${isGroup ? 'a group' : 'a user'} of the estate's IAM Identity Center`,
    help: near !== undefined ? `did you mean \`${isGroup ? GROUP : USER}${near}\`?` : `give a ${isGroup ? 'group name' : 'user name'} the identity store lists`,
  });
  return undefined;
}

/** A group's routes, one per role (every member signs in as the same role). */
function uniqueByRole(routes: readonly IdentityCenterRoute[]): IdentityCenterRoute[] {
  const seen = new Set<string>();
  return routes.filter((r) => {
    const key = `${r.accountId} ${r.permissionSet.arn}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The session a user signs in as: `arn:aws:sts::<account>:assumed-role/<role name>/<user name>`. */
export function sessionArnOf(route: IdentityCenterRoute): string | undefined {
  if (!route.role) return undefined;
  const partition = route.role.arn.split(':')[1] ?? 'aws';
  return `arn:${partition}:sts::${route.accountId}:assumed-role/${route.role.name}/${route.user.userName}`;
}

/** `alice@example.com (Alice, IAM Identity Center d-1234567890)`, `group Platform (IAM Identity Center d-…)`. */
export function personLabel(p: PersonPrincipal): string {
  if (p.kind === 'identity-center-group') return `group ${p.group.displayName} (IAM Identity Center ${p.instance.identityStoreId})`;
  const display = p.user.displayName ? `${p.user.displayName}, ` : '';
  return `${p.user.userName} (${display}IAM Identity Center ${p.instance.identityStoreId})`;
}

/** `group Platform → permission set AdministratorAccess in prod (222222222222)`. */
export function routeText(route: IdentityCenterRoute, accountName: string | undefined): string {
  const how = route.group ? `group ${route.group.displayName}` : 'assigned directly';
  const account = accountName ? `${accountName} (${route.accountId})` : route.accountId;
  return `${how} → permission set ${route.permissionSet.name} in ${account}`;
}

/** A route as JSON: `via` tells a group's assignment from a direct one. */
export function routeJson(route: IdentityCenterRoute): {
  readonly via: 'group' | 'direct';
  readonly group: string | null;
  readonly permissionSet: string;
  readonly account: string;
  readonly role: string | null;
} {
  return { via: route.group ? 'group' : 'direct', group: route.group?.displayName ?? null, permissionSet: route.permissionSet.name, account: route.accountId, role: route.role?.arn ?? null };
}
