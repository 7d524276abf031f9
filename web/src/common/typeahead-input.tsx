import { useId, useMemo } from 'react';

/**
 * A labelled text input that offers matching values from the estate as it is typed (a native
 * datalist, so the keyboard and screen readers handle it as browsers do), any other value allowed.
 */
export function TypeaheadInput(props: {
  readonly label: string;
  readonly name: string;
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly options: readonly string[];
  readonly placeholder?: string;
  readonly required?: boolean;
  readonly hint?: string;
}) {
  const id = useId();
  const listId = `${id}-options`;
  const hintId = `${id}-hint`;
  const shown = useMemo(() => matching(props.options, props.value, 40), [props.options, props.value]);
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <input
        id={id}
        name={props.name}
        type="text"
        list={listId}
        value={props.value}
        placeholder={props.placeholder}
        required={props.required}
        autoComplete="off"
        spellCheck={false}
        aria-describedby={props.hint ? hintId : undefined}
        onChange={(e) => props.onChange(e.target.value)}
      />
      {props.hint ? (
        <div id={hintId} className="field-hint">
          {props.hint}
        </div>
      ) : null}
      <datalist id={listId}>
        {shown.map((o) => (
          <option key={o} value={o} />
        ))}
      </datalist>
    </div>
  );
}

/** Up to `limit` options containing every word typed, those that start with it first. */
export function matching(options: readonly string[], typed: string, limit: number): string[] {
  const words = typed.toLowerCase().split(/\s+/).filter((w) => w !== '');
  if (words.length === 0) return options.slice(0, limit);
  const starts: string[] = [];
  const contains: string[] = [];
  for (const o of options) {
    const lower = o.toLowerCase();
    if (!words.every((w) => lower.includes(w))) continue;
    if (lower.startsWith(words[0]!)) starts.push(o);
    else contains.push(o);
    if (starts.length >= limit) break;
  }
  return [...starts, ...contains].slice(0, limit);
}
