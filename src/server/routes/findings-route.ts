import { isFindingSeverity, SEVERITY_ORDER, atLeast } from '../../analyses/findings/finding.js';
import { FINDING_RULES } from '../../analyses/findings/registry.js';
import { DiagnosticBag, sortDiagnostics } from '../../core/diagnostics.js';
import { renderFindingsJson } from '../../reporters/findings-json.js';
import { answered, refusal, type ApiAnswer } from '../api-answer.js';
import { readQuery, type QueryParameters } from '../api-query.js';
import type { ServedEstate } from '../served-estate.js';

export const FINDINGS_PARAMETERS: QueryParameters = {
  single: ['severity'],
  repeated: ['rule'],
};

/**
 * `GET /api/findings`: `trustmap findings --format json`. `severity=S` keeps the findings at least
 * that severe and `rule=ID` (repeatable) those of the rules named; the summary counts what is kept.
 * The findings are computed once, on the first request, over the served access graph and map; the
 * unfiltered answer is rendered once too.
 */
export function answerFindings(served: ServedEstate, params: URLSearchParams): ApiAnswer {
  const bag = new DiagnosticBag();
  const query = readQuery(params, FINDINGS_PARAMETERS, bag);
  const severity = query.one('severity');
  if (severity !== undefined && !isFindingSeverity(severity)) {
    bag.add({ code: 'findings/invalid-severity', severity: 'error', message: `\`severity=${severity}\` is not a severity`, help: `one of ${SEVERITY_ORDER.join(', ')}: the findings at least that severe are kept` });
  }
  const rules = query.many('rule').flatMap((r) => r.split(',')).filter((r) => r !== '');
  for (const id of rules) {
    if (!FINDING_RULES.some((r) => r.id === id)) bag.add({ code: 'findings/unknown-rule', severity: 'error', message: `\`rule=${id}\` is not a finding rule`, help: 'the rules are listed in docs/findings/README.md' });
  }
  if (bag.hasErrors) return refusal(400, bag.items);
  if (severity === undefined && rules.length === 0) return answered(unfilteredText(served));
  const report = served.findings();
  const keep = (f: { ruleId: string; severity: string }): boolean =>
    (severity === undefined || (isFindingSeverity(f.severity) && isFindingSeverity(severity) && atLeast(f.severity, severity))) && (rules.length === 0 || rules.includes(f.ruleId));
  const filtered = { ...report, findings: report.findings.filter(keep), suppressed: report.suppressed.filter((s) => keep(s.finding)) };
  return answered(renderFindingsJson(filtered, sortDiagnostics(served.diagnostics), served.coverage));
}

/** The whole answer, rendered once per served estate: the map and the table both ask it, and at 1,000 accounts it is megabytes. */
const UNFILTERED = new WeakMap<ServedEstate, string>();

function unfilteredText(served: ServedEstate): string {
  let text = UNFILTERED.get(served);
  if (text === undefined) {
    text = renderFindingsJson(served.findings(), sortDiagnostics(served.diagnostics), served.coverage);
    UNFILTERED.set(served, text);
  }
  return text;
}
