import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runExplain, type ExplainFlags, type ExplainFormat } from '../../src/cli/explain.js';

/**
 * Every `trustmap explain` example in the docs is run, and its output must be exactly what the
 * docs show, so the docs cannot drift (STYLE.md: docs examples are run and snapshotted).
 */
const DOCS = ['examples/README.md', 'docs/explain.md', 'README.md'];
const PREFIX = '$ npm run trustmap -- explain ';

interface Example {
  readonly file: string;
  readonly command: string;
  readonly output: string;
}

function examplesOf(file: string): Example[] {
  const text = readFileSync(file, 'utf8');
  const out: Example[] = [];
  for (const match of text.matchAll(/```console\n([\s\S]*?)```/g)) {
    const lines = match[1]!.split('\n');
    if (!lines[0]!.startsWith(PREFIX)) continue;
    let end = 0;
    while (lines[end]!.endsWith('\\')) end++;
    const command = lines.slice(0, end + 1).map((l) => l.replace(/\\$/, '').trim()).join(' ');
    out.push({ file, command, output: lines.slice(end + 1).join('\n') });
  }
  return out;
}

function flagsOf(command: string): { estate: string; flags: ExplainFlags } {
  const words = command.slice(PREFIX.length).split(/\s+/).filter((w) => w.length > 0);
  const estate = words.shift()!;
  const flags: { -readonly [K in keyof ExplainFlags]: ExplainFlags[K] } & { context: string[]; absent: string[]; sessionTag: string[] } = { format: 'text', context: [], absent: [], sessionTag: [] };
  while (words.length > 0) {
    const flag = words.shift()!;
    const value = words.shift()!;
    if (flag === '--principal') flags.principal = value;
    else if (flag === '--action') flags.action = value;
    else if (flag === '--resource') flags.resource = value;
    else if (flag === '--context') flags.context.push(value);
    else if (flag === '--absent') flags.absent.push(value);
    else if (flag === '--session-tag') flags.sessionTag.push(value);
    else if (flag === '--session-policy') flags.sessionPolicy = value;
    else if (flag === '--format') flags.format = value as ExplainFormat;
    else throw new Error(`the docs use a flag this test does not know: ${flag}`);
  }
  return { estate, flags };
}

const examples = DOCS.flatMap(examplesOf);

describe('explain examples in the docs are real output', () => {
  it('the docs hold examples', () => {
    expect(examples.filter((e) => e.file === 'examples/README.md').length).toBeGreaterThanOrEqual(8);
    expect(examples.filter((e) => e.file === 'docs/explain.md').length).toBeGreaterThanOrEqual(1);
  });

  it.each(examples.map((e) => [e.file, e.command.slice(PREFIX.length, PREFIX.length + 160), e] as const))('%s: %s', async (_file, _command, example) => {
    const { estate, flags } = flagsOf(example.command);
    let stdout = '';
    let stderr = '';
    const code = await runExplain(estate, flags, { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s) });
    expect(code).toBe(0);
    expect(withoutDeliberateMistakes(stderr)).toBe('');
    expect(stdout).toBe(example.output);
  });
});

/** Mistakes 9 and 16 of the example are also what the policy parser reports: those diagnostics, and no other, may be on stderr. */
function withoutDeliberateMistakes(stderr: string): string {
  return stderr.replace(/^examples\/org-estate\.yaml:\d+: (warning policy\/rcp-unsupported-service|info policy\/unique-id-principal|info identity-center\/provisioned-not-assigned): .*\n(  help: .*\n)?/gm, '');
}
