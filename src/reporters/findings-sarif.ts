import type { EstateCoverage } from '../core/model/estate-coverage.js';
import type { SourceLocation } from '../core/diagnostics.js';
import type { Finding, FindingSeverity } from '../analyses/findings/finding.js';
import type { FindingRule } from '../analyses/findings/finding-rule.js';
import type { FindingsReport } from '../analyses/findings/findings-report.js';

/**
 * SARIF 2.1.0 for GitHub code scanning (docs/findings/README.md, "SARIF"). One run; the driver
 * lists every rule that ran (id, name, descriptions, help, default level, `security-severity`);
 * each finding is a result with its rule, level, message, the file and line of the offending
 * statement (the scenario file, or the snapshot file under `accounts/…` that holds the policy) and
 * the ARN as a logical location, and a partial fingerprint that survives line moves. Findings the
 * baseline accepts are results too, with an external suppression carrying the reason.
 */
export interface SarifOptions {
  readonly toolVersion: string;
  /** Where the input files are, relative to the repository root the SARIF is uploaded for (`/` separated). */
  readonly artifactPath: (file: string) => string;
  /** The file that stands for the estate when a finding has no place of its own (the scenario, or the snapshot's manifest). */
  readonly estateArtifact: string;
  /** When given, `helpUri` is this URL followed by the rule's docs path (`docs/findings/<id>.md`). */
  readonly docsBaseUrl?: string;
  /** What the estate's input covers: the run's `properties.coverage`, so a reader of the SARIF alone sees a partial collection. */
  readonly coverage?: EstateCoverage;
}

export const FINGERPRINT_KEY = 'trustmapFinding/v1';

const LEVEL: Readonly<Record<FindingSeverity, 'error' | 'warning' | 'note'>> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
  info: 'note',
};

/** GitHub's bands: over 9.0 critical, 7.0–8.9 high, 4.0–6.9 medium, 0.1–3.9 low. */
const SECURITY_SEVERITY: Readonly<Record<FindingSeverity, string>> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '3.0',
  info: '1.0',
};

export function renderFindingsSarif(r: FindingsReport, options: SarifOptions): string {
  const rules = r.rules;
  const index = new Map(rules.map((rule, i) => [rule.id, i]));
  const results = [
    ...r.findings.map((f) => result(f, index, options)),
    ...r.suppressed.map(({ finding, entry }) => ({ ...result(finding, index, options), suppressions: [{ kind: 'external', status: 'accepted', justification: entry.reason }] })),
  ];
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'trustmap',
            version: options.toolVersion,
            semanticVersion: options.toolVersion,
            rules: rules.map((rule) => descriptor(rule, options)),
          },
        },
        columnKind: 'utf16CodeUnits',
        results,
        ...(options.coverage ? { properties: { coverage: options.coverage } } : {}),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

function descriptor(rule: FindingRule, options: SarifOptions): unknown {
  const docs = `docs/findings/${rule.id}.md`;
  return {
    id: rule.id,
    name: pascalCase(rule.id),
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.description },
    ...(options.docsBaseUrl ? { helpUri: `${options.docsBaseUrl.replace(/\/+$/, '')}/${docs}` } : {}),
    help: {
      text: `${rule.description}\n\nHow to fix it, with a failing and a passing example: ${docs}. AWS documentation: ${rule.awsDocs}`,
      markdown: `${rule.description}\n\nHow to fix it, with a failing and a passing example: [${docs}](${options.docsBaseUrl ? `${options.docsBaseUrl.replace(/\/+$/, '')}/${docs}` : docs}). AWS documentation: <${rule.awsDocs}>`,
    },
    defaultConfiguration: { level: LEVEL[rule.severity] },
    properties: {
      tags: ['security', 'aws', 'iam', rule.category],
      precision: 'high',
      'problem.severity': LEVEL[rule.severity] === 'note' ? 'recommendation' : LEVEL[rule.severity],
      'security-severity': SECURITY_SEVERITY[rule.severity],
    },
  };
}

function result(f: Finding, index: ReadonlyMap<string, number>, options: SarifOptions): Record<string, unknown> {
  const source = f.statement?.source?.file !== undefined ? f.statement.source : f.policy?.source?.file !== undefined ? f.policy.source : undefined;
  return {
    ruleId: f.ruleId,
    ...(index.has(f.ruleId) ? { ruleIndex: index.get(f.ruleId) } : {}),
    level: LEVEL[f.severity],
    message: { text: `${f.message}. Fix: ${f.fix.summary}.` },
    locations: [
      {
        physicalLocation: physicalLocation(source, options),
        logicalLocations: [{ fullyQualifiedName: f.subject, name: shortName(f.subject), kind: 'resource' }],
      },
    ],
    partialFingerprints: { [FINGERPRINT_KEY]: f.fingerprint },
    properties: {
      severity: f.severity,
      'security-severity': SECURITY_SEVERITY[f.severity],
      subject: f.subject,
      account: f.account,
      ...(f.policy ? { policy: f.policy.name } : {}),
      ...(f.statement ? { statement: f.statement.sid ?? f.statement.index } : {}),
      fix: { kind: f.fix.kind, account: f.fix.account, summary: f.fix.summary, ...(f.fix.statement !== undefined ? { statement: f.fix.statement } : {}) },
      evidence: f.evidence,
    },
  };
}

function physicalLocation(source: SourceLocation | undefined, options: SarifOptions): unknown {
  if (!source?.file) return { artifactLocation: { uri: uriOf(options.estateArtifact) }, region: { startLine: 1 } };
  return {
    artifactLocation: { uri: uriOf(options.artifactPath(source.file)) },
    region: { startLine: source.line ?? 1, ...(source.line !== undefined && source.column !== undefined ? { startColumn: source.column } : {}) },
  };
}

/** A relative URI reference: `/` separators, each segment percent-encoded where it must be. */
function uriOf(path: string): string {
  return path
    .replace(/\\/g, '/')
    .split('/')
    .map((segment) => encodeURIComponent(segment))
    .join('/');
}

function shortName(arn: string): string {
  const tail = arn.slice(arn.lastIndexOf(':') + 1);
  return tail.slice(tail.lastIndexOf('/') + 1) || arn;
}

function pascalCase(id: string): string {
  return id
    .split('-')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
}
