/**
 * Text whose `code spans` (backticks, as trustmap's messages write them) show as code. The text is
 * estate data, so it is only ever rendered as text: React escapes each piece, nothing is read as HTML.
 * An unmatched backtick stays as it is.
 */
export function CodeSpans({ text }: { readonly text: string }) {
  const parts = text.split('`');
  if (parts.length < 3) return <>{text}</>;
  const out: Array<string | { code: string }> = [];
  for (let i = 0; i < parts.length; i++) {
    const last = i === parts.length - 1;
    // Odd pieces sit between two backticks; an odd piece with no closing backtick is plain text again.
    if (i % 2 === 1 && !last) out.push({ code: parts[i]! });
    else out.push(i % 2 === 1 ? `\`${parts[i]}` : parts[i]!);
  }
  return (
    <>
      {out.map((p, i) => (typeof p === 'string' ? <span key={i}>{p}</span> : <code key={i}>{p.code}</code>))}
    </>
  );
}
