/** Decisions and gate verdicts as a mark and a word: never colour alone. */
const DECISION_MARKS: Readonly<Record<string, string>> = {
  Allow: '✓',
  ExplicitDeny: '✗',
  ImplicitDeny: '✗',
  Conditional: '?',
  Unknown: '…',
  allow: '✓',
  deny: '✗',
  'no-match': '✗',
  conditional: '?',
  unknown: '…',
};

export function Verdict({ value, blocking }: { readonly value: string; readonly blocking?: boolean }) {
  return (
    <span className={`verdict verdict-${value}${blocking ? ' blocking' : ''}`}>
      <span aria-hidden="true">{DECISION_MARKS[value] ?? '·'}</span> {value}
    </span>
  );
}

export function isDenied(decision: string): boolean {
  return decision === 'ExplicitDeny' || decision === 'ImplicitDeny';
}
