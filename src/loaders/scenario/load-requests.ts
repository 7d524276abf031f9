import { z } from 'zod';
import type { Diagnostic } from '../../core/diagnostics.js';
import type { ServiceCatalog } from '../../core/model/service-catalog.js';
import { checkAction } from '../../questions/check-action.js';
import { checkContextValues } from '../../questions/check-context-values.js';
import type { QuestionProblem } from '../../questions/question-problem.js';
import { ACTION } from '../../questions/read-question.js';
import type { Account } from '../../core/model/estate.js';
import type { GivenValue, ImpliedAction } from '../../core/decision/request.js';
import { ASSUMPTIONS, type AssumptionCode, type ConditionBlock, type DecisionKind, type GateId } from '../../core/decision/result.js';
import type { PolicyResolver } from './policy-refs.js';
import { child, describe, isFields, type Fields, type ScenarioReader } from './scenario-reader.js';
import type { InvalidScenarioRequest, ScenarioRequest } from './scenario-types.js';

const REQUEST_FIELDS = [
  'name',
  'principal',
  'action',
  'resource',
  'context',
  'sessionPolicy',
  'sessionTags',
  'sessionIssuer',
  'impliedActions',
  'expect',
  'expectResidual',
  'expectDecidedBy',
  'expectSide',
  'expectAssumptions',
  'rule',
  'source',
] as const;
const IMPLIED_ACTION_FIELDS = ['action', 'resource', 'context'] as const;

const expectShape = z.enum(['Allow', 'ExplicitDeny', 'ImplicitDeny', 'Conditional', 'Unknown']);

/** Every gate a decision can be decided by: a record, so that a gate added to `GateId` must be added here. */
const GATES: Readonly<Record<GateId, true>> = {
  identity: true,
  boundary: true,
  session: true,
  scp: true,
  rcp: true,
  resource: true,
  'access-point': true,
  trust: true,
  'key-policy': true,
  grant: true,
  's3-acl': true,
  's3-bpa': true,
  'no-permission-needed': true,
  'protected-role': true,
  'key-state': true,
  'vpc-endpoint': true,
};
const decidedByShape = z.enum(Object.keys(GATES) as [GateId, ...GateId[]]);
const sideShape = z.enum(['caller', 'target', 'network']);
const assumptionsShape = z.array(z.enum(Object.keys(ASSUMPTIONS) as [AssumptionCode, ...AssumptionCode[]]));
const sessionTagsShape = z.record(z.string(), z.string());

export type Context = Readonly<Record<string, GivenValue>>;

/**
 * Reads a context mapping: a string, a list (multi-valued; empty is the empty set) or null
 * (absent). `true` and numbers are read as the strings AWS would see, except where the key holds
 * an account id: a YAML number there may have lost its leading zeros.
 */
export function readContext(value: unknown, pointer: string, reader: ScenarioReader, what: string): Context {
  const fields = reader.mapping(value, pointer, what);
  if (!fields) return {};
  const out: Record<string, GivenValue> = {};
  for (const [key, raw] of Object.entries(fields)) {
    const at = child(pointer, key);
    const given = readGivenValue(key, raw, at, reader);
    if (given !== undefined) out[key] = given;
  }
  return out;
}

function readGivenValue(key: string, raw: unknown, pointer: string, reader: ScenarioReader): GivenValue | undefined {
  if (raw === null) return null;
  if (Array.isArray(raw)) {
    const values = raw.map((item, i) => readScalar(key, item, child(pointer, i), reader));
    return values.every((v): v is string => v !== undefined) ? values : undefined;
  }
  return readScalar(key, raw, pointer, reader);
}

function readScalar(key: string, raw: unknown, pointer: string, reader: ScenarioReader): string | undefined {
  if (typeof raw === 'string') return raw;
  if (typeof raw === 'boolean') return String(raw);
  if (typeof raw === 'number') {
    return /account$/i.test(key) ? reader.accountId(raw, pointer, `the value of \`${key}\``) : String(raw);
  }
  reader.report(pointer, 'scenario/invalid-type', 'error', `the value of \`${key}\` must be a string, a list of strings or null, found ${describe(raw)}`);
  return undefined;
}

/** Request context over the defaults; keys are case-insensitive, and the request's own value wins. */
export function mergeContext(defaults: Context, own: Context): Context {
  const ownKeys = new Set(Object.keys(own).map((k) => k.toLowerCase()));
  const merged: Record<string, GivenValue> = {};
  for (const [key, value] of Object.entries(defaults)) if (!ownKeys.has(key.toLowerCase())) merged[key] = value;
  return { ...merged, ...own };
}

interface RequestScope {
  readonly reader: ScenarioReader;
  readonly policies: PolicyResolver;
  readonly accounts: ReadonlyMap<string, Account>;
  readonly contextDefaults: Context;
  /** When given, each request's action and context values are checked against the service reference data. */
  readonly catalog?: ServiceCatalog;
  readonly allowUnknownAction?: boolean;
}

export interface LoadedRequests {
  readonly requests: ScenarioRequest[];
  readonly invalidRequests: InvalidScenarioRequest[];
}

/**
 * Reads `requests:`. An entry whose own fields have errors (no principal, an action that is a list,
 * `expect: allow`) is reported and kept aside as invalid, never dropped in silence. Errors inside
 * its session policy or an unknown principal leave it askable: the engine answers those.
 */
export function loadRequests(value: unknown, pointer: string, scope: RequestScope): LoadedRequests {
  const requests: ScenarioRequest[] = [];
  const invalidRequests: InvalidScenarioRequest[] = [];
  scope.reader.list(value, pointer, '`requests`').forEach((entry, i) => {
    const at = child(pointer, i);
    const before = scope.reader.bag.items.length;
    const request = loadRequest(entry, at, scope);
    const problems = scope.reader.bag.items.slice(before).filter(makesRequestInvalid);
    if (request && problems.length === 0) {
      requests.push(request);
      return;
    }
    const fields = isFields(entry) ? entry : {};
    const name = typeof fields.name === 'string' ? fields.name : `requests[${i}]`;
    invalidRequests.push({ name, location: scope.reader.location(at), problems });
  });
  return { requests, invalidRequests };
}

/** Errors that the engine answers for itself (an unreadable or unknown policy, an unknown principal) leave a request askable. */
const ASKABLE = new Set(['scenario/unknown-principal', 'scenario/unknown-policy']);

/** Errors in the request's own fields or its question (`question/…`); a policy's own errors (`policy/…`) are answered by the engine. */
function makesRequestInvalid(d: Diagnostic): boolean {
  return d.severity === 'error' && (d.code.startsWith('scenario/') || d.code.startsWith('question/')) && !ASKABLE.has(d.code);
}

/** The question checks every command makes (an action the reference data knows, taking this resource; typed context values), at the request's fields. */
function checkQuestion(action: string, resource: string, context: Context, pointer: string, scope: RequestScope): void {
  const { catalog, reader } = scope;
  if (!catalog) return;
  const report = (at: string) => (p: QuestionProblem) => reader.report(at, p.code, p.severity, p.message, p.help);
  if (ACTION.test(action)) checkAction(action, resource, catalog, { allowUnknownAction: scope.allowUnknownAction === true }).forEach(report(child(pointer, 'action')));
  checkContextValues(context, catalog).forEach(report(child(pointer, 'context')));
}

function loadRequest(value: unknown, pointer: string, scope: RequestScope): ScenarioRequest | undefined {
  const { reader } = scope;
  const fields = reader.mapping(value, pointer, 'a request');
  if (!fields) return undefined;
  reader.knownFields(fields, pointer, REQUEST_FIELDS, 'a request');
  const principal = reader.requiredString(fields.principal, child(pointer, 'principal'), 'the request `principal`');
  const action = reader.requiredString(fields.action, child(pointer, 'action'), 'the request `action`');
  const resource = reader.requiredString(fields.resource, child(pointer, 'resource'), 'the request `resource`');
  if (principal === undefined || action === undefined || resource === undefined) return undefined;
  checkPrincipalExists(principal, child(pointer, 'principal'), scope);
  const name = reader.string(fields.name, child(pointer, 'name'), 'the request `name`') ?? `${principal} ${action} ${resource}`;
  const expect = readExpect(fields, pointer, reader);
  const expectResidual = readExpectResidual(fields, pointer, reader, expect);
  const expectDecidedBy = fields.expectDecidedBy === undefined || fields.expectDecidedBy === null ? undefined : reader.withSchema(decidedByShape, fields.expectDecidedBy, child(pointer, 'expectDecidedBy'), '`expectDecidedBy`');
  const expectSide = fields.expectSide === undefined || fields.expectSide === null ? undefined : reader.withSchema(sideShape, fields.expectSide, child(pointer, 'expectSide'), '`expectSide`');
  const expectAssumptions = fields.expectAssumptions === undefined || fields.expectAssumptions === null ? undefined : reader.withSchema(assumptionsShape, fields.expectAssumptions, child(pointer, 'expectAssumptions'), '`expectAssumptions`');
  const rule = reader.string(fields.rule, child(pointer, 'rule'), 'the request `rule`');
  const sourceUrl = reader.string(fields.source, child(pointer, 'source'), 'the request `source`');
  const sessionIssuer = reader.string(fields.sessionIssuer, child(pointer, 'sessionIssuer'), 'the `sessionIssuer`');
  const sessionTags =
    fields.sessionTags === undefined || fields.sessionTags === null
      ? undefined
      : reader.withSchema(sessionTagsShape, fields.sessionTags, child(pointer, 'sessionTags'), 'the `sessionTags`');
  const sessionPolicy = fields.sessionPolicy;
  const impliedActions = readImpliedActions(fields.impliedActions, child(pointer, 'impliedActions'), reader);
  const context = mergeContext(scope.contextDefaults, readContext(fields.context, child(pointer, 'context'), reader, 'the request `context`'));
  checkQuestion(action, resource, context, pointer, scope);
  return {
    name,
    principal,
    action,
    resource,
    ...(Object.keys(context).length > 0 ? { context } : {}),
    ...(sessionPolicy !== undefined && sessionPolicy !== null
      ? { sessionPolicy: scope.policies.resolve(sessionPolicy, child(pointer, 'sessionPolicy'), 'session', typeof sessionPolicy === 'string' ? sessionPolicy : `${name}#session-policy`) }
      : {}),
    ...(sessionTags !== undefined ? { sessionTags } : {}),
    ...(sessionIssuer !== undefined ? { sessionIssuer } : {}),
    ...(impliedActions.length > 0 ? { impliedActions } : {}),
    ...(expect !== undefined ? { expect } : {}),
    ...(expectResidual !== undefined ? { expectResidual } : {}),
    ...(expectDecidedBy !== undefined ? { expectDecidedBy } : {}),
    ...(expectSide !== undefined ? { expectSide } : {}),
    ...(expectAssumptions !== undefined ? { expectAssumptions } : {}),
    ...(rule !== undefined ? { rule } : {}),
    ...(sourceUrl !== undefined ? { sourceUrl } : {}),
    location: reader.location(pointer),
  };
}

function readExpect(fields: Fields, pointer: string, reader: ScenarioReader): DecisionKind | undefined {
  if (fields.expect === undefined || fields.expect === null) return undefined;
  return reader.withSchema(expectShape, fields.expect, child(pointer, 'expect'), '`expect`');
}

/** A residual in disjunctive normal form: a list of condition blocks (results.md). */
function readExpectResidual(fields: Fields, pointer: string, reader: ScenarioReader, expect: DecisionKind | undefined): ConditionBlock[] | undefined {
  const value = fields.expectResidual;
  if (value === undefined || value === null) return undefined;
  const at = child(pointer, 'expectResidual');
  if (expect !== 'Conditional') {
    reader.report(at, 'scenario/residual-without-conditional', 'warning', '`expectResidual` is only checked when `expect` is `Conditional`');
  }
  if (!Array.isArray(value)) {
    reader.report(at, 'scenario/invalid-type', 'error', `\`expectResidual\` must be a list of condition blocks, found ${describe(value)}`);
    return undefined;
  }
  const blocks: ConditionBlock[] = [];
  value.forEach((block, i) => {
    const normalized = conditionBlock(block);
    if (normalized) blocks.push(normalized);
    else reader.report(child(at, i), 'scenario/invalid-type', 'error', 'an alternative must map condition operators to keys and their values', 'for example `{ StringEquals: { "sts:ExternalId": "acme" } }`');
  });
  return blocks.length === value.length ? blocks : undefined;
}

/** Operator → key → string or list of strings (YAML booleans and numbers read as AWS's strings), or `Not` → block. */
function conditionBlock(value: unknown): ConditionBlock | undefined {
  if (!isFields(value)) return undefined;
  const out: ConditionBlock = {};
  for (const [operator, body] of Object.entries(value)) {
    if (!isFields(body)) return undefined;
    if (operator === 'Not') {
      const inner = conditionBlock(body);
      if (!inner) return undefined;
      out[operator] = inner;
      continue;
    }
    const keys: Record<string, string | string[]> = {};
    for (const [key, values] of Object.entries(body)) {
      const strings = (Array.isArray(values) ? values : [values]).map(scalarText);
      if (strings.some((s) => s === undefined)) return undefined;
      keys[key] = Array.isArray(values) ? (strings as string[]) : (strings[0] as string);
    }
    out[operator] = keys;
  }
  return out;
}

function scalarText(value: unknown): string | undefined {
  return typeof value === 'string' || typeof value === 'boolean' || typeof value === 'number' ? String(value) : undefined;
}

function readImpliedActions(value: unknown, pointer: string, reader: ScenarioReader): ImpliedAction[] {
  return reader.list(value, pointer, '`impliedActions`').flatMap((entry, i): ImpliedAction[] => {
    const at = child(pointer, i);
    const fields = reader.mapping(entry, at, 'an implied action');
    if (!fields) return [];
    reader.knownFields(fields, at, IMPLIED_ACTION_FIELDS, 'an implied action');
    const action = reader.requiredString(fields.action, child(at, 'action'), 'the implied `action`');
    const resource = reader.string(fields.resource, child(at, 'resource'), 'the implied `resource`');
    const context = readContext(fields.context, child(at, 'context'), reader, 'the implied action `context`');
    if (action === undefined) return [];
    return [{ action, ...(resource !== undefined ? { resource } : {}), ...(Object.keys(context).length > 0 ? { context } : {}) }];
  });
}

/**
 * A listed account has exactly the principals listed (plus its root user): a request by a user or
 * role it does not list is an error in the scenario.
 */
function checkPrincipalExists(principal: string, pointer: string, scope: RequestScope): void {
  const match = /^arn:[^:]+:(iam|sts)::(\d{12}):(user|role|assumed-role)\/(.+)$/.exec(principal);
  if (!match) return;
  const [, , accountId = '', kind, rest = ''] = match;
  const account = scope.accounts.get(accountId);
  if (!account) return;
  const segments = rest.split('/');
  const name = kind === 'assumed-role' ? segments[0] : segments[segments.length - 1];
  const known = kind === 'user' ? account.users.get(name ?? '') : account.roles.get(name ?? '');
  const exact = kind === 'assumed-role' || known?.arn === principal;
  if (known && exact) return;
  const what = kind === 'user' ? 'user' : 'role';
  scope.reader.report(
    pointer,
    'scenario/unknown-principal',
    'error',
    `the account \`${accountId}\` lists no ${what} \`${kind === 'assumed-role' ? name : rest}\``,
    known ? `its ARN is \`${known.arn}\`` : `a listed account has exactly the principals listed under it`,
  );
}
