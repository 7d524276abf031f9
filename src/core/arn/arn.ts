/**
 * Amazon Resource Names: `arn:partition:service:region:account:resource`. The resource part is
 * everything after the fifth colon and may itself hold colons and slashes
 * (`arn:aws:sts::111122223333:assumed-role/r/s`, `arn:aws:logs:us-east-1:1:log-group:g:*`).
 */
export interface Arn {
  readonly partition: string;
  readonly service: string;
  readonly region: string;
  readonly account: string;
  readonly resource: string;
}

/** `aws`, `aws-cn`, `aws-us-gov`, `aws-iso`, `aws-iso-b`, `aws-eusc`… and any later `aws-…` partition. */
const PARTITION = /^aws(?:-[a-z]+)*$/;
const ACCOUNT_ID = /^\d{12}$/;

export function parseArn(s: string): Arn | undefined {
  if (!s.startsWith('arn:')) return undefined;
  const colons = colonPositions(s, 5);
  if (colons === undefined) return undefined;
  const [c1, c2, c3, c4, c5] = colons as [number, number, number, number, number];
  const arn: Arn = {
    partition: s.slice(c1 + 1, c2),
    service: s.slice(c2 + 1, c3),
    region: s.slice(c3 + 1, c4),
    account: s.slice(c4 + 1, c5),
    resource: s.slice(c5 + 1),
  };
  if (!PARTITION.test(arn.partition) || arn.service === '' || arn.resource === '') return undefined;
  return arn;
}

export function formatArn(arn: Arn): string {
  return `arn:${arn.partition}:${arn.service}:${arn.region}:${arn.account}:${arn.resource}`;
}

export function isAccountId(s: string): boolean {
  return ACCOUNT_ID.test(s);
}

/** The 12-digit account of an ARN, or undefined when it names none (S3 buckets, AWS managed policies). */
export function accountOfArn(s: string): string | undefined {
  const account = parseArn(s)?.account;
  return account !== undefined && isAccountId(account) ? account : undefined;
}

/** Indexes of the first `count` colons of `s`, or undefined when it has fewer. */
export function colonPositions(s: string, count: number): number[] | undefined {
  const out: number[] = [];
  let at = -1;
  for (let i = 0; i < count; i++) {
    at = s.indexOf(':', at + 1);
    if (at < 0) return undefined;
    out.push(at);
  }
  return out;
}
