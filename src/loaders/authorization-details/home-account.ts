import { isAccountId, parseArn } from '../../core/arn/arn.js';

/**
 * The account an export belongs to: the one most of its ARNs carry (snapshot-layout.md, "A lone
 * export file"). AWS managed policies (`arn:aws:iam::aws:policy/…`) name no account and do not
 * vote. Ties go to the smallest id, so the answer does not depend on the file's order.
 */
export function homeAccountOf(arns: Iterable<string>): string | undefined {
  const votes = new Map<string, number>();
  for (const arn of arns) {
    const account = parseArn(arn)?.account;
    if (account !== undefined && isAccountId(account)) votes.set(account, (votes.get(account) ?? 0) + 1);
  }
  let best: string | undefined;
  let bestVotes = 0;
  for (const [account, count] of [...votes].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (count > bestVotes) {
      best = account;
      bestVotes = count;
    }
  }
  return best;
}

/** Whether an ARN is an AWS managed policy, which belongs to no account and is normal in any export. */
export function isAwsManagedPolicyArn(arn: string): boolean {
  const parsed = parseArn(arn);
  return parsed?.service === 'iam' && parsed.account === 'aws' && parsed.resource.startsWith('policy/');
}
