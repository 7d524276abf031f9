import type { Diagnostic } from '../api';

/** The server's diagnostics, as the CLI prints them: code, message, help. */
export function DiagnosticsList({ diagnostics, title }: { readonly diagnostics: readonly Diagnostic[]; readonly title?: string }) {
  if (diagnostics.length === 0) return null;
  return (
    <div className="diagnostics" role="alert">
      {title ? <p className="diagnostics-title">{title}</p> : null}
      <ul>
        {diagnostics.map((d, i) => (
          <li key={i} className={`diagnostic ${d.severity}`}>
            <span className="diagnostic-code">{d.severity} {d.code}</span>: {d.message}
            {d.help ? <div className="diagnostic-help">help: {d.help}</div> : null}
          </li>
        ))}
      </ul>
    </div>
  );
}
