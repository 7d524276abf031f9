import { parseArn } from '../core/arn/arn.js';
import type { DiagnosticBag } from '../core/diagnostics.js';
import type { AuthorizationRequest, GivenValue } from '../core/decision/request.js';
import { isServicePrincipal, resolveCaller } from '../core/decision/resolve-caller.js';
import type { Estate } from '../core/model/estate.js';
import type { ServiceCatalog } from '../core/model/service-catalog.js';
import type { Policy } from '../core/policy/policy-types.js';
import { checkAction, type ActionCheckOptions } from './check-action.js';
import { checkContextValues } from './check-context-values.js';
import type { QuestionProblem } from './question-problem.js';
import type { DiagnosticCode } from '../core/diagnostic-codes.js';

/**
 * One request asked of the engine, read from flags or query parameters: `explain`'s question, and
 * the API's. The CLI and the server both read questions here, so they refuse the same things with
 * the same codes.
 */
export interface QuestionFlags {
  readonly principal?: string;
  readonly action?: string;
  readonly resource?: string;
  /** `KEY=VALUE`; a key given more than once is multi-valued. */
  readonly context?: readonly string[];
  /** Keys absent from the request. */
  readonly absent?: readonly string[];
  /** `KEY=VALUE`. */
  readonly sessionTag?: readonly string[];
  readonly sessionIssuer?: string;
}

export interface QuestionOptions extends ActionCheckOptions {
  /** The session policy, already read (the CLI reads it from a file; the API takes none). */
  readonly sessionPolicy?: Policy;
}

/** `service:Action`, no wildcards. */
export const ACTION = /^[A-Za-z0-9-]+:[A-Za-z0-9-]+$/;

/** `--context` / `--absent`, each value checked against the type the reference data gives its key. */
export function readTypedContext(pairs: readonly string[], absent: readonly string[], bag: DiagnosticBag, catalog: ServiceCatalog | undefined): Record<string, GivenValue> {
  const context = readContext(pairs, absent, bag);
  if (catalog) addProblems(bag, checkContextValues(context, catalog));
  return context;
}

/** Problems found against the service reference data, as diagnostics of the question. */
export function addProblems(bag: DiagnosticBag, problems: readonly QuestionProblem[]): void {
  for (const p of problems) bag.add({ code: p.code, severity: p.severity, message: p.message, ...(p.help !== undefined ? { help: p.help } : {}) });
}

/** The request the flags ask about; undefined (with an error in the bag) when they do not make one. */
export function readQuestion(flags: QuestionFlags, catalog: ServiceCatalog | undefined, bag: DiagnosticBag, options: QuestionOptions = {}): AuthorizationRequest | undefined {
  const principal = required(flags.principal, '--principal', 'arn:aws:sts::111111111111:assumed-role/ci-runner/build-42', bag);
  const action = required(flags.action, '--action', 's3:GetObject', bag);
  const resource = required(flags.resource, '--resource', 'arn:aws:s3:::bucket/key', bag);
  if (principal === undefined || action === undefined || resource === undefined) return undefined;
  if (!isPrincipal(principal)) {
    flagError(bag, 'explain/invalid-principal', `\`${principal}\` is not a principal`, 'give an IAM user, role or role-session ARN, an account root ARN (`arn:aws:iam::111111111111:root`), a federated-user or identity-provider ARN, a service principal (`sns.amazonaws.com`) or `anonymous`');
  }
  if (!ACTION.test(action)) flagError(bag, 'explain/invalid-action', `\`${action}\` is not an action`, 'write it as `service:Action`, as in `s3:GetObject`; wildcards ask about many actions and are not accepted');
  if (resource !== '*' && !parseArn(resource)) flagError(bag, 'explain/invalid-resource', `\`${resource}\` is not an ARN`, 'write the full ARN, as in `arn:aws:s3:::bucket/key`, or `*` for actions that take no resource');
  if (flags.sessionIssuer !== undefined && !parseArn(flags.sessionIssuer)) flagError(bag, 'explain/invalid-session-issuer', `\`${flags.sessionIssuer}\` is not an ARN`, 'give the ARN of the IAM user that called GetFederationToken');
  const context = readTypedContext(flags.context ?? [], flags.absent ?? [], bag, catalog);
  const sessionTags = readSessionTags(flags.sessionTag ?? [], bag);
  const sessionPolicy = options.sessionPolicy;
  if (catalog && ACTION.test(action) && (resource === '*' || parseArn(resource))) addProblems(bag, checkAction(action, resource, catalog, options));
  return {
    principal,
    action,
    resource,
    ...(Object.keys(context).length > 0 ? { context } : {}),
    ...(sessionPolicy ? { sessionPolicy } : {}),
    ...(Object.keys(sessionTags).length > 0 ? { sessionTags } : {}),
    ...(flags.sessionIssuer !== undefined ? { sessionIssuer: flags.sessionIssuer } : {}),
  };
}

function isPrincipal(p: string): boolean {
  if (p === 'anonymous' || isServicePrincipal(p)) return true;
  const arn = parseArn(p);
  return arn !== undefined && /^\d{12}$/.test(arn.account) && (arn.service === 'iam' || arn.service === 'sts');
}

/**
 * `--context KEY=VALUE`, repeated for a multi-valued key, and `--absent KEY` (scenario-format.md,
 * "On the command line"). Key names are case-insensitive: `aws:sourcearn` and `aws:SourceArn` are one key.
 */
export function readContext(pairs: readonly string[], absent: readonly string[], bag: DiagnosticBag): Record<string, GivenValue> {
  const values = new Map<string, { key: string; values: string[] }>();
  for (const pair of pairs) {
    const cut = pair.indexOf('=');
    if (cut <= 0) {
      flagError(bag, 'explain/invalid-context', `\`--context ${pair}\` is not \`KEY=VALUE\``, 'write `--context aws:SourceIp=203.0.113.7`; repeat the key for a multi-valued key');
      continue;
    }
    const key = pair.slice(0, cut);
    const entry = values.get(key.toLowerCase()) ?? { key, values: [] };
    entry.values.push(pair.slice(cut + 1));
    values.set(key.toLowerCase(), entry);
  }
  const out: Record<string, GivenValue> = {};
  for (const { key, values: vs } of values.values()) out[key] = vs.length === 1 ? vs[0]! : vs;
  for (const key of absent) {
    if (values.has(key.toLowerCase())) {
      flagError(bag, 'explain/conflicting-context', `\`${key}\` is given both a value and \`--absent\``, 'a key is either in the request (`--context`) or absent from it (`--absent`)');
      continue;
    }
    out[key] = null;
  }
  return out;
}

function readSessionTags(pairs: readonly string[], bag: DiagnosticBag): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of pairs) {
    const cut = pair.indexOf('=');
    if (cut <= 0) {
      flagError(bag, 'explain/invalid-session-tag', `\`--session-tag ${pair}\` is not \`KEY=VALUE\``, 'write `--session-tag team=platform`');
      continue;
    }
    out[pair.slice(0, cut)] = pair.slice(cut + 1);
  }
  return out;
}

/** A principal of an account the estate lists, but which that account does not have, is a mistake in the question. */
export function checkPrincipalKnown(estate: Estate, request: AuthorizationRequest, bag: DiagnosticBag): void {
  const caller = resolveCaller(estate, request.principal, request.sessionIssuer);
  if (!caller.problem) return;
  const account = caller.identity.accountId !== undefined ? estate.accounts.get(caller.identity.accountId) : undefined;
  const names = account ? [...[...account.roles.values()].map((r) => r.arn), ...[...account.users.values()].map((u) => u.arn)] : [];
  bag.add({
    code: 'explain/unknown-principal',
    severity: 'error',
    message: caller.problem,
    ...(names.length > 0 ? { help: `account ${account!.id} has ${names.map((n) => `\`${n}\``).join(', ')}` } : {}),
  });
}

function required(value: string | undefined, flag: string, example: string, bag: DiagnosticBag): string | undefined {
  if (value !== undefined && value !== '') return value;
  flagError(bag, 'explain/missing-flag', `\`${flag}\` is required`, `for example \`${flag} ${example}\``);
  return undefined;
}

function flagError(bag: DiagnosticBag, code: DiagnosticCode, message: string, help: string): void {
  bag.add({ code, severity: 'error', message, help });
}
