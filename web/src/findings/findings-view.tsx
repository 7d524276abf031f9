import { useMemo, useState } from 'react';
import { SEVERITIES, type FindingJson, type FindingsJson } from '../api';
import { CodeSpans } from '../common/code-spans';
import { CopyButton } from '../common/copy-button';
import { DiagnosticsList } from '../common/diagnostics-list';
import { followLink, hrefOf, navigate, type Address } from '../location';
import { useApi } from '../use-api';

/**
 * `/findings?severity=S`: the estate's findings (`trustmap findings`), at least as severe as the
 * filter. Each row opens the explain view of the request that shows it, or who can reach its subject.
 */
export function FindingsView({ address }: { readonly address: Address }) {
  const severity = address.params.get('severity') ?? '';
  const query = useMemo(() => {
    const q = new URLSearchParams();
    if (severity !== '') q.set('severity', severity);
    return q;
  }, [severity]);
  const state = useApi<FindingsJson>('/api/findings', query);
  const choose = (value: string): void => navigate('/findings', { severity: value === '' ? undefined : value }, true);
  return (
    <div className="view findings-view">
      <h1>Findings</h1>
      <div className="query-form findings-filter">
        <div className="field">
          <label htmlFor="findings-severity">Severity at least</label>
          <select id="findings-severity" value={severity} onChange={(e) => choose(e.target.value)}>
            <option value="">any</option>
            {SEVERITIES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div aria-live="polite" aria-busy={state.status === 'loading'}>
        {state.status === 'loading' ? <p className="loading">running the rules…</p> : null}
        {state.status === 'failed' ? <DiagnosticsList diagnostics={state.error.diagnostics} title="The findings cannot be shown" /> : null}
        {state.status === 'done' ? <FindingsTable r={state.value} /> : null}
      </div>
    </div>
  );
}

/** Rows drawn at first, and added per click: a table of thousands of rows takes seconds to draw. */
const ROWS_AT_A_TIME = 200;

function FindingsTable({ r }: { readonly r: FindingsJson }) {
  const [shown, setShown] = useState(ROWS_AT_A_TIME);
  const rows = r.findings.slice(0, shown);
  const counts = SEVERITIES.filter((s) => (r.summary.bySeverity[s] ?? 0) > 0).map((s) => `${r.summary.bySeverity[s]} ${s}`);
  return (
    <>
      <p className="findings-summary">
        {r.summary.findings === 0 ? 'No finding at this severity.' : `${r.summary.findings} finding${r.summary.findings === 1 ? '' : 's'}: ${counts.join(', ')}`}
        {r.summary.suppressed > 0 ? ` (${r.summary.suppressed} accepted by the baseline)` : ''}
      </p>
      {r.findings.length > 0 ? (
        <table className="findings-table">
          <caption className="visually-hidden">findings, most severe first</caption>
          <thead>
            <tr>
              <th scope="col">Severity</th>
              <th scope="col">Rule</th>
              <th scope="col">Subject</th>
              <th scope="col">Finding</th>
              <th scope="col">Fix</th>
              <th scope="col">Open</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((f) => (
              <FindingRow key={f.fingerprint} f={f} />
            ))}
          </tbody>
        </table>
      ) : null}
      {rows.length < r.findings.length ? (
        <p className="findings-more">
          {`${rows.length} of ${r.findings.length} shown, most severe first. `}
          <button type="button" onClick={() => setShown((n) => n + 1000)}>
            Show {Math.min(1000, r.findings.length - rows.length)} more
          </button>{' '}
          <button type="button" onClick={() => setShown(r.findings.length)}>
            Show all {r.findings.length}
          </button>
        </p>
      ) : null}
    </>
  );
}

function FindingRow({ f }: { readonly f: FindingJson }) {
  const where = f.statement?.file ?? f.policy?.file;
  const line = f.statement?.line ?? f.policy?.line;
  return (
    <tr className={`finding severity-row-${f.severity}`}>
      <td>
        <span className={`severity severity-${f.severity}`}>{f.severity}</span>
      </td>
      <td>
        <span title={f.title}>{f.ruleId}</span>
        <div className="finding-docs">{f.docs}</div>
      </td>
      <td>
        <code className="finding-subject">{f.subject}</code>
        <div className="finding-account">account {f.account}</div>
      </td>
      <td>
        <CodeSpans text={f.message} />
        {where ? (
          <div className="finding-where">
            {where}
            {line !== null && line !== undefined ? `:${line}` : ''}
          </div>
        ) : null}
      </td>
      <td>
        <div className="finding-fix">
          <span>
            <CodeSpans text={f.fix.summary} />
          </span>
          <CopyButton text={f.fix.statement !== null ? JSON.stringify(f.fix.statement, null, 2) : f.fix.summary} label={f.fix.statement !== null ? `the statement that fixes ${f.ruleId} on ${f.subject}` : `the fix for ${f.ruleId} on ${f.subject}`} />
        </div>
      </td>
      <td>
        <FindingLink f={f} />
      </td>
    </tr>
  );
}

/**
 * The explain view of the finding's request; without one, who can reach its subject (a role or a
 * resource), or the subject's account on the map (an account or a user). An OU or the root has no
 * place the page can open.
 */
function FindingLink({ f }: { readonly f: FindingJson }) {
  if (f.request) {
    const context: string[] = [];
    const absent: string[] = [];
    for (const [key, value] of Object.entries(f.request.context)) {
      if (value === null) absent.push(key);
      else for (const v of typeof value === 'string' ? [value] : value) context.push(`${key}=${v}`);
    }
    const href = hrefOf('/explain', { principal: f.request.principal, action: f.request.action, resource: f.request.resource, context, absent });
    return (
      <a href={href} onClick={followLink} aria-label={`explain the request that shows ${f.ruleId} on ${f.subject}`}>
        explain
      </a>
    );
  }
  if (f.subjectKind === 'account' || f.subjectKind === 'user') {
    return (
      <a href={hrefOf('/', { select: f.account })} onClick={followLink} aria-label={`account ${f.account} on the map`}>
        on the map
      </a>
    );
  }
  if (f.subjectKind === 'organizational-unit' || f.subjectKind === 'organization-root') return <span className="muted">—</span>;
  return (
    <a href={hrefOf('/who-can', { resource: f.subject })} onClick={followLink} aria-label={`who can reach ${f.subject}`}>
      who can reach
    </a>
  );
}
