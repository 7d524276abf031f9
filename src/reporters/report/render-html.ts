import type { Block, Inline, ReportDocument } from './report-document.js';

export interface HtmlOptions {
  /** The Mermaid library's browser bundle, inlined so diagrams render with no network access. Without it, diagrams show as their source. */
  readonly mermaidScript?: string;
}

/**
 * The report as one self-contained HTML file: styles and scripts inline, no external URL, and a
 * Content-Security-Policy that forbids fetching anything, so the file renders the same offline.
 */
export function renderReportHtml(doc: ReportDocument, options: HtmlOptions = {}): string {
  const hasDiagrams = doc.blocks.some((b) => b.kind === 'mermaid');
  const script =
    hasDiagrams && options.mermaidScript
      ? `<script>${safeScript(options.mermaidScript)}</script>\n<script>mermaid.initialize({ startOnLoad: true, securityLevel: 'strict', theme: 'neutral', maxTextSize: 1000000, maxEdges: 5000, flowchart: { subGraphTitleMargin: { top: 6, bottom: 28 }, wrappingWidth: 400 } });</script>`
      : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; font-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(doc.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${doc.blocks.map(blockHtml).join('\n')}
</main>
${script}
</body>
</html>
`;
}

function blockHtml(b: Block): string {
  switch (b.kind) {
    case 'heading':
      return `<h${b.level} id="${escapeHtml(b.id)}">${escapeHtml(b.text)}</h${b.level}>`;
    case 'paragraph':
      return `<p>${inlinesHtml(b.inlines)}</p>`;
    case 'list':
      return `<ul>\n${b.items.map((item, i) => `<li${b.depths?.[i] ? ` style="margin-left: ${b.depths[i] * 1.5}em"` : ''}>${inlinesHtml(item)}</li>`).join('\n')}\n</ul>`;
    case 'table':
      return `<div class="table-scroll"><table>\n<thead><tr>${b.headers.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead>\n<tbody>\n${b.rows
        .map((r) => `<tr>${r.map((c) => `<td>${inlinesHtml(c)}</td>`).join('')}</tr>`)
        .join('\n')}\n</tbody>\n</table></div>`;
    case 'mermaid':
      return `<pre class="mermaid">${escapeHtml(b.source.trimEnd())}</pre>`;
    case 'code':
      return `<pre><code>${escapeHtml(b.text.trimEnd())}</code></pre>`;
  }
}

function inlinesHtml(inlines: readonly Inline[]): string {
  return inlines
    .map((i) => {
      if (typeof i === 'string') return escapeHtml(i);
      if ('code' in i) return `<code>${escapeHtml(i.code)}</code>`;
      if ('strong' in i) return `<strong>${escapeHtml(i.strong)}</strong>`;
      // The file is shared on its own, so a path relative to the repository would lead nowhere: it is
      // shown as text. In-page anchors and the absolute pages of `--docs-base-url` stay links.
      if (!i.href.startsWith('#') && !/^https?:\/\//.test(i.href)) return `<code title="${escapeHtml(`${i.href} in the trustmap repository`)}">${escapeHtml(i.link)}</code>`;
      return `<a href="${escapeHtml(i.href)}">${escapeHtml(i.link)}</a>`;
    })
    .join('');
}

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A script inlined in HTML must not close its own element early. */
function safeScript(js: string): string {
  return js.replace(/<\/script/gi, '<\\/script').replace(/<!--/g, '<\\!--');
}

const STYLE = `
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1f2328; margin: 0; background: #fff; }
main { max-width: 1100px; margin: 0 auto; padding: 24px 32px 64px; }
h1 { font-size: 1.9em; border-bottom: 1px solid #d0d7de; padding-bottom: .3em; }
h2 { font-size: 1.4em; border-bottom: 1px solid #d0d7de; padding-bottom: .25em; margin-top: 2em; }
h3 { font-size: 1.15em; margin-top: 1.5em; }
code { font: 0.88em ui-monospace, SFMono-Regular, Menlo, monospace; background: #f6f8fa; padding: .1em .3em; border-radius: 4px; overflow-wrap: anywhere; }
/* an ARN in a table stays on one line: a wide table scrolls sideways rather than wrap an ARN over many lines */
td code { white-space: nowrap; }
.table-scroll { overflow-x: auto; margin: 0 0 1em; }
pre { background: #f6f8fa; padding: 12px; border-radius: 6px; overflow: auto; }
pre.mermaid { background: #fff; border: 1px solid #d0d7de; text-align: center; }
table { border-collapse: collapse; margin: 12px 0; width: 100%; }
th, td { border: 1px solid #d0d7de; padding: 6px 10px; vertical-align: top; text-align: left; }
th { background: #f6f8fa; }
tr:nth-child(even) td { background: #fbfcfd; }
`;
