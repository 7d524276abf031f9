import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { relative, sep } from 'node:path';
import { accountLabel } from '../../analyses/access-graph/graph-nodes.js';
import type { AccessMap } from '../../analyses/access-map/access-map.js';
import type { Finding } from '../../analyses/findings/finding.js';
import { estateOverview } from '../../analyses/report/estate-overview.js';
import { membershipOf } from '../../core/decision/organization-chain.js';
import type { Diagnostic } from '../../core/diagnostics.js';
import type { Estate } from '../../core/model/estate.js';
import type { EstateCoverage } from '../../core/model/estate-coverage.js';
import type { ReportFinding, ReportInput } from './build-report.js';

export interface ReportSource {
  /** The path the estate was read from, as the user gave it. */
  readonly source: string;
  readonly sourceKind: ReportInput['sourceKind'];
  readonly toolVersion: string;
  readonly dataVersion: string;
  readonly diagnostics: readonly Diagnostic[];
  readonly coverage?: EstateCoverage;
  /** The URL the docs/findings pages are published under: rule links become absolute. */
  readonly docsBaseUrl?: string;
}

/** What `trustmap report` renders, from the estate, its access map and its findings (the CLI and the scale bench build it alike). */
export function reportInputOf(estate: Estate, accessMap: AccessMap, findings: readonly Finding[], from: ReportSource): ReportInput {
  return {
    source: from.source,
    sourceKind: from.sourceKind,
    toolVersion: from.toolVersion,
    dataVersion: from.dataVersion,
    overview: estateOverview(estate),
    accessMap,
    findings: findings.map((f) => reportFinding(f, from.docsBaseUrl)),
    diagnostics: from.diagnostics,
    ...(from.coverage ? { coverage: from.coverage } : {}),
    ...labels(estate),
  };
}

function labels(estate: Estate): Pick<ReportInput, 'accountLabel' | 'accountName' | 'isMember' | 'parentOf'> {
  const org = estate.organization;
  return {
    accountName: (id) => accountLabel(estate, id),
    accountLabel: (id) => {
      const name = accountLabel(estate, id);
      return name === id ? id : `${name} ${id}`;
    },
    isMember: (id) => org?.nodes.has(id) === true || membershipOf(estate, id).status === 'member',
    parentOf: (id) => {
      const parentId = org?.nodes.get(id)?.parentId;
      const parent = parentId !== undefined ? org?.nodes.get(parentId) : undefined;
      return parent ? { id: parent.id, name: parent.kind === 'root' ? 'root' : (parent.name ?? parent.id) } : undefined;
    },
  };
}

/** Mermaid's browser bundle, from the installed package: inlined into the HTML, never fetched. */
export function mermaidBundle(): string | undefined {
  try {
    return readFileSync(createRequire(import.meta.url).resolve('mermaid/dist/mermaid.min.js'), 'utf8');
  } catch {
    return undefined;
  }
}

/** What the report shows of a finding: where the offending statement is, relative to where the command runs. */
function reportFinding(f: Finding, docsBaseUrl: string | undefined): ReportFinding {
  const source = f.statement?.source ?? f.policy?.source;
  const location = source?.file !== undefined ? `${relative(process.cwd(), source.file).split(sep).join('/')}${source.line !== undefined ? `:${source.line}` : ''}` : undefined;
  return {
    ruleId: f.ruleId,
    severity: f.severity,
    title: f.title,
    message: f.message,
    subject: f.subject,
    account: f.account,
    ...(location !== undefined ? { location } : {}),
    fix: f.fix.summary,
    ...(f.fix.statement !== undefined ? { fixStatement: JSON.stringify(f.fix.statement, null, 2) } : {}),
    docs: docsBaseUrl !== undefined ? `${docsBaseUrl.replace(/\/+$/, '')}/${f.docs}` : f.docs,
  };
}
