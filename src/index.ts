/**
 * trustmap's library surface: stable types and the functions that answer questions. Everything
 * here is pure except the loaders, which read files.
 */
export type { Diagnostic, Severity, SourceLocation } from './core/diagnostics.js';
export type {
  Estate,
  Organization,
  OrgNode,
  Account,
  User,
  Role,
  Group,
  Resource,
  Uncollected,
} from './core/model/estate.js';
export type { ServiceCatalog, ActionInfo } from './core/model/service-catalog.js';
export type { Policy, PolicyKind, CompiledStatement } from './core/policy/policy-types.js';
export type { AuthorizationRequest, ImpliedAction, GivenValue } from './core/decision/request.js';
export type {
  Decision,
  DecisionKind,
  HopDecision,
  GateVerdict,
  GateId,
  Side,
  StatementRef,
  ConditionBlock,
} from './core/decision/result.js';
export { evaluateRequest, type EvaluateOptions } from './core/decision/evaluate-request.js';
export { parsePolicy } from './core/policy/parse-policy.js';
export { loadServiceCatalog } from './catalog/iam-data-catalog.js';
export { loadScenarioFile } from './loaders/scenario/load-scenario-file.js';
export { loadEstate } from './loaders/load-estate.js';
export { explainRequest } from './analyses/explain/index.js';
export { writeSnapshot } from './exporters/snapshot/index.js';
export { AccessGraph, type AccessGraphOptions } from './analyses/access-graph/access-graph.js';
export { findPaths } from './analyses/paths/find-paths.js';
export { whoCan } from './analyses/who-can/who-can.js';
export { whatCan } from './analyses/what-can/what-can.js';
export { buildAccessMap, type AccessMap, type AccessMapEntry, type AccessMapBlocked, type AccessMapOptions } from './analyses/access-map/index.js';
export { sortedMembers, type PrincipalSet } from './analyses/access-map/principal-set.js';
export { runFindings, findingsReport, FINDING_RULES, applyBaseline, type Finding, type FindingRule, type FindingSeverity, type FindingsOptions, type FindingsReport, type FindingsResult, type BaselineEntry } from './analyses/findings/index.js';
export type { CloudTrailRecord, RecordSource } from './core/cloudtrail/cloudtrail-record.js';
export { requestOfRecord, type RecordRequest } from './core/cloudtrail/record-request.js';
export { MODELLED_CALLS, type ModelledCall } from './core/cloudtrail/modelled-calls.js';
export { readCloudTrail, type CloudTrailReadOptions, type CloudTrailReadSummary } from './loaders/cloudtrail/read-cloudtrail.js';
export { EventTwins } from './analyses/usage/event-twins.js';
export { UsageLog } from './analyses/usage/usage-log.js';
export { usageOf, type Usage, type UsageEvidence } from './analyses/usage/entry-usage.js';
export { withUsage } from './analyses/usage/map-usage.js';
export { Replay, type ReplayReport, type ReplayDisagreement, type ReplayOptions } from './analyses/replay/replay.js';
