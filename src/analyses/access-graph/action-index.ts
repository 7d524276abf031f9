import { UNKNOWN, type RequestContext } from '../../core/condition/request-context.js';
import type { Account, Estate, Role, User } from '../../core/model/estate.js';
import type { CompiledStatement, Policy } from '../../core/policy/policy-types.js';

export type IamPrincipal = User | Role;

/**
 * One statement of identity policies (groups' included, docs/aws-authorization.md#group-policies-apply-to-members) and every principal of
 * the account it applies to: a managed policy attached to many principals is matched once.
 */
export interface IdentityGrant {
  readonly statement: CompiledStatement;
  readonly principals: IamPrincipal[];
}

/** A context in which every key is unknown: matching Resource patterns with variables stays open. */
const OPEN_CONTEXT: RequestContext = { lookup: () => UNKNOWN };

/**
 * A cheap necessary condition for an identity grant: some Allow statement of the principal's
 * identity policies names the action and may name the resource. Conditions, boundaries, denies and
 * guardrails are left to the engine, which is asked only when this holds.
 */
export function statementMayAllow(statement: CompiledStatement, action: string, resourceArn: string | undefined): boolean {
  return statement.effect === 'Allow' && statementMayApply(statement, action, resourceArn);
}

/** Whether the statement, Allow or Deny, names the action and may name the resource: it may take part in the answer. */
export function statementMayApply(statement: CompiledStatement, action: string, resourceArn: string | undefined): boolean {
  if (!statement.action.test(action)) return false;
  if (resourceArn === undefined) return true;
  return statement.resource === undefined || statement.resource.match(resourceArn, OPEN_CONTEXT) !== 'no-match';
}

/**
 * Principals of one account indexed by the actions their identity policies can allow, so that
 * "who in account A may call sts:AssumeRole on R" is a lookup, not a scan of every principal.
 * Statements naming one action exactly go under that action; `service:Get*` under its service;
 * `*`, `*:…` and NotAction under every action.
 */
export class AccountActionIndex {
  private readonly exact = new Map<string, IdentityGrant[]>();
  private readonly byService = new Map<string, IdentityGrant[]>();
  private readonly anyAction: IdentityGrant[] = [];
  private readonly grants = new Map<CompiledStatement, IdentityGrant>();
  private readonly denies = new Map<CompiledStatement, IdentityGrant>();
  private readonly byAction = new Map<string, IdentityGrant[]>();

  constructor(account: Account) {
    for (const user of account.users.values()) this.addPrincipal(user, [...user.policies, ...groupPolicies(account, user)]);
    for (const role of account.roles.values()) this.addPrincipal(role, role.policies);
  }

  /** The principals with an Allow statement that names `action` (lowercased) and may name the resource (any resource when undefined). */
  principalsAllowing(action: string, resourceArn: string | undefined): IamPrincipal[] {
    const out = new Set<IamPrincipal>();
    const consider = (grants: readonly IdentityGrant[] | undefined): void => {
      if (!grants) return;
      for (const g of grants) if (statementMayAllow(g.statement, action, resourceArn)) for (const p of g.principals) out.add(p);
    };
    consider(this.exact.get(action));
    consider(this.byService.get(action.slice(0, action.indexOf(':'))));
    consider(this.anyAction);
    return [...out];
  }

  /** The Allow statements that name `action` (lowercased), whatever their resources; kept per action. */
  grantsNaming(action: string): readonly IdentityGrant[] {
    let list = this.byAction.get(action);
    if (!list) {
      list = [];
      for (const grants of [this.exact.get(action), this.byService.get(action.slice(0, action.indexOf(':'))), this.anyAction]) {
        if (!grants) continue;
        for (const g of grants) if (g.statement.action.test(action) && !list.includes(g)) list.push(g);
      }
      this.byAction.set(action, list);
    }
    return list;
  }

  /** The Allow statements that name `action` (lowercased) and may name the resource, each with its principals. */
  grantsAllowing(action: string, resourceArn: string): IdentityGrant[] {
    const out: IdentityGrant[] = [];
    for (const grants of [this.exact.get(action), this.byService.get(action.slice(0, action.indexOf(':'))), this.anyAction]) {
      if (!grants) continue;
      for (const g of grants) if (statementMayAllow(g.statement, action, resourceArn) && !out.includes(g)) out.push(g);
    }
    return out;
  }

  /** The Deny statements of identity policies that name `action` (lowercased) and may name the resource. */
  deniesApplying(action: string, resourceArn: string): IdentityGrant[] {
    const out: IdentityGrant[] = [];
    for (const g of this.denies.values()) if (statementMayApply(g.statement, action, resourceArn)) out.push(g);
    return out;
  }

  private addPrincipal(principal: IamPrincipal, policies: readonly Policy[]): void {
    for (const policy of policies) {
      for (const statement of policy.statements) {
        if (statement.effect !== 'Allow') {
          const denied = this.denies.get(statement);
          if (!denied) this.denies.set(statement, { statement, principals: [principal] });
          else if (denied.principals[denied.principals.length - 1] !== principal) denied.principals.push(principal);
          continue;
        }
        const known = this.grants.get(statement);
        if (known) {
          if (known.principals[known.principals.length - 1] !== principal) known.principals.push(principal);
          continue;
        }
        const grant: IdentityGrant = { statement, principals: [principal] };
        this.grants.set(statement, grant);
        this.addStatement(grant);
      }
    }
  }

  private addStatement(grant: IdentityGrant): void {
    const patterns = actionPatterns(grant.statement.raw);
    if (patterns === undefined) {
      this.anyAction.push(grant);
      return;
    }
    for (const pattern of patterns) {
      const lower = pattern.toLowerCase();
      const colon = lower.indexOf(':');
      const service = colon > 0 ? lower.slice(0, colon) : '';
      if (!/[*?]/.test(lower)) push(this.exact, lower, grant);
      else if (service !== '' && !/[*?]/.test(service)) push(this.byService, service, grant);
      else this.anyAction.push(grant);
    }
  }
}

/** The statement's `Action` patterns, or undefined when it uses NotAction or cannot be read (any action). */
function actionPatterns(raw: unknown): readonly string[] | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const action = (raw as { Action?: unknown }).Action;
  if (typeof action === 'string') return [action];
  if (Array.isArray(action) && action.every((a) => typeof a === 'string')) return action as string[];
  return undefined;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function groupPolicies(account: Account, user: User): Policy[] {
  const out: Policy[] = [];
  for (const name of user.groups) out.push(...(account.groups.get(name)?.policies ?? []));
  return out;
}

/** The action indexes of an estate's accounts, each built on first use. */
export class EstateActionIndex {
  private readonly byAccount = new Map<string, AccountActionIndex | null>();
  private readonly grantsByPrincipal = new Map<string, readonly CompiledStatement[]>();

  constructor(private readonly estate: Estate) {}

  /** Principals of `accountId` whose identity policies may allow `action` (lowercased) on the resource (any resource when undefined). */
  principalsAllowing(accountId: string, action: string, resourceArn: string | undefined): IamPrincipal[] {
    return this.of(accountId)?.principalsAllowing(action, resourceArn) ?? [];
  }

  /** The index of one account, built on first use; undefined when the account's IAM was not collected. */
  account(accountId: string): AccountActionIndex | undefined {
    return this.of(accountId);
  }

  /** Whether some Allow statement of the principal's identity policies may allow `action` (lowercased) on the resource. */
  mayAllow(principal: IamPrincipal, action: string, resourceArn: string): boolean {
    for (const s of this.allowStatementsOf(principal)) if (statementMayAllow(s, action, resourceArn)) return true;
    return false;
  }

  /** Every Allow statement of the principal's identity policies, its groups' included. */
  allowStatementsOf(principal: IamPrincipal): readonly CompiledStatement[] {
    let list = this.grantsByPrincipal.get(principal.arn);
    if (!list) {
      const account = this.estate.accounts.get(principal.accountId);
      const policies = principal.kind === 'user' && account ? [...principal.policies, ...groupPolicies(account, principal)] : principal.policies;
      list = policies.flatMap((p) => p.statements.filter((s) => s.effect === 'Allow'));
      this.grantsByPrincipal.set(principal.arn, list);
    }
    return list;
  }

  private of(accountId: string): AccountActionIndex | undefined {
    let index = this.byAccount.get(accountId);
    if (index === undefined) {
      const account = this.estate.accounts.get(accountId);
      index = account?.iamCollected ? new AccountActionIndex(account) : null;
      this.byAccount.set(accountId, index);
    }
    return index ?? undefined;
  }
}
