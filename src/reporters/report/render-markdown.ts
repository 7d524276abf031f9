import type { Block, Inline, ReportDocument } from './report-document.js';

/** The report as GitHub-flavoured Markdown: Mermaid blocks render on GitHub and in most editors. */
export function renderReportMarkdown(doc: ReportDocument): string {
  return `${doc.blocks.map(blockMarkdown).join('\n\n')}\n`;
}

function blockMarkdown(b: Block): string {
  switch (b.kind) {
    case 'heading':
      return `${'#'.repeat(b.level)} ${b.text}`;
    case 'paragraph':
      return inlinesMarkdown(b.inlines);
    case 'list':
      return b.items.map((item, i) => `${'  '.repeat(b.depths?.[i] ?? 0)}- ${inlinesMarkdown(item)}`).join('\n');
    case 'table': {
      const row = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
      return [row(b.headers.map(escapeCell)), row(b.headers.map(() => '---')), ...b.rows.map((r) => row(r.map((c) => escapeCell(inlinesMarkdown(c)))))].join('\n');
    }
    case 'mermaid':
      return `\`\`\`mermaid\n${b.source.trimEnd()}\n\`\`\``;
    case 'code':
      return `\`\`\`\n${b.text.trimEnd()}\n\`\`\``;
  }
}

export function inlinesMarkdown(inlines: readonly Inline[]): string {
  return inlines
    .map((i) => {
      if (typeof i === 'string') return escapeText(i);
      if ('code' in i) return codeSpan(i.code);
      if ('strong' in i) return `**${escapeText(i.strong)}**`;
      return `[${escapeText(i.link)}](${i.href})`;
    })
    .join('');
}

/** A code span that holds any text: fenced with more backticks than it contains. */
function codeSpan(s: string): string {
  const longest = Math.max(0, ...(s.match(/`+/g) ?? []).map((m) => m.length));
  const fence = '`'.repeat(longest + 1);
  const pad = s.startsWith('`') || s.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${s}${pad}${fence}`;
}

function escapeText(s: string): string {
  return s.replace(/([\\*_[\]<>])/g, '\\$1');
}

function escapeCell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
