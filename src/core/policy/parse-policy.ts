import { compileCondition } from '../condition/compile-condition.js';
import { ACTION_MATCHERS, RESOURCE_MATCHERS } from './matcher-cache.js';
import type { CompiledCondition } from '../condition/compiled-condition.js';
import { escapePointerToken, locate, type DiagnosticBag, type DiagnosticCode, type Severity, type SourceContext } from '../diagnostics.js';
import type { ServiceCatalog } from '../model/service-catalog.js';
import { parseTemplate } from '../policy-variables.js';
import { compileActionMatcher } from './action-matcher.js';
import { CatalogChecks } from './catalog-checks.js';
import { compilePrincipalMatcher, unreadablePrincipalMatcher, type PrincipalElement } from './compile-principal.js';
import { decodePolicyDocument, describeValue, isPlainObject } from './decode-policy-document.js';
import type { ActionMatcher, CompiledStatement, Effect, Policy, PolicyKind, ResourceMatcher } from './policy-types.js';
import type { PrincipalMatcher } from './principal-matcher.js';
import { compileResourceMatcher } from './resource-matcher.js';
import {
  ACTION_PATTERN,
  caseHint,
  clip,
  conditionUsesVariables,
  isRcpFullAccessStatement,
  principalProblem,
  resourceProblem,
} from './statement-value-checks.js';

export interface ParsePolicyOptions {
  readonly kind: PolicyKind;
  readonly name: string;
  readonly source?: SourceContext;
  readonly catalog?: ServiceCatalog;
}

export const POLICY_VERSIONS: readonly string[] = ['2012-10-17', '2008-10-17'];

const TOP_LEVEL_KEYS: readonly string[] = ['Version', 'Id', 'Statement'];
const STATEMENT_KEYS: readonly string[] = [
  'Sid',
  'Effect',
  'Principal',
  'NotPrincipal',
  'Action',
  'NotAction',
  'Resource',
  'NotResource',
  'Condition',
];
const PRINCIPAL_TYPES: readonly string[] = ['AWS', 'Service', 'Federated', 'CanonicalUser'];

/** docs/aws-authorization.md#policy-elements: which kinds take a principal element at all, and which require `Resource`. */
const TAKES_PRINCIPAL: ReadonlySet<PolicyKind> = new Set(['rcp', 'trust', 'key', 'resource', 'vpc-endpoint']);
const REQUIRES_RESOURCE: ReadonlySet<PolicyKind> = new Set(['identity', 'boundary', 'session', 'scp', 'rcp', 'vpc-endpoint']);
/** docs/aws-authorization.md#no-notprincipal-in-trust-policy, #rcp-does-not-grant, #not-principal: NotPrincipal is refused by these kinds even though they take `Principal`. */
const REFUSES_NOT_PRINCIPAL: ReadonlySet<PolicyKind> = new Set(['trust', 'rcp']);

/**
 * Parses a policy document (any of the three encodings, see decode-policy-document.ts), checks it
 * against the rules of its kind (docs/aws-authorization.md#policy-elements-by-type, #no-notprincipal-in-trust-policy, #rcp-does-not-grant, #not-principal) and compiles each statement
 * once. Every problem becomes a diagnostic; nothing throws.
 *
 * An element the engine does not understand never widens access, and is never dropped either. A
 * statement with an error (AWS would refuse to store it) is compiled as far as possible and marked
 * `broken`; the engine treats a match of a broken statement as unknown, both ways where its
 * `Effect` cannot be read, and answers Unknown wherever that could change the answer. So that the
 * statement stays in play wherever it could apply, what cannot be read is compiled to match
 * *anything*, whatever the effect: an unreadable `Action` (`*:*`, `s3`, `*:GetObject`, a number)
 * becomes `*`, an unreadable `Resource` matches every resource, an unreadable `Principal` every
 * caller (`unreadablePrincipalMatcher`). What can be read still rules requests out: an
 * unreadable `Action` with a readable `Resource` matches on the resource only. In a `NotAction`,
 * `NotResource` or `NotPrincipal` the entries that can be read are kept, which matches at least
 * everything the element could match.
 */
export function parsePolicy(input: unknown, options: ParsePolicyOptions, diagnostics: DiagnosticBag): Policy {
  const base = { name: options.name, kind: options.kind, ...(options.source ? { source: locate(options.source, '') } : {}) };
  const decoded = decodePolicyDocument(input, options.source, diagnostics);
  if (!decoded.ok) return { ...base, statements: [], unusable: decoded.reason, document: input };

  const doc = decoded.document;
  const report = new Reporter(decoded.source, diagnostics);
  checkTopLevelKeys(doc, report);
  const version = readVersion(doc, report);
  if (doc.Id !== undefined && typeof doc.Id !== 'string') {
    report.at('/Id', 'policy/invalid-id', 'error', `\`Id\` must be a string, not ${describeValue(doc.Id)}`);
  }
  const withVersion = { ...base, ...(version.valid !== undefined ? { version: version.valid } : {}) };

  const element = doc.Statement;
  if (element === undefined) {
    const reason = 'the policy has no `Statement`';
    report.at('/Statement', 'policy/missing-statement', 'error', reason, 'a policy needs `"Statement": [ … ]`; element names are case-sensitive');
    return { ...withVersion, statements: [], unusable: reason, document: doc };
  }
  if (!Array.isArray(element) && !isPlainObject(element)) {
    const reason = `\`Statement\` must be an object or an array of objects, not ${describeValue(element)}`;
    report.at('/Statement', 'policy/invalid-statement', 'error', reason);
    return { ...withVersion, statements: [], unusable: reason, document: doc };
  }
  if (Array.isArray(element) && element.length === 0) {
    report.at('/Statement', 'policy/empty-statement', 'warning', 'the policy has no statements: it allows and denies nothing');
  }

  const compiler = new StatementCompiler(options, report, version);
  const statements = Array.isArray(element)
    ? element.map((entry, i) => compiler.compile(entry, i, `/Statement/${i}`))
    : [compiler.compile(element, 0, '/Statement')];
  return { ...withVersion, statements, document: doc };
}

/** Reports at pointers relative to the document root. */
class Reporter {
  constructor(
    readonly context: SourceContext,
    readonly diagnostics: DiagnosticBag,
  ) {}

  at(pointer: string, code: DiagnosticCode, severity: Severity, message: string, help?: string): void {
    this.diagnostics.report(this.context, pointer, code, severity, message, help);
  }
}

interface VersionInfo {
  /** The Version when it is one AWS accepts. */
  readonly valid?: string;
  /** Whether `${…}` is a policy variable (docs/aws-authorization.md#policy-variables: only under 2012-10-17). */
  readonly variablesEnabled: boolean;
  /** Set when Version was written but is not one AWS accepts: whether variables apply is unknown. */
  readonly invalid: boolean;
}

function readVersion(doc: Readonly<Record<string, unknown>>, report: Reporter): VersionInfo {
  const v = doc.Version;
  if (v === undefined) {
    report.at(
      '/Version',
      'policy/missing-version',
      'warning',
      'the policy has no `Version`',
      'add `"Version": "2012-10-17"`: without it policy variables such as `${aws:username}` are literal text (docs/aws-authorization.md#policy-variables)',
    );
    return { variablesEnabled: false, invalid: false };
  }
  if (typeof v === 'string' && POLICY_VERSIONS.includes(v)) return { valid: v, variablesEnabled: v === '2012-10-17', invalid: false };
  const shown = typeof v === 'string' ? `\`${clip(v)}\`` : describeValue(v);
  report.at('/Version', 'policy/invalid-version', 'error', `unsupported policy \`Version\` ${shown}`, 'use `2012-10-17` (or the legacy `2008-10-17`)');
  return { variablesEnabled: false, invalid: true };
}

function checkTopLevelKeys(doc: Readonly<Record<string, unknown>>, report: Reporter): void {
  for (const key of Object.keys(doc)) {
    if (TOP_LEVEL_KEYS.includes(key)) continue;
    report.at(`/${escapePointerToken(key)}`, 'policy/unknown-top-level-key', 'warning', `unknown policy element \`${clip(key)}\``, caseHint(key, TOP_LEVEL_KEYS));
  }
}

/** A string list as read from a `string | string[]` element, with the pointer of each entry. */
interface StringList {
  readonly values: string[];
  readonly pointers: string[];
  /** True when part of the element could not be read (a non-string entry, a wrong type). */
  readonly damaged: boolean;
}

/** What one element compiles from: the entries understood, and whether any were not. */
interface Entries<T> {
  readonly valid: T[];
  readonly damaged: boolean;
}

class StatementCompiler {
  private readonly sids = new Set<string>();

  private readonly catalogChecks: CatalogChecks | undefined;

  constructor(
    private readonly options: ParsePolicyOptions,
    private readonly report: Reporter,
    private readonly version: VersionInfo,
  ) {
    const catalog = options.catalog;
    this.catalogChecks = catalog ? new CatalogChecks(catalog, options.kind, (pointer, code, message, help) => report.at(pointer, code, 'warning', message, help)) : undefined;
  }

  compile(raw: unknown, index: number, pointer: string): CompiledStatement {
    const source = locate(this.report.context, pointer);
    if (!isPlainObject(raw)) {
      const reason = `a statement must be an object, not ${describeValue(raw)}`;
      this.report.at(pointer, 'policy/invalid-statement', 'error', reason);
      return this.standIn(index, raw, source, reason);
    }
    const broken: string[] = [];
    this.checkStatementKeys(raw, pointer);
    const sid = this.readSid(raw, pointer);
    const effect = this.readEffect(raw, pointer, broken);
    const action = this.readAction(raw, pointer, broken);
    const resource = this.readResource(raw, pointer, broken);
    const principal = this.readPrincipal(raw, pointer, effect, broken);
    const condition = this.readCondition(raw, pointer, broken);
    this.checkKindRules(raw, pointer, effect, broken);
    this.catalogChecks?.conditionKeys(raw, pointer);

    // An unreadable Effect is compiled as Deny, never granting; the engine reads the raw Effect to
    // treat such a statement as one that may deny and may allow.
    const statement: Mutable<CompiledStatement> = { index, effect: effect ?? 'Deny', action, source, raw };
    if (sid !== undefined) statement.sid = sid;
    if (resource !== undefined) statement.resource = resource;
    if (principal !== undefined) statement.principal = principal;
    if (condition !== undefined) statement.condition = condition;
    if (broken.length > 0) statement.broken = broken;
    return statement;
  }

  /** A statement that could not be read at all: matches everything, marked broken, its effect unknown (its raw value has none). */
  private standIn(index: number, raw: unknown, source: CompiledStatement['source'], reason: string): CompiledStatement {
    const statement: Mutable<CompiledStatement> = {
      index,
      effect: 'Deny',
      action: this.actionMatcher(['*'], false),
      source,
      raw,
      broken: [reason],
    };
    if (TAKES_PRINCIPAL.has(this.options.kind)) statement.principal = unreadablePrincipalMatcher({});
    return statement;
  }

  private checkStatementKeys(raw: Readonly<Record<string, unknown>>, pointer: string): void {
    for (const key of Object.keys(raw)) {
      if (STATEMENT_KEYS.includes(key)) continue;
      this.report.at(
        `${pointer}/${escapePointerToken(key)}`,
        'policy/unknown-statement-key',
        'warning',
        `unknown statement element \`${clip(key)}\``,
        caseHint(key, STATEMENT_KEYS),
      );
    }
  }

  private readSid(raw: Readonly<Record<string, unknown>>, pointer: string): string | undefined {
    const sid = raw.Sid;
    if (sid === undefined) return undefined;
    if (typeof sid !== 'string') {
      this.report.at(`${pointer}/Sid`, 'policy/invalid-sid', 'error', `\`Sid\` must be a string, not ${describeValue(sid)}`);
      return undefined;
    }
    if (this.sids.has(sid)) {
      this.report.at(`${pointer}/Sid`, 'policy/duplicate-sid', 'warning', `duplicate \`Sid\` \`${clip(sid)}\``, 'give each statement its own `Sid`');
    }
    this.sids.add(sid);
    return sid;
  }

  /** docs/aws-authorization.md#policy-elements: `Effect` is case-sensitive, `Allow` or `Deny`. */
  private readEffect(raw: Readonly<Record<string, unknown>>, pointer: string, broken: string[]): Effect | undefined {
    const effect = raw.Effect;
    if (effect === 'Allow' || effect === 'Deny') return effect;
    if (effect === undefined) {
      this.error(`${pointer}/Effect`, 'policy/missing-effect', 'the statement has no `Effect`', broken, 'add `"Effect": "Allow"` or `"Effect": "Deny"`');
      return undefined;
    }
    const shown = typeof effect === 'string' ? `\`${clip(effect)}\`` : describeValue(effect);
    const help =
      typeof effect === 'string' && ['allow', 'deny'].includes(effect.toLowerCase())
        ? `\`Effect\` is case-sensitive: write \`${effect.toLowerCase() === 'allow' ? 'Allow' : 'Deny'}\` (docs/aws-authorization.md#policy-elements)`
        : '`Effect` is `Allow` or `Deny` (docs/aws-authorization.md#policy-elements)';
    this.error(`${pointer}/Effect`, 'policy/invalid-effect', `invalid \`Effect\` ${shown}`, broken, help);
    return undefined;
  }

  /** docs/aws-authorization.md#policy-elements: exactly one of `Action` / `NotAction`; docs/aws-authorization.md#condition-key-case: `service:action`, wildcards in the name. */
  private readAction(raw: Readonly<Record<string, unknown>>, pointer: string, broken: string[]): ActionMatcher {
    const hasAction = raw.Action !== undefined;
    const hasNotAction = raw.NotAction !== undefined;
    if (hasAction && hasNotAction) {
      this.error(`${pointer}/NotAction`, 'policy/action-and-notaction', 'the statement has both `Action` and `NotAction`', broken, 'keep one of them');
      return this.actionMatcher(['*'], false);
    }
    if (!hasAction && !hasNotAction) {
      this.error(`${pointer}/Action`, 'policy/missing-action', 'the statement has neither `Action` nor `NotAction`', broken);
      return this.actionMatcher(['*'], false);
    }
    const name = hasAction ? 'Action' : 'NotAction';
    const list = this.readStrings(raw[name], `${pointer}/${name}`, name, broken);
    const entries = this.checkActions(list, broken);
    return this.actionMatcher(this.standInList(entries, !hasAction), !hasAction);
  }

  /** Each distinct element is compiled once in the process (matcher-cache.ts). */
  private actionMatcher(patterns: readonly string[], negated: boolean): ActionMatcher {
    const key = `${negated ? '!' : ''}${patterns.length}\u0000${patterns.join('\u0000')}`;
    return ACTION_MATCHERS.get(key, () => compileActionMatcher(patterns, negated));
  }

  private resourceMatcher(patterns: readonly string[], negated: boolean): ResourceMatcher {
    const variables = this.version.variablesEnabled;
    const key = `${variables ? 'v' : '-'}${negated ? '!' : ''}${patterns.length}\u0000${patterns.join('\u0000')}`;
    return RESOURCE_MATCHERS.get(key, () => compileResourceMatcher(patterns, negated, variables));
  }

  private checkActions(list: StringList, broken: string[]): Entries<string> {
    const valid: string[] = [];
    let damaged = list.damaged;
    list.values.forEach((action, i) => {
      const pointer = list.pointers[i]!;
      if (action === '*') {
        valid.push(action);
        return;
      }
      const m = ACTION_PATTERN.exec(action);
      if (!m) {
        damaged = true;
        this.error(pointer, 'policy/malformed-action', `malformed action \`${clip(action)}\``, broken, 'write actions as `service:ActionName` (wildcards `*` and `?` allowed in the name), or `*`');
        return;
      }
      valid.push(action);
      this.catalogChecks?.action(m[1]!, m[2]!, pointer);
    });
    return { valid, damaged };
  }

  /** docs/aws-authorization.md#policy-elements-by-type: `Resource` / `NotResource` required in identity-type policies, SCPs and RCPs. */
  private readResource(
    raw: Readonly<Record<string, unknown>>,
    pointer: string,
    broken: string[],
  ): ResourceMatcher | undefined {
    const hasResource = raw.Resource !== undefined;
    const hasNotResource = raw.NotResource !== undefined;
    if (hasResource && hasNotResource) {
      this.error(`${pointer}/NotResource`, 'policy/resource-and-notresource', 'the statement has both `Resource` and `NotResource`', broken, 'keep one of them');
      return undefined;
    }
    if (!hasResource && !hasNotResource) {
      if (!REQUIRES_RESOURCE.has(this.options.kind)) return undefined;
      this.error(`${pointer}/Resource`, 'policy/missing-resource', 'the statement has neither `Resource` nor `NotResource`', broken, `every statement of ${KIND_NAMES[this.options.kind]} needs one (docs/aws-authorization.md#policy-elements)`);
      return undefined;
    }
    const name = hasResource ? 'Resource' : 'NotResource';
    const list = this.readStrings(raw[name], `${pointer}/${name}`, name, broken);
    const entries = this.checkResources(list, broken);
    if (this.options.kind === 'key' && hasResource && !list.values.every((r) => r === '*')) {
      this.report.at(`${pointer}/Resource`, 'policy/key-policy-resource', 'warning', 'in a key policy `Resource` should be `*`', 'in a key policy `*` means the key itself (docs/aws-authorization.md#policy-elements)');
    }
    return this.resourceMatcher(this.standInList(entries, !hasResource), !hasResource);
  }

  private checkResources(list: StringList, broken: string[]): Entries<string> {
    const valid: string[] = [];
    let damaged = list.damaged;
    list.values.forEach((resource, i) => {
      const pointer = list.pointers[i]!;
      const problem = resourceProblem(resource);
      if (problem) {
        damaged = true;
        this.error(pointer, problem.code, problem.message, broken, problem.help);
        return;
      }
      this.checkResourceVariables(resource, pointer, broken);
      valid.push(resource);
    });
    return { valid, damaged };
  }

  /** docs/aws-authorization.md#policy-variables: variables need Version 2012-10-17; under an unreadable Version their meaning is unknown. */
  private checkResourceVariables(resource: string, pointer: string, broken: string[]): void {
    if (this.version.variablesEnabled || !resource.includes('${') || !parseTemplate(resource, true).hasVariables) return;
    if (this.version.invalid) {
      broken.push(`\`${clip(resource)}\` uses a policy variable, but the policy \`Version\` is not valid`);
      return;
    }
    this.report.at(pointer, 'policy/variable-without-version', 'warning', `\`${clip(resource)}\` is read as literal text: policy variables need \`"Version": "2012-10-17"\``);
  }

  /** docs/aws-authorization.md#policy-elements, #no-notprincipal-in-trust-policy, #not-principal, #principal-element-forms: Principal / NotPrincipal by policy kind, and each principal's form. */
  private readPrincipal(
    raw: Readonly<Record<string, unknown>>,
    pointer: string,
    effect: Effect | undefined,
    broken: string[],
  ): PrincipalMatcher | undefined {
    const hasPrincipal = raw.Principal !== undefined;
    const hasNotPrincipal = raw.NotPrincipal !== undefined;
    const kind = this.options.kind;
    if (!TAKES_PRINCIPAL.has(kind)) {
      for (const name of ['Principal', 'NotPrincipal'] as const) {
        if (raw[name] === undefined) continue;
        const code = kind === 'scp' ? 'policy/principal-in-scp' : 'policy/principal-in-identity-policy';
        const help = kind === 'scp' ? 'an SCP applies to the principals of the accounts it is attached to (docs/aws-authorization.md#policy-elements, #scp-does-not-grant)' : 'the principal of an identity-type policy is whoever it is attached to (docs/aws-authorization.md#policy-elements)';
        this.error(`${pointer}/${name}`, code, `${KIND_NAMES[kind]} cannot have \`${name}\``, broken, help);
      }
      return undefined;
    }
    if (hasPrincipal && hasNotPrincipal) {
      this.error(`${pointer}/NotPrincipal`, 'policy/principal-and-notprincipal', 'the statement has both `Principal` and `NotPrincipal`', broken, 'keep one of them');
      return unreadablePrincipalMatcher({});
    }
    if (!hasPrincipal && !hasNotPrincipal) {
      this.error(`${pointer}/Principal`, 'policy/missing-principal', 'the statement has no `Principal`', broken, `every statement of ${KIND_NAMES[kind]} names its principal (docs/aws-authorization.md#policy-elements)`);
      return unreadablePrincipalMatcher({});
    }
    if (hasNotPrincipal) this.checkNotPrincipal(pointer, effect, broken);
    const name = hasPrincipal ? 'Principal' : 'NotPrincipal';
    const element = this.readPrincipalElement(raw[name], `${pointer}/${name}`, broken);
    const negated = !hasPrincipal;
    if (element.damaged && !negated) return unreadablePrincipalMatcher(element.element);
    // NotPrincipal outside a Deny is broken (checkNotPrincipal): how it names the callers it does not list is unknown.
    return compilePrincipalMatcher(element.element, negated, negated && effect !== 'Deny' ? 'session' : 'not-principal');
  }

  private checkNotPrincipal(pointer: string, effect: Effect | undefined, broken: string[]): void {
    const kind = this.options.kind;
    if (REFUSES_NOT_PRINCIPAL.has(kind)) {
      const rule = kind === 'trust' ? 'docs/aws-authorization.md#no-notprincipal-in-trust-policy' : 'docs/aws-authorization.md#rcp-does-not-grant';
      this.error(`${pointer}/NotPrincipal`, 'policy/notprincipal-not-supported', `${KIND_NAMES[kind]} cannot use \`NotPrincipal\``, broken, `name principals with \`Principal\` (${rule})`);
    }
    if (effect === 'Allow') {
      this.error(`${pointer}/NotPrincipal`, 'policy/notprincipal-with-allow', '`NotPrincipal` can only be used with `"Effect": "Deny"`', broken, 'docs/aws-authorization.md#not-principal');
    }
  }

  private readPrincipalElement(value: unknown, pointer: string, broken: string[]): { element: PrincipalElement; damaged: boolean } {
    if (value === '*') return { element: '*', damaged: false };
    if (!isPlainObject(value)) {
      const shown = typeof value === 'string' ? `\`${clip(value)}\`` : describeValue(value);
      this.error(pointer, 'policy/invalid-principal', `a principal element must be \`*\` or an object such as \`{"AWS": …}\`, not ${shown}`, broken);
      return { element: {}, damaged: true };
    }
    const element: Record<string, string[]> = {};
    let damaged = false;
    const types = Object.keys(value);
    if (types.length === 0) {
      damaged = true;
      this.error(pointer, 'policy/empty-element', 'the principal element names no principal', broken);
    }
    for (const type of types) {
      const typePointer = `${pointer}/${escapePointerToken(type)}`;
      if (!PRINCIPAL_TYPES.includes(type)) {
        damaged = true;
        this.error(typePointer, 'policy/unknown-principal-type', `unknown principal type \`${clip(type)}\``, broken, `principal types are ${PRINCIPAL_TYPES.map((t) => `\`${t}\``).join(', ')}${caseHint(type, PRINCIPAL_TYPES) ? `; ${caseHint(type, PRINCIPAL_TYPES)}` : ''}`);
        continue;
      }
      const list = this.readStrings(value[type], typePointer, type, broken);
      const entries = this.checkPrincipals(type, list, broken);
      damaged ||= entries.damaged;
      element[type] = entries.valid;
    }
    return { element, damaged };
  }

  private checkPrincipals(type: string, list: StringList, broken: string[]): Entries<string> {
    const valid: string[] = [];
    let damaged = list.damaged;
    list.values.forEach((value, i) => {
      const pointer = list.pointers[i]!;
      const problem = principalProblem(type, value);
      if (problem === 'unique-id') {
        this.report.at(pointer, 'policy/unique-id-principal', 'info', `principal \`${clip(value)}\` is a unique id, not an ARN`, 'AWS shows a unique id where the principal it named was deleted; a principal recreated with the same name does not match it (docs/aws-authorization.md#principal-unique-id)');
      } else if (problem) {
        damaged = true;
        this.error(pointer, problem.code, problem.message, broken, problem.help);
        return;
      }
      valid.push(value);
    });
    return { valid, damaged };
  }

  private readCondition(raw: Readonly<Record<string, unknown>>, pointer: string, broken: string[]): CompiledCondition | undefined {
    if (raw.Condition === undefined) return undefined;
    if (this.version.invalid && conditionUsesVariables(raw.Condition)) {
      broken.push('the `Condition` uses a policy variable, but the policy `Version` is not valid');
    }
    const result = compileCondition(
      raw.Condition,
      { version: this.version.valid, source: this.report.context, pointer: `${pointer}/Condition` },
      this.report.diagnostics,
    );
    broken.push(...result.broken);
    return result.condition;
  }

  /** docs/aws-authorization.md#rcp-does-not-grant: customer RCPs are Deny statements; only `RCPFullAWSAccess` allows. */
  private checkKindRules(raw: Readonly<Record<string, unknown>>, pointer: string, effect: Effect | undefined, broken: string[]): void {
    if (this.options.kind !== 'rcp' || effect !== 'Allow' || isRcpFullAccessStatement(raw)) return;
    this.error(`${pointer}/Effect`, 'policy/rcp-allow', 'an RCP statement must be a Deny', broken, 'RCPs do not grant; only the AWS-managed `RCPFullAWSAccess` (Principal, Action and Resource `*`) may allow (docs/aws-authorization.md#rcp-does-not-grant)');
  }

  /** Reads a `string | string[]` element; arrays hold strings only. */
  private readStrings(value: unknown, pointer: string, name: string, broken: string[]): StringList {
    if (typeof value === 'string') return { values: [value], pointers: [pointer], damaged: false };
    if (!Array.isArray(value)) {
      this.error(pointer, 'policy/invalid-element-type', `\`${clip(name)}\` must be a string or an array of strings, not ${describeValue(value)}`, broken);
      return { values: [], pointers: [], damaged: true };
    }
    if (value.length === 0) {
      this.error(pointer, 'policy/empty-element', `\`${clip(name)}\` is an empty list`, broken, 'AWS does not accept an empty list');
    }
    const values: string[] = [];
    const pointers: string[] = [];
    let damaged = value.length === 0;
    value.forEach((entry, i) => {
      if (typeof entry === 'string') {
        values.push(entry);
        pointers.push(`${pointer}/${i}`);
        return;
      }
      damaged = true;
      this.error(`${pointer}/${i}`, 'policy/invalid-element-type', `entries of \`${clip(name)}\` must be strings, not ${describeValue(entry)}`, broken);
    });
    return { values, pointers, damaged };
  }

  /**
   * The patterns to compile. Where a positive list (`Action`, `Resource`) has an entry that could
   * not be read, `*` stands in for the whole list, so that the broken statement stays in play
   * wherever it could apply; in a negated list the entries read are kept (their complement holds
   * everything the element could match).
   */
  private standInList(entries: Entries<string>, negated: boolean): string[] {
    return entries.damaged && !negated ? ['*'] : entries.valid;
  }

  private error(pointer: string, code: DiagnosticCode, message: string, broken: string[], help?: string): void {
    this.report.at(pointer, code, 'error', message, help);
    broken.push(message);
  }
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Each kind in words, with its article. */
const KIND_NAMES: Readonly<Record<PolicyKind, string>> = {
  identity: 'an identity policy',
  boundary: 'a permissions boundary',
  session: 'a session policy',
  scp: 'a service control policy',
  rcp: 'a resource control policy',
  trust: 'a role trust policy',
  key: 'a key policy',
  resource: 'a resource policy',
  'vpc-endpoint': 'a VPC endpoint policy',
};

