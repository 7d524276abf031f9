import type { Diagnostic, Locator, SourceLocation } from '../../core/diagnostics.js';
import type { Estate } from '../../core/model/estate.js';
import type { ServiceCatalog } from '../../core/model/service-catalog.js';
import type { AuthorizationRequest } from '../../core/decision/request.js';
import type { AssumptionCode, ConditionBlock, DecisionKind, GateId, Side } from '../../core/decision/result.js';

/** One `requests:` entry: the question, and what the scenario says its answer must be. */
export type ScenarioRequest = AuthorizationRequest & {
  readonly name: string;
  readonly expect?: DecisionKind;
  readonly expectResidual?: readonly ConditionBlock[];
  /** The gate that must decide the answer (`trust`, `key-policy`, `scp`…): pins why, not only what. */
  readonly expectDecidedBy?: GateId;
  /** The side that gate stands on. */
  readonly expectSide?: Side;
  /** The codes of the working assumptions the answer must rest on, as a set (`[]`: none). */
  readonly expectAssumptions?: readonly AssumptionCode[];
  /** The rule a corpus case encodes (`docs/aws-authorization.md#sts-external-id`). */
  readonly rule?: string;
  /** The documentation the rule comes from (the scenario's `source`). */
  readonly sourceUrl?: string;
  readonly location?: SourceLocation;
};

/**
 * A `requests:` entry that cannot be asked or checked: its principal, action or resource is
 * missing or not a string, or its `expect` is not a decision. `trustmap check` counts it as invalid.
 */
export interface InvalidScenarioRequest {
  readonly name: string;
  readonly location?: SourceLocation;
  /** The error diagnostics that make it invalid. */
  readonly problems: readonly Diagnostic[];
}

export interface LoadedScenario {
  readonly estate: Estate;
  readonly requests: readonly ScenarioRequest[];
  /** Requests that could not be read well enough to ask; absent when there are none. */
  readonly invalidRequests?: readonly InvalidScenarioRequest[];
  /** Sorted by file and line. */
  readonly diagnostics: readonly Diagnostic[];
  readonly name?: string;
  /**
   * True when the input could not be used at all (missing file, syntax error, not a
   * `scenario/v1` document): the estate is then empty and `trustmap check` exits 2.
   */
  readonly unusable?: boolean;
}

/** Where the decoded scenario came from, for diagnostics. */
export interface ScenarioSource {
  readonly file: string;
  readonly locate?: Locator;
  /** Pointers of mapping entries whose key was not written as a string (see yaml-located.ts). */
  readonly nonStringKeys?: ReadonlySet<string>;
}

export interface LoadScenarioOptions {
  readonly catalog?: ServiceCatalog;
  /** A request whose action the catalog does not know is a warning instead of an error (`--allow-unknown-action`). */
  readonly allowUnknownAction?: boolean;
}

export const SCENARIO_FORMAT = 'scenario/v1';
