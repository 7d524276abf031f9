import type { Diagnostic, SourceLocation } from '../core/diagnostics.js';
import type { EstateCoverage } from '../core/model/estate-coverage.js';
import type { Finding, FindingSeverity } from '../analyses/findings/finding.js';
import { countBySeverity, type FindingsReport } from '../analyses/findings/findings-report.js';

/** Where a finding's policy or statement is written. */
export interface FindingLocationJson {
  readonly file: string | null;
  readonly pointer: string | null;
  readonly line: number | null;
}

/** One finding in `trustmap findings --format json` (docs/findings/README.md, "JSON"). */
export interface FindingJson {
  readonly fingerprint: string;
  /** Fingerprints of the finding's earlier, per-principal form that a baseline may still hold (docs/access-map.md#format-version). */
  readonly replaces?: readonly string[];
  readonly ruleId: string;
  readonly severity: FindingSeverity;
  readonly title: string;
  readonly message: string;
  readonly subject: string;
  readonly subjectKind: string;
  readonly account: string;
  readonly policy: ({ readonly name: string; readonly kind: string; readonly account: string } & FindingLocationJson) | null;
  readonly statement: ({ readonly index: number; readonly sid: string | null } & FindingLocationJson) | null;
  readonly evidence: readonly string[];
  /** The request whose answer shows the finding; null where no single request does. */
  readonly request: { readonly principal: string; readonly action: string; readonly resource: string; readonly context: Readonly<Record<string, string | readonly string[] | null>> } | null;
  readonly fix: { readonly kind: string; readonly account: string; readonly policy: string | null; readonly summary: string; readonly statement: unknown };
  readonly docs: string;
}

/** `trustmap findings --format json`, and `GET /api/findings`. */
export interface FindingsJson {
  readonly summary: {
    readonly findings: number;
    readonly bySeverity: Readonly<Record<string, number>>;
    readonly suppressed: number;
    readonly rules: number;
    readonly evaluations: number;
    readonly failOn: string | null;
    readonly failed: boolean;
  };
  readonly findings: readonly FindingJson[];
  readonly suppressed: ReadonlyArray<FindingJson & { readonly reason: string }>;
  readonly staleBaseline: ReadonlyArray<{ readonly fingerprint: string; readonly reason: string; readonly ruleId: string | null; readonly subject: string | null }>;
  /** Baseline entries that matched by a fingerprint of an earlier form: `fingerprint` is what to write instead. */
  readonly migrateBaseline: ReadonlyArray<{ readonly from: string; readonly fingerprint: string; readonly reason: string }>;
  readonly rules: ReadonlyArray<{ readonly id: string; readonly category: string; readonly severity: string; readonly title: string; readonly docs: string; readonly awsDocs: string }>;
  readonly diagnostics: readonly Diagnostic[];
  readonly coverage?: EstateCoverage;
}

/**
 * `trustmap findings --format json` (docs/findings/README.md, "JSON"): `summary`, `findings`,
 * `suppressed` (each with the baseline's reason), `staleBaseline`, `rules`, `diagnostics`.
 */
export function renderFindingsJson(r: FindingsReport, diagnostics: readonly Diagnostic[], coverage?: EstateCoverage): string {
  const json: FindingsJson = {
    summary: {
      findings: r.findings.length,
      bySeverity: countBySeverity(r.findings),
      suppressed: r.suppressed.length,
      rules: r.rules.length,
      evaluations: r.evaluations,
      failOn: r.failOn ?? null,
      failed: r.failed,
    },
    findings: r.findings.map(findingJson),
    suppressed: r.suppressed.map(({ finding, entry }) => ({ ...findingJson(finding), reason: entry.reason })),
    staleBaseline: r.stale.map((e) => ({ fingerprint: e.fingerprint, reason: e.reason, ruleId: e.ruleId ?? null, subject: e.subject ?? null })),
    migrateBaseline: r.migrate.map(({ entry, fingerprint }) => ({ from: entry.fingerprint, fingerprint, reason: entry.reason })),
    rules: r.rules.map((rule) => ({ id: rule.id, category: rule.category, severity: rule.severity, title: rule.title, docs: `docs/findings/${rule.id}.md`, awsDocs: rule.awsDocs })),
    diagnostics,
    ...(coverage ? { coverage } : {}),
  };
  return `${JSON.stringify(json, null, 2)}\n`;
}

export function findingJson(f: Finding): FindingJson {
  return {
    fingerprint: f.fingerprint,
    ...(f.replaces ? { replaces: f.replaces } : {}),
    ruleId: f.ruleId,
    severity: f.severity,
    title: f.title,
    message: f.message,
    subject: f.subject,
    subjectKind: f.subjectKind,
    account: f.account,
    policy: f.policy ? { name: f.policy.name, kind: f.policy.kind, account: f.policy.account, ...location(f.policy.source) } : null,
    statement: f.statement ? { index: f.statement.index, sid: f.statement.sid ?? null, ...location(f.statement.source) } : null,
    evidence: f.evidence,
    request: f.request ? { principal: f.request.principal, action: f.request.action, resource: f.request.resource, context: f.request.context ?? {} } : null,
    fix: { kind: f.fix.kind, account: f.fix.account, policy: f.fix.policy ?? null, summary: f.fix.summary, statement: f.fix.statement ?? null },
    docs: f.docs,
  };
}

function location(source: SourceLocation | undefined): { file: string | null; pointer: string | null; line: number | null } {
  return { file: source?.file ?? null, pointer: source?.pointer ?? null, line: source?.line ?? null };
}
