import { sortDiagnostics, type Diagnostic } from '../../core/diagnostics.js';
import type { Estate, Organization } from '../../core/model/estate.js';
import { readTimestamp } from './leaf-shapes.js';
import { loadAccounts } from './load-accounts.js';
import { loadIdentityCenter } from './load-identity-center.js';
import { loadOrganization } from './load-organization.js';
import { loadRequests, readContext } from './load-requests.js';
import { loadResources } from './load-resources.js';
import { PolicyResolver } from './policy-refs.js';
import { child, isFields, ScenarioReader } from './scenario-reader.js';
import { SCENARIO_FORMAT, type LoadScenarioOptions, type LoadedScenario, type ScenarioSource } from './scenario-types.js';

const TOP_LEVEL_FIELDS = ['trustmap', 'name', 'collectedAt', 'policies', 'contextDefaults', 'organization', 'accounts', 'identityCenter', 'resources', 'requests'] as const;
const PARTITION = 'aws';

/**
 * Builds the estate and the requests of a decoded scenario (scenario-format.md). Loading goes on
 * past bad parts: each is reported at its pointer and line and left out, and the rest loads.
 */
export function loadScenario(value: unknown, source: ScenarioSource, options: LoadScenarioOptions = {}): LoadedScenario {
  const reader = new ScenarioReader(source);
  if (!isScenario(value, reader)) return unusableScenario(reader.bag.items);
  const fields = value;
  reader.knownFields(fields, '', TOP_LEVEL_FIELDS, 'a scenario');
  const name = reader.string(fields.name, '/name', 'the scenario `name`');
  const collectedAt = readTimestamp(fields.collectedAt, '/collectedAt', reader, 'the scenario `collectedAt`');
  const policies = new PolicyResolver(reader, options.catalog);
  policies.addNamed(fields.policies, '/policies');
  const accounts = loadAccounts(fields.accounts, '/accounts', PARTITION, reader, policies);
  const accountNames = new Map([...accounts].map(([id, account]) => [id, account.name]));
  const organization = loadOrganization(fields.organization, '/organization', reader, policies, accountNames);
  const identityCenter = loadIdentityCenter(fields.identityCenter, '/identityCenter', PARTITION, reader, policies);
  const resources = loadResources(fields.resources, '/resources', reader, policies);
  const contextDefaults = readContext(fields.contextDefaults, '/contextDefaults', reader, '`contextDefaults`');
  const { requests, invalidRequests } = loadRequests(fields.requests, '/requests', { reader, policies, accounts, contextDefaults, ...(options.catalog ? { catalog: options.catalog } : {}), allowUnknownAction: options.allowUnknownAction === true });
  const estate: Estate = {
    partition: PARTITION,
    organizationStatus: organizationStatus(fields.organization, organization),
    ...(organization ? { organization } : {}),
    accounts,
    resources,
    ...(identityCenter.size > 0 ? { identityCenter } : {}),
    ...(collectedAt !== undefined ? { collectedAt } : {}),
  };
  return { estate, requests, ...(invalidRequests.length > 0 ? { invalidRequests } : {}), diagnostics: finish(reader.bag.items), ...(name !== undefined ? { name } : {}) };
}

/**
 * Without `organization` the accounts belong to none. One that is given but too broken to load
 * (no root) counts as not collected: SCPs and RCPs are then assumed not to restrict, and answers say so.
 */
function organizationStatus(given: unknown, loaded: Organization | undefined): Estate['organizationStatus'] {
  if (loaded) return 'collected';
  return given === undefined || given === null ? 'none' : 'not-collected';
}

function isScenario(value: unknown, reader: ScenarioReader): value is Record<string, unknown> {
  const format = isFields(value) ? value.trustmap : undefined;
  if (format === SCENARIO_FORMAT) return true;
  reader.report(
    isFields(value) && format !== undefined ? child('', 'trustmap') : '',
    'scenario/unknown-format',
    'error',
    format === undefined ? 'not a trustmap scenario' : `unsupported format \`${String(format)}\``,
    `a scenario file starts with \`trustmap: ${SCENARIO_FORMAT}\``,
  );
  return false;
}

/** The result for input that cannot be used at all: an empty estate and the reasons. */
export function unusableScenario(diagnostics: readonly Diagnostic[]): LoadedScenario {
  return {
    estate: { partition: PARTITION, organizationStatus: 'none', accounts: new Map(), resources: new Map() },
    requests: [],
    diagnostics: finish(diagnostics),
    unusable: true,
  };
}

/** A named policy used in several places is parsed once per use: report each problem once. */
function finish(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  const unique = diagnostics.filter((d) => {
    const key = JSON.stringify([d.code, d.severity, d.message, d.source?.pointer, d.source?.line]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return sortDiagnostics(unique);
}
