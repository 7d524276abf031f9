import type { AuthorizationRequest, GivenValue } from '../../core/decision/request.js';
import type { Decision } from '../../core/decision/result.js';
import type { Estate } from '../../core/model/estate.js';
import type { ServiceCatalog } from '../../core/model/service-catalog.js';
import type { AccessGraph } from '../access-graph/access-graph.js';
import type { AccessMap } from '../access-map/access-map.js';
import type { Finding, FindingSeverity } from './finding.js';
import type { UsageEvidence } from '../usage/entry-usage.js';

export type RuleCategory = 'trust' | 'public-and-external' | 'encryption' | 'organization' | 'usage';

/** What a rule reports; `runFindings` adds the rule's id, title, docs page and the fingerprint. */
export type FindingDraft = Omit<Finding, 'ruleId' | 'title' | 'fingerprint' | 'docs' | 'severity'> & {
  /** Defaults to the rule's severity. */
  readonly severity?: FindingSeverity;
  /**
   * What tells two findings of the same subject, policy and statement apart (the principal a trust
   * statement names, the account left without an allow). Part of the fingerprint.
   */
  readonly key?: string;
  /**
   * The policy and statement named are one of several that would do (those of the shortest chain):
   * the fingerprint leaves them out, so that a second way in does not look like a new finding and the
   * old one fixed.
   */
  readonly fingerprintWithoutPolicy?: boolean;
  /**
   * The keys this finding had when it was one finding per principal, before the access map grouped
   * principals into sets (docs/access-map.md#format-version): their fingerprints become `replaces`,
   * so that baselines written then still match.
   */
  readonly formerKeys?: readonly string[];
};

/**
 * One finding rule: one file in `rules/<id>.ts`, a permanent kebab-case id, a severity, and a docs
 * page `docs/findings/<id>.md` with a failing and a passing example that a test runs.
 */
export interface FindingRule {
  /** Permanent: baselines, SARIF results and diffs refer to it. Never renamed. */
  readonly id: string;
  readonly category: RuleCategory;
  readonly severity: FindingSeverity;
  /** One line, sentence case, no final period. */
  readonly title: string;
  /** A few sentences: what the rule looks for and why it matters. */
  readonly description: string;
  /** The AWS documentation the rule encodes. */
  readonly awsDocs: string;
  check(context: FindingContext): FindingDraft[];
}

/** Vendor names by AWS account id (`--known-accounts`, in the format of known_aws_accounts.yaml). */
export type KnownAccounts = ReadonlyMap<string, string>;

/** What every rule may use: the estate, the engine, and the analyses built on it (computed once, on first use). */
export interface FindingContext {
  readonly estate: Estate;
  readonly catalog: ServiceCatalog | undefined;
  readonly graph: AccessGraph;
  readonly knownAccounts: KnownAccounts;
  /** Request context every engine request carries (`--context`); other keys stay unknown. */
  readonly context: Readonly<Record<string, GivenValue>>;
  /** The cross-account access map of the estate, built on first use. */
  accessMap(): AccessMap;
  /** What was really used (CloudTrail, else roles' `RoleLastUsed`); undefined without evidence, and usage rules then find nothing. */
  readonly usage?: UsageEvidence;
  /** The engine's answer for one request, with `context` merged under the request's own. Counted. */
  evaluate(request: AuthorizationRequest): Decision;
}

export function docsPathOf(ruleId: string): string {
  return `docs/findings/${ruleId}.md`;
}
