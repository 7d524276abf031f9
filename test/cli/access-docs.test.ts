import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runAccessMap } from '../../src/cli/access-map.js';
import { runPaths } from '../../src/cli/paths.js';
import { runWhatCan } from '../../src/cli/what-can.js';
import { runWhoCan } from '../../src/cli/who-can.js';

/**
 * Every `paths`, `who-can`, `what-can` and `access-map` example in the docs is run, and its output must be
 * exactly what the docs show (STYLE.md: docs examples are run and snapshotted).
 */
const DOCS = ['README.md', 'docs/paths-and-who-can.md', 'docs/access-map.md', 'examples/README.md'];
const PREFIX = /^\$ npm run trustmap -- (paths|who-can|what-can|access-map) /;

interface Example {
  readonly file: string;
  readonly command: 'paths' | 'who-can' | 'what-can' | 'access-map';
  readonly words: string[];
  readonly output: string;
}

function examplesOf(file: string): Example[] {
  const out: Example[] = [];
  for (const match of readFileSync(file, 'utf8').matchAll(/```console\n([\s\S]*?)```/g)) {
    const lines = match[1]!.split('\n');
    const head = PREFIX.exec(lines[0]!);
    if (!head) continue;
    let end = 0;
    while (lines[end]!.endsWith('\\')) end++;
    const text = lines.slice(0, end + 1).map((l) => l.replace(/\\$/, '').trim()).join(' ');
    const words = text.replace(PREFIX, '').split(/\s+/).filter((w) => w.length > 0);
    out.push({ file, command: head[1] as Example['command'], words, output: lines.slice(end + 1).join('\n') });
  }
  return out;
}

/** `--flag value` pairs; repeatable flags collect into lists. */
function flagsOf(command: Example['command'], words: readonly string[]): Record<string, string | string[]> {
  const flags: Record<string, string | string[]> = { format: 'text' };
  for (let i = 1; i < words.length; i += 2) {
    const key = words[i]!.slice(2).replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());
    const value = words[i + 1]!;
    if (key === 'context' || key === 'absent' || key === 'boundary' || (key === 'action' && command !== 'paths')) flags[key] = [...((flags[key] as string[] | undefined) ?? []), value];
    else flags[key] = value;
  }
  return flags;
}

const RUN = { paths: runPaths, 'who-can': runWhoCan, 'what-can': runWhatCan, 'access-map': runAccessMap } as const;
const examples = DOCS.flatMap(examplesOf);

describe('the docs show what paths, who-can, what-can and access-map print', () => {
  it('the docs hold examples of all four commands', () => {
    expect(new Set(examples.map((e) => e.command))).toEqual(new Set(['paths', 'who-can', 'what-can', 'access-map']));
  });

  it.each(examples.map((e) => [`${e.file}: ${e.command} ${e.words.slice(1).join(' ')}`, e] as const))('%s', async (_name, example) => {
    let stdout = '';
    const io = { stdout: (s: string) => void (stdout += s), stderr: () => undefined };
    const flags = flagsOf(example.command, example.words) as never;
    const code = await RUN[example.command](example.words[0]!, flags, io);
    expect(code).toBe(0);
    expect(stdout).toBe(example.output);
  });
});
