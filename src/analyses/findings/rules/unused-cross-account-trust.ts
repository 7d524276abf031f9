import type { Role } from '../../../core/model/estate.js';
import { withoutRolePath } from '../../usage/usage-log.js';
import { usageOf } from '../../usage/entry-usage.js';
import { sourceWords } from '../../../reporters/access-map-words.js';
import type { FindingDraft, FindingRule } from '../finding-rule.js';
import { accountWords, estateName } from '../finding-words.js';
import { findingPolicy, statementName, statementOfRef } from '../policy-sites.js';

/**
 * A role that principals of another account may assume, and that they did not assume in the window
 * the usage evidence covers: standing access nobody uses is attack surface to remove (IAM Access
 * Analyzer's unused access, https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-findings.html).
 * The access comes from the access map (so the engine says it is open, both sides), the usage from
 * CloudTrail, else the role's `RoleLastUsed`, which can only tell a role nobody used.
 */
/** How sure the access is: the caller's side may be unknown (an account outside the estate). */
const ASSUMED_WORDS: Readonly<Record<string, string>> = {
  Allow: 'can be assumed by',
  Conditional: 'can be assumed, under conditions, by',
  Unknown: 'is trusted (whether the caller\'s own side allows it is unknown) by',
};

const BOUNDARY_WORDS: Readonly<Record<string, string>> = {
  organization: 'inside the organization',
  outside: 'outside the organization',
  public: 'anyone',
  unknown: 'whether inside the organization is unknown: it was not collected',
  service: 'an AWS service',
};

export const unusedCrossAccountTrust: FindingRule = {
  id: 'unused-cross-account-trust',
  category: 'usage',
  severity: 'low',
  title: 'Role trusts another account, and was not assumed from it in the usage window',
  description:
    'Principals of another account, inside the organization or outside it, can assume the role (the engine allows it on both sides), and the usage evidence shows no such assumption: in the CloudTrail logs read (--cloudtrail), or, without logs, in the role\'s RoleLastUsed, which must show no use for --unused-days (default 90). Unused standing access is attack surface: remove the trust, or narrow it to who uses it. Outside the organization the finding is medium. Without usage evidence the rule finds nothing.',
  awsDocs: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-findings.html',
  check(ctx) {
    const evidence = ctx.usage;
    if (!evidence) return [];
    const out: FindingDraft[] = [];
    for (const entry of ctx.accessMap().entries) {
      if (entry.kind !== 'assume' || entry.boundary === 'service') continue;
      const usage = usageOf(entry, evidence, ctx.estate);
      if (!usage || usage.state !== 'unused') continue;
      const role = roleOf(ctx.estate, entry.target);
      if (!role?.trustPolicy) continue;
      const grant = entry.grants.find((g) => g.effect === 'Allow');
      const who = sourceWords(entry);
      const account = entry.principals.accounts.length === 1 ? entry.principals.accounts[0]! : undefined;
      const from = account && entry.principals.count > 1 ? ` of account ${accountWords(account, ctx.knownAccounts.get(account) ?? estateName(ctx, account))}` : '';
      const short = shortWindow(usage.window, evidence.unusedDays);
      out.push({
        severity: entry.boundary === 'organization' ? 'low' : 'medium',
        key: `${entry.principals.first.id}\u0000${entry.actions.map((a) => a.action).join(',')}`,
        message: `\`${role.arn}\` ${ASSUMED_WORDS[entry.decision]} ${who}${from} (${BOUNDARY_WORDS[entry.boundary]}), and not used: ${usage.reason}${short}${grant ? `; the trust is ${statementName(grant)} of its trust policy` : ''}`,
        subject: role.arn,
        subjectKind: 'role',
        account: role.accountId,
        policy: findingPolicy(role.trustPolicy, role.accountId),
        ...(grant ? { statement: statementOfRef(grant) } : {}),
        evidence: [
          `access map: ${who} → ${entry.target}: ${entry.decision} (${entry.actions.map((a) => `${a.action} ${a.decision}`).join(', ')})`,
          `usage (${usage.signal === 'cloudtrail' ? 'CloudTrail' : 'RoleLastUsed'}): ${usage.reason}`,
        ],
        request: { principal: entry.principals.first.id, action: entry.actions[0]?.action ?? 'sts:AssumeRole', resource: entry.target },
        fix: {
          kind: grant ? 'remove-principal' : 'remove-statement',
          account: role.accountId,
          policy: role.trustPolicy.name,
          summary: `in account ${role.accountId}, remove ${who} from the trust policy of ${role.name}${grant ? ` (${statementName(grant)})` : ''}, or narrow it to the principals that use it`,
        },
      });
    }
    return out;
  },
};

/** Logs that cover fewer days than `--unused-days` say so: the finding rests on a shorter window than asked. */
function shortWindow(window: { readonly from: string; readonly to: string } | undefined, unusedDays: number): string {
  if (!window) return '';
  const days = (Date.parse(window.to) - Date.parse(window.from)) / 86_400_000;
  return days < unusedDays ? ` (the logs cover ${days < 1 ? 'less than a day' : `${Math.floor(days)} days`}, fewer than the ${unusedDays} asked)` : '';
}

function roleOf(estate: import('../../../core/model/estate.js').Estate, arn: string): Role | undefined {
  const m = /^arn:[^:]+:iam::(\d{12}):role\/([^/]+)$/.exec(withoutRolePath(arn));
  return m ? estate.accounts.get(m[1]!)?.roles.get(m[2]!) : undefined;
}
