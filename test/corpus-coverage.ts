/**
 * The corpus README's coverage table, computed: for each rules reference anchor a case's `rule:`
 * names (the anchors written after the rules reference's file name, several separated by commas;
 * an AWS page's own fragment is not one), how many cases name it and in which files. A case that
 * names several anchors counts under each. The README's rows must read exactly so
 * (`test/corpus.test.ts`); on a mismatch the test prints the row to write.
 */
export function coverageRows(cases: ReadonlyArray<{ readonly file: string; readonly rule?: string }>): Map<string, string> {
  const byAnchor = new Map<string, Map<string, number>>();
  for (const c of cases) {
    const cited = [...(c.rule ?? '').matchAll(/aws-authorization\.md((?:#[a-z0-9-]+)(?:, #[a-z0-9-]+)*)/g)].flatMap((m) => [...m[1]!.matchAll(/#([a-z0-9-]+)/g)].map((a) => a[1]!));
    for (const anchor of new Set(cited)) {
      const byFile = byAnchor.get(anchor) ?? new Map<string, number>();
      byFile.set(c.file, (byFile.get(c.file) ?? 0) + 1);
      byAnchor.set(anchor, byFile);
    }
  }
  const rows = new Map<string, string>();
  for (const [anchor, byFile] of byAnchor) {
    const total = [...byFile.values()].reduce((a, b) => a + b, 0);
    const files = [...byFile].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([f, n]) => `\`${f}\` (${n})`).join(', ');
    rows.set(anchor, `| [${anchor}](../../docs/aws-authorization.md#${anchor}) | ${total} | ${files} |`);
  }
  return rows;
}

/** The README's anchor rows, by anchor (the `results.md` row is not an anchor's and is left out). */
export function statedRows(readme: string): Map<string, string> {
  return new Map([...readme.matchAll(/^\| \[([a-z0-9-]+)\]\(\.\.\/\.\.\/docs\/aws-authorization\.md#[a-z0-9-]+\) \|.*$/gm)].map((m) => [m[1]!, m[0]]));
}
