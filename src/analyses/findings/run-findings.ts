import { evaluateRequest } from '../../core/decision/evaluate-request.js';
import type { AuthorizationRequest, GivenValue } from '../../core/decision/request.js';
import type { Decision } from '../../core/decision/result.js';
import type { Estate } from '../../core/model/estate.js';
import type { ServiceCatalog } from '../../core/model/service-catalog.js';
import { AccessGraph } from '../access-graph/access-graph.js';
import { buildAccessMap, type AccessMap } from '../access-map/access-map.js';
import { SEVERITY_ORDER, type Finding } from './finding.js';
import { docsPathOf, type FindingContext, type FindingRule, type KnownAccounts } from './finding-rule.js';
import { fingerprintOf } from './fingerprint.js';
import { FINDING_RULES } from './registry.js';
import { DEFAULT_UNUSED_DAYS, type UsageEvidence } from '../usage/entry-usage.js';
import { roleLastUsedEvidence } from '../usage/role-last-used-evidence.js';

export interface FindingsOptions {
  readonly catalog?: ServiceCatalog;
  /** Request context every engine request carries; other keys stay unknown. */
  readonly context?: Readonly<Record<string, GivenValue>>;
  /** Vendor names by account id, to label outside accounts. */
  readonly knownAccounts?: KnownAccounts;
  /** Run only these rules (ids); default: every rule of the registry. */
  readonly rules?: readonly string[];
  /** Reuse an access graph (built with the same catalog and context) or access map already built. */
  readonly graph?: AccessGraph;
  readonly accessMap?: AccessMap;
  /** Usage evidence (CloudTrail); default: the roles' `RoleLastUsed` where the estate has it, with `--unused-days` 90. */
  readonly usage?: UsageEvidence;
}

export interface FindingsResult {
  /** Most severe first, then by rule, subject and statement. */
  readonly findings: readonly Finding[];
  /** The rules that ran. */
  readonly rules: readonly FindingRule[];
  /** Requests the engine answered for the findings (the access graph's and the rules' own). */
  readonly evaluations: number;
}

/**
 * Runs the finding rules over an estate (docs/findings/README.md). Every rule asks the engine
 * (directly, or through the access graph and access map) about what is effective; a finding is
 * reported once per (rule, subject, policy, statement, key).
 */
export function runFindings(estate: Estate, options: FindingsOptions = {}): FindingsResult {
  const rules = options.rules ? FINDING_RULES.filter((r) => options.rules!.includes(r.id)) : FINDING_RULES;
  const context = options.context ?? {};
  const catalog = options.catalog;
  const graph = options.graph ?? new AccessGraph(estate, { ...(catalog ? { catalog } : {}), context });
  const graphBefore = graph.evaluationCount;
  let accessMap = options.accessMap;
  let ownEvaluations = 0;
  const usage = options.usage ?? roleLastUsedEvidence(estate, DEFAULT_UNUSED_DAYS);
  const ctx: FindingContext = {
    estate,
    catalog,
    graph,
    knownAccounts: options.knownAccounts ?? new Map(),
    context,
    ...(usage ? { usage } : {}),
    accessMap: () => (accessMap ??= buildAccessMap(graph, { ...(catalog ? { catalog } : {}) })),
    evaluate(request: AuthorizationRequest): Decision {
      ownEvaluations++;
      const merged = { ...context, ...(request.context ?? {}) };
      return evaluateRequest(estate, { ...request, context: merged }, { ...(catalog ? { catalog } : {}) });
    },
  };
  const byFingerprint = new Map<string, Finding>();
  for (const rule of rules) {
    for (const draft of rule.check(ctx)) {
      const { key, severity, fingerprintWithoutPolicy, formerKeys, ...rest } = draft;
      const fingerprintWith = (k: string | undefined): string =>
        fingerprintOf({
          ruleId: rule.id,
          subject: draft.subject,
          ...(draft.policy && !fingerprintWithoutPolicy ? { policy: draft.policy.name } : {}),
          ...(draft.statement && !fingerprintWithoutPolicy ? { statement: draft.statement } : {}),
          ...(k !== undefined ? { key: k } : {}),
        });
      const fingerprint = fingerprintWith(key);
      if (byFingerprint.has(fingerprint)) continue;
      const replaces = formerKeys?.map(fingerprintWith).filter((f) => f !== fingerprint);
      byFingerprint.set(fingerprint, {
        ruleId: rule.id,
        severity: severity ?? rule.severity,
        title: rule.title,
        ...rest,
        fingerprint,
        ...(replaces && replaces.length > 0 ? { replaces } : {}),
        docs: docsPathOf(rule.id),
      });
    }
  }
  return {
    findings: [...byFingerprint.values()].sort(compareFindings),
    rules,
    evaluations: ownEvaluations + graph.evaluationCount - graphBefore,
  };
}

export function compareFindings(a: Finding, b: Finding): number {
  return (
    SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity) ||
    text(a.ruleId, b.ruleId) ||
    text(a.subject, b.subject) ||
    text(a.policy?.name ?? '', b.policy?.name ?? '') ||
    (a.statement?.index ?? -1) - (b.statement?.index ?? -1) ||
    text(a.fingerprint, b.fingerprint)
  );
}

function text(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
