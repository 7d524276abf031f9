/**
 * A small Mermaid flowchart builder shared by the `paths`, `who-can` and `what-can` pictures:
 * nodes are principals, roles and resources; an edge is an assumption or the final request;
 * a dashed edge holds only under a condition or is unknown.
 */
export class AccessFlowchart {
  private readonly ids = new Map<string, string>();
  private readonly nodeLines: string[] = [];
  private readonly edgeLines: string[] = [];
  private readonly seenEdges = new Set<string>();

  constructor(private readonly title: string) {}

  node(key: string, label: string, shape: 'principal' | 'role' | 'resource' | 'outside'): string {
    let id = this.ids.get(key);
    if (id) return id;
    id = `n${this.ids.size}`;
    this.ids.set(key, id);
    const text = `"${escapeMermaid(label)}"`;
    this.nodeLines.push(`  ${id}${shape === 'resource' ? `[(${text})]` : shape === 'role' ? `(${text})` : shape === 'outside' ? `{{${text}}}` : `[${text}]`}`);
    return id;
  }

  edge(from: string, to: string, label: string, sure: boolean): void {
    const key = `${from}>${to}>${label}`;
    if (this.seenEdges.has(key)) return;
    this.seenEdges.add(key);
    this.edgeLines.push(`  ${from} ${sure ? '-->' : '-.->'}|"${escapeMermaid(label)}"| ${to}`);
  }

  render(): string {
    return `${['flowchart LR', `  %% ${this.title}`, ...this.nodeLines, ...this.edgeLines].join('\n')}\n`;
  }
}

export function escapeMermaid(s: string): string {
  return s.replace(/"/g, '#quot;').replace(/\|/g, '#124;');
}
