/**
 * A report as a small document tree, rendered to Markdown or to self-contained HTML from the same
 * blocks, so both say exactly the same thing.
 */
export type Inline = string | { readonly code: string } | { readonly strong: string } | { readonly link: string; readonly href: string };

export type Block =
  | { readonly kind: 'heading'; readonly level: 1 | 2 | 3; readonly text: string; readonly id: string }
  | { readonly kind: 'paragraph'; readonly inlines: readonly Inline[] }
  | { readonly kind: 'list'; readonly items: ReadonlyArray<readonly Inline[]>; readonly depths?: readonly number[] }
  | { readonly kind: 'table'; readonly headers: readonly string[]; readonly rows: ReadonlyArray<ReadonlyArray<readonly Inline[]>> }
  | { readonly kind: 'mermaid'; readonly source: string }
  | { readonly kind: 'code'; readonly text: string };

export interface ReportDocument {
  readonly title: string;
  readonly blocks: readonly Block[];
}

export function heading(level: 1 | 2 | 3, text: string): Block {
  return { kind: 'heading', level, text, id: slug(text) };
}

export function paragraph(...inlines: Inline[]): Block {
  return { kind: 'paragraph', inlines };
}

/** GitHub's heading anchors: lowercase, spaces to dashes, punctuation dropped. */
export function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s-]/gu, '')
    .trim()
    .replace(/\s/g, '-');
}
