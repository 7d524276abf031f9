import { identityCenterLinks, type IdentityCenterRoute } from '../../../core/model/identity-center-links.js';
import type { FindingDraft, FindingRule } from '../finding-rule.js';
import { accountWords, estateName } from '../finding-words.js';

/**
 * An IAM Identity Center assignment that its person never used in the CloudTrail logs read: no
 * session of the provisioned role under their user name (a person signs in as
 * `assumed-role/AWSReservedSSO_<permission set>_…/<user name>`,
 * https://docs.aws.amazon.com/singlesignon/latest/userguide/sso-info-in-cloudtrail.html). Only
 * CloudTrail can tell: `RoleLastUsed` does not say who used a role, so without logs the rule finds nothing.
 */
export const identityCenterAssignmentUnused: FindingRule = {
  id: 'identity-center-assignment-unused',
  category: 'usage',
  severity: 'low',
  title: 'Identity Center assignment not used in the CloudTrail logs read',
  description:
    'A person is assigned a permission set on an account (directly or through a group), and the CloudTrail logs read (--cloudtrail) show no session of the provisioned role under their user name. Access nobody uses is standing risk: remove the assignment, or the person from the group. The finding names the window the logs cover; it needs logs from the account the role is in (an organization trail has them all).',
  awsDocs: 'https://docs.aws.amazon.com/singlesignon/latest/userguide/sso-info-in-cloudtrail.html',
  check(ctx) {
    const log = ctx.usage?.log;
    if (!log || !ctx.estate.identityCenter) return [];
    const days = log.window ? (log.window.to - log.window.from) / 86_400_000 : 0;
    const unusedDays = ctx.usage?.unusedDays ?? 90;
    const short = days < unusedDays ? `, ${days < 1 ? 'less than a day' : `${Math.floor(days)} days`}: fewer than the ${unusedDays} asked` : '';
    const window = log.window ? `${iso(log.window.from)} to ${iso(log.window.to)}${short}` : 'no record';
    const byAssignment = new Map<string, { route: IdentityCenterRoute; roles: string[] }>();
    for (const route of identityCenterLinks(ctx.estate).routes) {
      if (!route.role) continue;
      const sessions = log.sessionsOf(route.role.arn);
      if ([...sessions.keys()].some((name) => name.toLowerCase() === route.user.userName.toLowerCase())) continue;
      const key = `${route.instance.identityStoreId}\u0000${route.user.id}\u0000${route.permissionSet.arn}\u0000${route.accountId}`;
      const found = byAssignment.get(key);
      if (found) found.roles.push(route.role.arn);
      else byAssignment.set(key, { route, roles: [route.role.arn] });
    }
    const out: FindingDraft[] = [];
    for (const { route, roles } of byAssignment.values()) {
      const way = route.group ? `through group \`${route.group.displayName}\`` : 'directly';
      const owner = route.instance.ownerAccountId ?? ctx.estate.organization?.managementAccountId ?? route.accountId;
      out.push({
        key: `${route.instance.identityStoreId}/${route.user.id}/${route.permissionSet.arn}`,
        message: `\`${route.user.userName}\` is assigned \`${route.permissionSet.name}\` on account ${accountWords(route.accountId, estateName(ctx, route.accountId))} ${way}, and signed in with it in none of the CloudTrail logs read (${window})`,
        subject: roles[0]!,
        subjectKind: 'role',
        account: route.accountId,
        evidence: [
          `Identity Center ${route.instance.identityStoreId}: ${route.user.userName} → ${route.permissionSet.name} on ${route.accountId} ${way}`,
          `no session \`${route.user.userName}\` of ${roles.join(', ')} in the logs read (${window}; ${log.records.toLocaleString('en-US')} records)`,
        ],
        fix: {
          kind: 'remove-principal',
          account: owner,
          summary: route.group
            ? `in the Identity Center instance's account ${owner}, remove ${route.user.userName} from group ${route.group.displayName}, or remove the group's assignment of ${route.permissionSet.name} on ${route.accountId} if nobody in it uses it`
            : `in the Identity Center instance's account ${owner}, remove the assignment of ${route.permissionSet.name} on ${route.accountId} to ${route.user.userName}`,
        },
      });
    }
    return out;
  },
};

function iso(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}
