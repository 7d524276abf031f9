import { useEffect, useId, useMemo, useState } from 'react';
import { useEstate } from '../estate-store';
import { navigate, type Address } from '../location';
import { TypeaheadInput } from '../common/typeahead-input';

/** Principal, action, resource (typeahead from the estate) and context keys; submitting puts them in the address. */
export function ExplainForm({ address }: { readonly address: Address }) {
  const estate = useEstate();
  const p = address.params;
  const [principal, setPrincipal] = useState(p.get('principal') ?? '');
  const [action, setAction] = useState(p.get('action') ?? '');
  const [resource, setResource] = useState(p.get('resource') ?? '');
  const [context, setContext] = useState(p.getAll('context').join('\n'));
  const [absent, setAbsent] = useState(p.getAll('absent').join('\n'));
  const contextId = useId();
  const absentId = useId();
  useEffect(() => {
    setPrincipal(p.get('principal') ?? '');
    setAction(p.get('action') ?? '');
    setResource(p.get('resource') ?? '');
    setContext(p.getAll('context').join('\n'));
    setAbsent(p.getAll('absent').join('\n'));
  }, [p]);
  const principals = useMemo(() => estate.inventory.principals.map((x) => x.arn), [estate]);
  const resources = useMemo(() => estate.inventory.resources.map((x) => x.arn), [estate]);
  const submit = (e: React.FormEvent): void => {
    e.preventDefault();
    navigate('/explain', { principal: principal.trim(), action: action.trim(), resource: resource.trim(), context: lines(context), absent: lines(absent) });
  };
  return (
    <form className="query-form" onSubmit={submit} aria-label="explain a request">
      <TypeaheadInput label="Principal" name="principal" value={principal} onChange={setPrincipal} options={principals} placeholder="arn:aws:sts::111111111111:assumed-role/role/session" required hint="a user, role or role-session ARN, a service principal, anonymous, or a person: sso:<user name>" />
      <TypeaheadInput label="Action" name="action" value={action} onChange={setAction} options={estate.inventory.actions} placeholder="s3:GetObject" required />
      <TypeaheadInput label="Resource" name="resource" value={resource} onChange={setResource} options={resources} placeholder="arn:aws:s3:::bucket/key" required />
      <div className="field">
        <label htmlFor={contextId}>Context (KEY=VALUE, one per line)</label>
        <textarea id={contextId} name="context" rows={2} value={context} spellCheck={false} onChange={(e) => setContext(e.target.value)} placeholder="aws:SourceIp=203.0.113.7" />
      </div>
      <div className="field">
        <label htmlFor={absentId}>Absent keys (one per line)</label>
        <textarea id={absentId} name="absent" rows={2} value={absent} spellCheck={false} onChange={(e) => setAbsent(e.target.value)} placeholder="aws:SourceVpce" />
      </div>
      <div className="form-actions">
        <button type="submit">Explain</button>
      </div>
    </form>
  );
}

function lines(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
}
