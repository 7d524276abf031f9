import { deriveImpliedHops } from '../../core/decision/implied-actions.js';
import { membershipOf, orgPath, type Membership } from '../../core/decision/organization-chain.js';
import { isPolicy, resolveResource } from '../../core/decision/resolve-resource.js';
import { isUncollected, type Estate } from '../../core/model/estate.js';
import type { CompiledStatement, Policy } from '../../core/policy/policy-types.js';
import { statementMayApply, type EstateActionIndex, type IamPrincipal, type IdentityGrant } from '../access-graph/action-index.js';
import { GrantPrefixIndex } from '../access-graph/grant-prefix-index.js';

/**
 * Principals the engine answers alike for one request: the same answer, the same conditions, the
 * same target-side statements. The engine is asked once, for the representative.
 */
export interface PrincipalClass {
  readonly representative: IamPrincipal;
  /** The members, one array per account; an account's array is the same object each time its class recurs. */
  readonly chunks: readonly IamPrincipal[][];
}

/** Up to this many accounts, each account's index is asked; past it, the estate-wide prefix index. */
const FEW_ACCOUNTS = 16;

/** Accounts' classes kept for reuse; past this many the cache starts over. */
const ACCOUNT_CLASSES_KEPT = 50_000;

/** What a policy statement reads about the principal, beyond the statements it is made of. */
const READS_ARN = 1;
const READS_ACCOUNT = 2;
const READS_ORG_PATH = 4;
const READS_TAGS = 8;

/**
 * The condition keys whose value the engine derives from the principal (docs/aws-authorization.md#global-condition-keys).
 * `aws:PrincipalType` and `aws:PrincipalOrgID` are not listed: the class key holds the principal's
 * kind and its account's organization anyway. Keys not listed here are the same for every principal
 * of the estate (unknown, or derived from the resource).
 */
const PRINCIPAL_KEYS: ReadonlyMap<string, number> = new Map([
  ['aws:principalarn', READS_ARN],
  ['aws:userid', READS_ARN],
  ['aws:username', READS_ARN],
  ['aws:principalaccount', READS_ACCOUNT],
  ['kms:calleraccount', READS_ACCOUNT],
  ['aws:principalorgpaths', READS_ORG_PATH],
]);

/**
 * Splits the principals that may make a request into classes the engine answers alike, so that an
 * organization-wide grant costs a few engine evaluations, not one per principal
 * (docs/access-map.md#how-principals-are-grouped).
 *
 * Two principals share a class when every input the engine reads for them is the same:
 * - their kind (user or role) and whether the role is service-linked;
 * - the content of the identity statements (Allow and Deny, groups' included) that may apply to the
 *   request or to the requests it implies (`kms:Decrypt` on an SSE-KMS bucket's key); statements
 *   that cannot apply are never read;
 * - the content of their permissions boundary;
 * - the content of the SCPs at each level of their account's chain, and the organization;
 * - every value derived from the principal that some applying statement reads: a condition on
 *   `aws:PrincipalArn`, `aws:PrincipalAccount`, `aws:PrincipalOrgPaths`, a principal tag or a policy
 *   variable puts that value in the key; a target-side policy naming an account puts that
 *   account in its principals' key, and one naming principals of an account puts each principal of
 *   that account in a class of its own.
 *
 * A principal any of whose policies (its groups' included) could not be read, or holds a broken
 * statement, is a class of its own: the answer names that document.
 */
export class PrincipalClassifier {
  private readonly contentIds = new Map<string, number>();
  private readonly statementIds = new WeakMap<CompiledStatement, number>();
  /** What the statements of each content id read about the principal. */
  private readonly idReads: number[] = [0];
  private readonly policyIds = new WeakMap<Policy, number>();
  private readonly unreadable = new WeakMap<IamPrincipal, boolean>();
  private readonly chainKeys = new Map<string, string>();
  private readonly chainReadsCache = new Map<string, number>();

  private readonly grants: GrantPrefixIndex;
  private readonly accountClasses = new Map<string, Array<{ key: string; members: IamPrincipal[] }>>();
  private readonly grantIdsByGrant = new Map<IdentityGrant, number>();
  private readonly listIds = new WeakMap<IdentityGrant[], number>();
  private listCount = 0;

  constructor(
    private readonly estate: Estate,
    private readonly index: EstateActionIndex,
  ) {
    this.grants = new GrantPrefixIndex(estate, index);
  }

  /**
   * The principals of `accounts` whose identity policies may allow `action` on `resource`, in
   * classes; `skip` holds principals asked on their own (the target side names them).
   */
  classes(accounts: ReadonlySet<string>, action: string, resource: string, skip: ReadonlySet<string> = new Set()): PrincipalClass[] {
    if (accounts.size === 0) return [];
    const hops = this.hopsOf(action, resource);
    const hopsKey = hops.map((h) => `${h.action} ${h.resource}`).join('\u0000');
    const target = this.targetReads(hops);
    const out = new Map<string, { representative: IamPrincipal; chunks: IamPrincipal[][] }>();
    const mainGrants = this.grantsAllowing(accounts, hops[0]!.action, hops[0]!.resource);
    const impliedGrants = hops.map((hop, i) => (i === 0 ? undefined : this.grantsAllowing(accounts, hop.action, hop.resource)));
    const skipped = skip.size === 0 ? [] : [...skip];
    for (const accountId of accounts) {
      const mainLists = mainGrants.get(accountId);
      if (!mainLists) continue;
      const index = this.index.account(accountId)!;
      const denies = hops.map((hop) => index.deniesApplying(hop.action, hop.resource));
      const implied = impliedGrants.map((byAccount) => byAccount?.get(accountId) ?? []);
      const membership = membershipOf(this.estate, accountId);
      const chain = this.chainKey(accountId, membership);
      const chainReads = this.chainReads(chain, membership, hops, hopsKey);
      const skippedHere = skipped.length === 0 ? '' : skipped.filter((arn) => arn.includes(`::${accountId}:`)).join(',');
      const oneByOne = target.named.principalsOf.has(accountId);
      const asAccount = target.named.accounts.has(accountId) ? accountId : '';
      // An account's classes depend on nothing else: organizations repeat the same grants for many requests.
      let cacheKey = `${accountId}|${this.listsKey(mainLists)}|${target.reads}|${oneByOne}|${asAccount}|${chainReads}|${skippedHere}`;
      for (let i = 0; i < hops.length; i++) cacheKey += `|${this.grantIds(denies[i]!)}/${this.listsKey(implied[i]!)}`;
      let local = this.accountClasses.get(cacheKey);
      if (!local) {
        const others = hops.map((_, i) => [...denies[i]!, ...implied[i]!.flat()]);
        local = this.classesOfAccount(accountId, membership, chain, chainReads | target.reads, oneByOne, asAccount, mainLists.flat(), others, skip);
        if (this.accountClasses.size >= ACCOUNT_CLASSES_KEPT) this.accountClasses.clear();
        this.accountClasses.set(cacheKey, local);
      }
      for (const c of local) {
        const known = out.get(c.key);
        if (known) known.chunks.push(c.members);
        else out.set(c.key, { representative: c.members[0]!, chunks: [c.members] });
      }
    }
    return [...out.values()];
  }

  /**
   * The accounts' Allow statements that may allow the request, by account. Across many accounts
   * (a grant to `*`) the estate-wide prefix index answers; for a few (a grant to an account) each
   * account's own index does, without touching the others.
   */
  private grantsAllowing(accounts: ReadonlySet<string>, action: string, resource: string): Map<string, IdentityGrant[][]> {
    if (accounts.size > FEW_ACCOUNTS) return this.grants.grantsAllowing(action, resource);
    const out = new Map<string, IdentityGrant[][]>();
    for (const accountId of accounts) {
      const found = this.index.account(accountId)?.grantsAllowing(action, resource) ?? [];
      if (found.length > 0) out.set(accountId, [found]);
    }
    return out;
  }

  /** A key for lists of grants: the index's own lists by identity, others by their grants. */
  private listsKey(lists: readonly IdentityGrant[][]): string {
    let text = '';
    for (const list of lists) {
      if (this.grants.isKept(list)) {
        let id = this.listIds.get(list);
        if (id === undefined) this.listIds.set(list, (id = ++this.listCount));
        text += `l${id},`;
      } else text += `g${this.grantIds(list)};`;
    }
    return text;
  }

  /** The classes of one account's principals, keyed for joining with other accounts'. */
  private classesOfAccount(
    accountId: string,
    membership: Membership,
    chain: string,
    outerReads: number,
    named: boolean,
    asAccount: string,
    main: readonly IdentityGrant[],
    others: ReadonlyArray<readonly IdentityGrant[]>,
    skip: ReadonlySet<string>,
  ): Array<{ key: string; members: IamPrincipal[] }> {
    const parts = new Map<IamPrincipal, Parts>();
    for (const g of main) {
      const id = this.statementId(g.statement);
      for (const p of g.principals) if (!skip.has(p.arn)) addPart(parts, p, id * 8, this.idReads[id]!);
    }
    others.forEach((found, i) => {
      for (const g of found) {
        const id = this.statementId(g.statement);
        for (const p of g.principals) if (parts.has(p)) addPart(parts, p, id * 8 + i, this.idReads[id]!);
      }
    });
    const out = new Map<string, IamPrincipal[]>();
    for (const [p, part] of parts) {
      const boundary = this.boundaryKey(p);
      const reads = outerReads | part.reads | boundary.reads;
      const key = [p.kind, p.kind === 'role' && p.isServiceLinked ? 'slr' : '', boundary.key, chain, asAccount, part.ids.sort((a, b) => a - b).join(',')];
      if (reads & READS_ARN || named || this.isUnreadable(p)) key.push(p.arn);
      if (reads & READS_ACCOUNT) key.push(accountId);
      if (reads & READS_ORG_PATH) key.push(orgPath(membership) ?? '');
      if (reads & READS_TAGS) key.push(JSON.stringify(Object.entries(p.tags).map(([k, v]) => [k.toLowerCase(), v]).sort()));
      const text = key.join('|');
      const known = out.get(text);
      if (known) known.push(p);
      else out.set(text, [p]);
    }
    return [...out].map(([key, members]) => ({ key, members }));
  }

  private grantIds(grants: readonly IdentityGrant[]): string {
    let text = '';
    for (const g of grants) {
      let id = this.grantIdsByGrant.get(g);
      if (id === undefined) this.grantIdsByGrant.set(g, (id = this.grantIdsByGrant.size + 1));
      text += `${id},`;
    }
    return text;
  }

  /** The request and the requests it implies, which the engine answers with it. */
  private hopsOf(action: string, resource: string): Array<{ action: string; resource: string }> {
    const lower = action.toLowerCase();
    const implied = deriveImpliedHops(this.estate, { principal: '*', action: lower, resource });
    return [{ action: lower, resource }, ...implied.map((h) => ({ action: h.action.toLowerCase(), resource: h.resource }))];
  }

  /**
   * What the target side of the request reads about the principal: its resource or key policy,
   * KMS grants, S3 ACLs and the RCPs of the resource's account, for every hop.
   */
  private targetReads(hops: ReadonlyArray<{ action: string; resource: string }>): { reads: number; named: TargetNames } {
    let reads = 0;
    const named: TargetNames = { accounts: new Set(), principalsOf: new Set() };
    for (const hop of hops) {
      const resolved = resolveResource(this.estate, hop.resource, hop.action);
      if (isPolicy(resolved.policy)) {
        for (const s of resolved.policy.statements) {
          if (!statementMayApply(s, hop.action, hop.resource)) continue;
          reads |= this.readsOf(s);
          for (const e of s.principal?.entries ?? []) reads |= principalEntryReads(e, named);
        }
      }
      const grants = resolved.entry?.kms?.grants;
      if (grants && !isUncollected(grants)) for (const g of grants) reads |= principalEntryReads({ type: 'AWS', value: g.granteePrincipal }, named);
      for (const acl of [resolved.bucket?.s3?.acl, resolved.entry?.object?.acl]) {
        if (!acl || isUncollected(acl)) continue;
        for (const g of acl.grants) if (g.grantee !== 'AllUsers' && g.grantee !== 'AuthenticatedUsers') reads |= READS_ACCOUNT;
      }
      const membership = membershipOf(this.estate, resolved.accountId);
      if (membership.status === 'member') {
        for (const node of membership.chain) {
          if (isUncollected(node.rcps)) continue;
          for (const policy of node.rcps) for (const s of policy.statements) if (statementMayApply(s, hop.action, hop.resource)) reads |= this.readsOf(s);
        }
      }
    }
    return { reads, named };
  }

  /**
   * The organization and the SCPs of the account's chain by content, level by level. An account
   * whose chain could not be read, or whose organization is not known, is keyed by itself: the
   * answer names it.
   */
  private chainKey(accountId: string, membership: Membership): string {
    let key = this.chainKeys.get(accountId);
    if (key !== undefined) return key;
    if (membership.status !== 'member') key = membership.status === 'unknown' ? `unknown:${accountId}` : 'outside';
    else {
      const levels: string[] = [membership.organization.id, membership.isManagement ? 'management' : 'member'];
      for (const node of membership.chain) {
        levels.push(isUncollected(node.scps) ? `unreadable:${accountId}` : node.scps.map((p) => this.policyId(p)).sort((a, b) => a - b).join(','));
      }
      key = levels.join('/');
    }
    this.chainKeys.set(accountId, key);
    return key;
  }

  /** What the applying SCP statements of a chain read about the principal (chains alike by content read alike). */
  private chainReads(chainKey: string, membership: Membership, hops: ReadonlyArray<{ action: string; resource: string }>, hopsKey: string): number {
    const cacheKey = `${chainKey}\u0000${hopsKey}`;
    let reads = this.chainReadsCache.get(cacheKey);
    if (reads !== undefined) return reads;
    reads = 0;
    if (membership.status === 'member') {
      for (const node of membership.chain) {
        if (isUncollected(node.scps)) continue;
        for (const p of node.scps) for (const s of p.statements) if (hops.some((h) => statementMayApply(s, h.action, h.resource))) reads |= this.readsOf(s);
      }
    }
    if (this.chainReadsCache.size > 10_000) this.chainReadsCache.clear();
    this.chainReadsCache.set(cacheKey, reads);
    return reads;
  }

  private boundaryKey(p: IamPrincipal): { key: string; reads: number } {
    const b = p.boundary;
    if (b === undefined) return { key: '-', reads: 0 };
    if (isUncollected(b)) return { key: `unreadable:${p.arn}`, reads: 0 };
    let reads = 0;
    for (const s of b.statements) reads |= this.readsOf(s);
    return { key: `b${this.policyId(b)}`, reads };
  }

  /** A principal some identity policy of which (its groups' included) could not be read, or holds a broken statement. */
  private isUnreadable(p: IamPrincipal): boolean {
    let known = this.unreadable.get(p);
    if (known === undefined) {
      const groups = p.kind === 'user' ? p.groups.flatMap((name) => this.estate.accounts.get(p.accountId)?.groups.get(name)?.policies ?? []) : [];
      known = [...p.policies, ...groups].some(isDamaged);
      this.unreadable.set(p, known);
    }
    return known;
  }

  /**
   * A statement's content id; the same text in two documents is one id, and `idReads` holds what
   * it reads. A broken statement's answer names the document it sits in: it is its own id.
   */
  private statementId(s: CompiledStatement): number {
    let id = this.statementIds.get(s);
    if (id === undefined) {
      id = s.broken !== undefined ? this.uniqueId() : this.contentId(`s${JSON.stringify(s.raw)}`);
      this.idReads[id] = statementReads(s);
      this.statementIds.set(s, id);
    }
    return id;
  }

  private readsOf(s: CompiledStatement): number {
    return this.idReads[this.statementId(s)]!;
  }

  /** A policy's content id; one that could not be read, or holds a broken statement, is named in answers: its own id. */
  private policyId(p: Policy): number {
    let id = this.policyIds.get(p);
    if (id === undefined) {
      id = isDamaged(p) ? this.uniqueId() : this.contentId(`p${p.version ?? ''}\u0000${JSON.stringify(p.document)}`);
      this.policyIds.set(p, id);
    }
    return id;
  }

  private uniqueId(): number {
    return this.contentId(`#${this.contentIds.size}\u0000unique`);
  }

  private contentId(text: string): number {
    let id = this.contentIds.get(text);
    if (id === undefined) {
      id = this.contentIds.size + 1;
      this.contentIds.set(text, id);
    }
    return id;
  }
}

function isDamaged(policy: Policy): boolean {
  return policy.unusable !== undefined || policy.statements.some((s) => s.broken !== undefined);
}

interface Parts {
  readonly ids: number[];
  reads: number;
}

function addPart(parts: Map<IamPrincipal, Parts>, p: IamPrincipal, id: number, reads: number): void {
  const part = parts.get(p);
  if (part) {
    part.ids.push(id);
    part.reads |= reads;
  } else parts.set(p, { ids: [id], reads });
}

/** What one statement reads about the principal: condition keys derived from it, policy variables. */
function statementReads(s: CompiledStatement): number {
  const raw = s.raw as { Condition?: unknown } | null;
  let reads = JSON.stringify(raw ?? null).includes('${') ? READS_ARN : 0;
  const condition = raw?.Condition;
  if (condition && typeof condition === 'object') {
    for (const block of Object.values(condition as Record<string, unknown>)) {
      if (!block || typeof block !== 'object') continue;
      for (const key of Object.keys(block as Record<string, unknown>)) {
        const lower = key.toLowerCase();
        reads |= PRINCIPAL_KEYS.get(lower) ?? (lower.startsWith('aws:principaltag/') ? READS_TAGS : 0);
      }
    }
  }
  return reads;
}

/**
 * A Principal entry of a target-side statement. `*` tells nobody apart. An account (`123…` or its
 * root) tells its own principals from everyone else's: its principals are keyed by the account.
 * A principal's ARN tells that principal from the others of its account: that account's principals
 * are keyed one by one. Anything else (a canonical user id, an ARN that cannot be read) keys every
 * principal by its account and ARN.
 */
function principalEntryReads(entry: { readonly type: string; readonly value: string }, named: TargetNames): number {
  if (entry.type !== 'AWS' && entry.type !== 'CanonicalUser') return 0;
  if (entry.value === '*') return 0;
  if (entry.type === 'CanonicalUser') return READS_ACCOUNT;
  if (/^\d{12}$/.test(entry.value)) {
    named.accounts.add(entry.value);
    return 0;
  }
  const m = /^arn:[^:]+:(?:iam|sts)::(\d{12}):(.*)$/.exec(entry.value);
  if (!m) return READS_ACCOUNT | READS_ARN;
  if (m[2] === 'root') named.accounts.add(m[1]!);
  else named.principalsOf.add(m[1]!);
  return 0;
}

/** The accounts a target side names as a whole, and the accounts whose principals it names one by one. */
interface TargetNames {
  readonly accounts: Set<string>;
  readonly principalsOf: Set<string>;
}
