import type { Diagnostic } from '../diagnostics.js';
import type { Estate } from './estate.js';

/** The services whose resources the loaders enumerate, in the order coverage lists them. */
export const RESOURCE_SERVICES = ['s3', 'kms', 'sqs', 'sns', 'lambda', 'secretsmanager'] as const;

export interface RefusedCall {
  readonly account: string;
  /** The file that records the refusal (`accounts/<id>/iam/get-account-authorization-details.json`). */
  readonly file: string;
  /** The AWS error code recorded (`AccessDenied`). */
  readonly code: string;
}

/**
 * What the estate's input covers (docs/inputs.md, "Coverage"). Every command that reads an estate
 * states it, and refuses an estate where no account's IAM was collected: an empty collection is
 * not a clean estate.
 */
export interface EstateCoverage {
  /** Accounts the organization lists; undefined when the organization was not collected. */
  readonly organizationAccounts?: number;
  /** The accounts the input describes or the organization lists: the ones whose IAM should be there. */
  readonly accounts: number;
  /** Of those, the accounts whose IAM was collected. */
  readonly iamCollected: number;
  /** The others, sorted: answers about their principals are Unknown. */
  readonly iamNotCollected: readonly string[];
  /** Of those, the accounts known in part (entities another account's export names), sorted. */
  readonly iamPartial: readonly string[];
  /** Per service, the accounts whose resources of that service were enumerated (of `accounts`). */
  readonly services: ReadonlyArray<{ readonly service: string; readonly accounts: number }>;
  /** Calls the collector recorded as refused, by account then file. */
  readonly refusedCalls: readonly RefusedCall[];
  /** True when every account's IAM and every service's resources were collected and nothing was refused. */
  readonly complete: boolean;
}

/** Accounts in a file path: `accounts/<id>/…` (snapshot, iam-collect). */
const ACCOUNT_IN_PATH = /(?:^|\/)accounts\/(\d{12})\//;

export function estateCoverage(estate: Estate, diagnostics: readonly Diagnostic[]): EstateCoverage {
  const listed = new Set<string>();
  if (estate.organization) for (const node of estate.organization.nodes.values()) if (node.kind === 'account') listed.add(node.id);
  const described = new Set(listed);
  for (const account of estate.accounts.values()) if (account.iamCollected || account.source !== undefined) described.add(account.id);
  const ids = [...described].sort();
  const fully = (id: string): boolean => estate.accounts.get(id)?.iamCollected === true && estate.accounts.get(id)?.iamPartial === undefined;
  const iamNotCollected = ids.filter((id) => !fully(id));
  const iamPartial = ids.filter((id) => estate.accounts.get(id)?.iamCollected === true && estate.accounts.get(id)?.iamPartial !== undefined);
  const services = RESOURCE_SERVICES.map((service) => ({
    service,
    accounts: ids.filter((id) => {
      const account = estate.accounts.get(id);
      return account !== undefined && (account.collectedServices === undefined || account.collectedServices.includes(service));
    }).length,
  }));
  const refusedCalls = refusedCallsOf(diagnostics);
  return {
    ...(estate.organization ? { organizationAccounts: listed.size } : {}),
    accounts: ids.length,
    iamCollected: ids.length - iamNotCollected.length,
    iamNotCollected,
    iamPartial,
    services,
    refusedCalls,
    complete: ids.length > 0 && iamNotCollected.length === 0 && services.every((s) => s.accounts === ids.length) && refusedCalls.length === 0,
  };
}

/** The loaders record a refused call as a `…/access-denied` diagnostic on the file that holds the AWS error. */
function refusedCallsOf(diagnostics: readonly Diagnostic[]): RefusedCall[] {
  const calls: RefusedCall[] = [];
  for (const d of diagnostics) {
    if (!d.code.endsWith('/access-denied') || d.source?.file === undefined) continue;
    const account = ACCOUNT_IN_PATH.exec(d.source.file)?.[1];
    const code = /`([^`]+)`/.exec(d.message)?.[1] ?? 'AccessDenied';
    if (account !== undefined) calls.push({ account, file: d.source.file, code });
  }
  return calls.sort((a, b) => (a.account < b.account ? -1 : a.account > b.account ? 1 : a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}

/** "412 of 1,000 accounts collected; answers about the other 588 are Unknown", and what else is missing. */
export function describeCoverage(c: EstateCoverage): string {
  const n = (x: number): string => x.toLocaleString('en-US');
  const parts: string[] = [];
  if (c.accounts === 0) return 'no account was collected';
  const others = c.accounts - c.iamCollected;
  const inPart = c.iamPartial.length;
  const missing = others - inPart;
  if (others === 0) parts.push(`IAM of ${c.accounts === 1 ? 'the 1 account' : `all ${n(c.accounts)} accounts`} collected`);
  else {
    let words = `${n(c.iamCollected)} of ${n(c.accounts)} accounts collected`;
    if (inPart > 0) words += `, ${n(inPart)} more in part (only the entities another account's export names)`;
    if (missing > 0) words += `; answers about the other ${n(missing)} are Unknown`;
    else words += `; answers about what ${inPart === 1 ? 'it does' : 'they do'} not name are Unknown`;
    parts.push(words);
  }
  const partial = c.services.filter((s) => s.accounts < c.accounts);
  if (partial.length > 0) parts.push(`resources not collected in every account: ${partial.map((s) => `${s.service} (${n(s.accounts)} of ${n(c.accounts)})`).join(', ')}`);
  if (c.refusedCalls.length > 0) {
    const accounts = new Set(c.refusedCalls.map((r) => r.account)).size;
    parts.push(`${n(c.refusedCalls.length)} call${c.refusedCalls.length === 1 ? '' : 's'} refused in ${n(accounts)} account${accounts === 1 ? '' : 's'}`);
  }
  return parts.join('; ');
}
