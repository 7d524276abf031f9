import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runFindings, type FindingsFlags } from '../../src/cli/findings.js';

/** Every `findings` example in the docs is run, and its output must be exactly what the docs show. */
const DOCS = ['docs/findings/README.md', 'docs/cli.md', 'examples/README.md', 'README.md'];
const PREFIX = /^\$ npm run trustmap -- findings /;

interface Example {
  readonly file: string;
  readonly words: string[];
  readonly output: string;
}

function examplesOf(file: string): Example[] {
  const out: Example[] = [];
  for (const match of readFileSync(file, 'utf8').matchAll(/```console\n([\s\S]*?)```/g)) {
    const lines = match[1]!.split('\n');
    if (!PREFIX.test(lines[0]!)) continue;
    let end = 0;
    while (lines[end]!.endsWith('\\')) end++;
    const text = lines.slice(0, end + 1).map((l) => l.replace(/\\$/, '').trim()).join(' ');
    out.push({ file, words: text.replace(PREFIX, '').split(/\s+/).filter((w) => w.length > 0), output: lines.slice(end + 1).join('\n') });
  }
  return out;
}

/** `--flag value` pairs and bare `--flag`s; repeatable flags collect into lists. */
function flagsOf(words: readonly string[]): FindingsFlags {
  const flags: Record<string, unknown> = { format: 'text' };
  for (let i = 1; i < words.length; i++) {
    const key = words[i]!.slice(2).replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());
    if (key === 'verbose') {
      flags.verbose = true;
      continue;
    }
    const value = words[++i]!;
    if (key === 'rule' || key === 'context' || key === 'absent') flags[key] = [...((flags[key] as string[] | undefined) ?? []), value];
    else flags[key] = value;
  }
  return flags as unknown as FindingsFlags;
}

const examples = DOCS.flatMap(examplesOf);

describe('the docs show what findings prints', () => {
  it('the docs hold findings examples', () => {
    expect(examples.length).toBeGreaterThanOrEqual(10);
  });

  it.each(examples.map((e) => [`${e.file}: findings ${e.words.slice(1).join(' ')}`, e] as const))('%s', async (_name, example) => {
    let stdout = '';
    const code = await runFindings(example.words[0]!, flagsOf(example.words), { stdout: (s) => void (stdout += s), stderr: () => undefined });
    expect(code).toBe(0);
    expect(stdout).toBe(example.output);
  });
});
