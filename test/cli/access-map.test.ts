import { describe, expect, it } from 'vitest';
import { runAccessMap, type AccessMapFlags } from '../../src/cli/access-map.js';
import type { AccessMapJson } from '../../src/reporters/access-map-json.js';

const EXAMPLE = 'examples/org-estate.yaml';
const SNAPSHOT = 'examples/org-estate-snapshot';

async function accessMap(flags: Partial<AccessMapFlags>, estate = EXAMPLE): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runAccessMap(estate, { format: 'text', ...flags }, { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s) });
  return { code, stdout, stderr };
}

describe('trustmap access-map (docs/access-map.md)', () => {
  it.each([
    ['answered', 0, {}, EXAMPLE],
    ['answered on the snapshot of the example', 0, {}, SNAPSHOT],
    ['a bad --boundary', 2, { boundary: ['nearby'] }, EXAMPLE],
    ['a malformed --action', 2, { action: ['s3:*'] }, EXAMPLE],
    ['a malformed --context', 2, { context: ['novalue'] }, EXAMPLE],
    ['a missing estate', 2, {}, 'does-not-exist.yaml'],
  ] as const)('%s → exit %i', async (_name, code, flags, estate) => {
    const r = await accessMap(flags as Partial<AccessMapFlags>, estate);
    expect(r.code).toBe(code);
    if (code === 2) expect(r.stdout).toBe('');
  });

  it('the scenario and its snapshot give the same map (the snapshot writer and reader keep every grant)', async () => {
    const a = JSON.parse((await accessMap({ format: 'json' })).stdout) as AccessMapJson;
    const b = JSON.parse((await accessMap({ format: 'json' }, SNAPSHOT)).stdout) as AccessMapJson;
    const key = (j: AccessMapJson): string[] => j.entries.map((e) => `${e.boundary} ${e.principals.first.id} ${e.target} ${e.decision} ${e.classes.join('+')}`);
    expect(key(b)).toEqual(key(a));
    expect(a.summary).toMatchObject({ entries: 18, principals: 21, blocked: 5, byBoundary: { public: 1, outside: 1, service: 7, organization: 9, unknown: 0 } });
  });

  it('--boundary keeps only the boundaries asked, in every format', async () => {
    const j = JSON.parse((await accessMap({ format: 'json', boundary: ['public,outside'] })).stdout) as AccessMapJson;
    expect(new Set(j.entries.map((e) => e.boundary))).toEqual(new Set(['public', 'outside']));
    const md = (await accessMap({ format: 'markdown', boundary: ['public'] })).stdout;
    expect(md).toContain('## Public');
    expect(md).not.toContain('## Inside the organization');
  });

  it('markdown has one table per boundary and the blocked table; mermaid draws accounts with the organization framed', async () => {
    const md = (await accessMap({ format: 'markdown' })).stdout;
    expect(md.match(/^## /gm)).toHaveLength(5);
    expect(md).toContain('| acme-monitoring/role/integration (999999999999) | `arn:aws:iam::444444444444:role/acme-monitoring` |');
    const mermaid = (await accessMap({ format: 'mermaid' })).stdout;
    expect(mermaid.startsWith('flowchart LR\n')).toBe(true);
    expect(mermaid).toContain('subgraph org["organization"]');
    expect(mermaid).toMatch(/\{\{"acme-monitoring 999999999999"\}\}/);
  });
});
