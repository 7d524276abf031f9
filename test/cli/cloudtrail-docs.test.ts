import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runAccessMap } from '../../src/cli/access-map.js';
import { runReplay } from '../../src/cli/replay.js';
import { MODELLED_CALLS } from '../../src/core/cloudtrail/modelled-calls.js';

/** docs/cloudtrail.md shows real output: the blocks are what the commands print today. */
const page = readFileSync('docs/cloudtrail.md', 'utf8');

function block(command: string): string {
  const start = page.indexOf(`$ npm run trustmap -- ${command}\n`);
  expect(start, command).toBeGreaterThan(0);
  const body = page.slice(start + `$ npm run trustmap -- ${command}\n`.length);
  return body.slice(0, body.indexOf('```'));
}

const io = () => {
  const out = { stdout: '', stderr: '' };
  return { out, io: { stdout: (s: string) => void (out.stdout += s), stderr: (s: string) => void (out.stderr += s), quiet: true } };
};

describe('docs/cloudtrail.md', () => {
  it('shows the start of `replay` on the bundled sample as it prints', async () => {
    const { out, io: sink } = io();
    expect(await runReplay('examples/org-estate.yaml', ['examples/cloudtrail'], { format: 'text' }, sink)).toBe(0);
    expect(out.stdout.startsWith(block('replay examples/org-estate.yaml examples/cloudtrail'))).toBe(true);
  });

  it('shows lines `access-map --cloudtrail` prints', async () => {
    const { out, io: sink } = io();
    expect(await runAccessMap('examples/org-estate.yaml', { format: 'text', cloudtrail: ['examples/cloudtrail'] }, sink)).toBe(0);
    const shown = block('access-map examples/org-estate.yaml --cloudtrail examples/cloudtrail').split('\n').filter((l) => l !== '' && l !== '…');
    expect(shown.length).toBeGreaterThan(4);
    for (const line of shown) expect(out.stdout.split('\n'), line).toContain(line);
  });

  it('lists every modelled call in its table', () => {
    const table = page.slice(page.indexOf('### Modelled calls'), page.indexOf('### The principal'));
    for (const call of MODELLED_CALLS.filter((c) => c.eventName !== 'InvokeFunction')) expect(table, `${call.eventSource} ${call.eventName}`).toContain(`\`${call.eventName}\``);
  });
});
