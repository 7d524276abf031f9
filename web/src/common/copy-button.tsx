import { useState } from 'react';

/** Copies `text` to the clipboard and says so; `label` names what is copied for screen readers. */
export function CopyButton({ text, label }: { readonly text: string; readonly label: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copy = (): void => {
    navigator.clipboard.writeText(text).then(
      () => setState('copied'),
      () => setState('failed'),
    );
  };
  return (
    <button type="button" className="copy-button" onClick={copy} aria-label={`copy ${label}`}>
      {state === 'copied' ? 'copied ✓' : state === 'failed' ? 'copy failed' : 'copy'}
      <span className="visually-hidden" aria-live="polite">{state === 'copied' ? `${label} copied` : ''}</span>
    </button>
  );
}
