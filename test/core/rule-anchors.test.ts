import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { RULES, RULES_DOC, SPEC_SECTION_ANCHORS, ruleReference } from '../../src/core/rules/rule-anchors.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const doc = readFileSync(join(root, RULES_DOC), 'utf8');
const docAnchors = [...doc.matchAll(/<a id="([^"]+)"><\/a>/g)].map((m) => m[1] as string);

/** Every .ts / .md / .yaml / .yml file under `dir`, recursively. */
function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (/\.(ts|md|ya?ml)$/.test(name)) out.push(path);
  }
  return out;
}

describe('rules reference (docs/aws-authorization.md)', () => {
  it('has unique, kebab-case anchors, each on its own line before a heading', () => {
    expect(new Set(docAnchors).size).toBe(docAnchors.length);
    for (const anchor of docAnchors) expect(anchor).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    const lines = doc.split('\n');
    lines.forEach((line, i) => {
      if (line.includes('<a id=')) {
        expect(line).toMatch(/^<a id="[a-z0-9-]+"><\/a>$/);
        expect(lines[i + 1]).toMatch(/^#{2,3} \S/);
      }
    });
  });

  it('RULES lists exactly the anchors of the document', () => {
    expect(Object.keys(RULES).sort()).toEqual([...docAnchors].sort());
  });

  it('each RULES entry carries its own anchor, the heading text and an AWS documentation url', () => {
    for (const [key, rule] of Object.entries(RULES)) {
      expect(rule.anchor).toBe(key);
      const heading = doc.split('\n')[doc.split('\n').indexOf(`<a id="${key}"></a>`) + 1] ?? '';
      expect(heading.replace(/^#+ (\d+\. )?/, '').replace(/`/g, '')).toBe(rule.title);
      expect(rule.url).toMatch(/^https:\/\/(docs\.aws\.amazon\.com\/|aws\.amazon\.com\/blogs\/)/);
    }
  });

  it('marks every entry of the working-assumptions section', () => {
    const section = doc.slice(doc.indexOf('<a id="working-assumptions"></a>'), doc.indexOf('<a id="rules-outside-policies"></a>'));
    const entries = section.split(/\n(?=<a id=)/).slice(1);
    expect(entries.length).toBeGreaterThan(0);
    for (const entry of entries) expect(entry).toMatch(/\*\*(Working assumption|Open question)\.\*\*/);
  });

  it('ruleReference finds entries by anchor, with or without #', () => {
    expect(ruleReference('explicit-deny-wins')?.url).toMatch(/^https:\/\/docs\.aws\.amazon\.com\//);
    expect(ruleReference('#cross-account-both-sides')).toBe(RULES['cross-account-both-sides']);
    expect(ruleReference('no-such-rule')).toBeUndefined();
    expect(ruleReference('toString')).toBeUndefined();
  });
});

describe('SPEC_SECTION_ANCHORS', () => {
  it('maps only to anchors of the rules reference', () => {
    for (const [section, anchor] of Object.entries(SPEC_SECTION_ANCHORS)) {
      expect(RULES[anchor], `§${section} → ${anchor}`).toBeDefined();
    }
  });

  it('maps every § citation found under src/, test/, docs/ and examples/', () => {
    const cited = new Map<string, string>();
    for (const dir of ['src', 'test', 'docs', 'examples']) {
      for (const file of sourceFiles(join(root, dir))) {
        for (const m of readFileSync(file, 'utf8').matchAll(/§(\d+(?:\.\d+)*)/g)) {
          const section = m[1] as string;
          if (!cited.has(section)) cited.set(section, relative(root, file));
        }
      }
    }
    expect(cited.size).toBeGreaterThan(0);
    const unmapped = [...cited].filter(([section]) => !(section in SPEC_SECTION_ANCHORS)).map(([s, f]) => `§${s} (${f})`);
    expect(unmapped).toEqual([]);
  });
});

describe('every citation points into the rules reference', () => {
  const cited = (dirs: readonly string[]): Array<{ file: string; anchor: string }> =>
    dirs.flatMap((dir) => [...sourceFiles(join(root, dir)), ...(dir === 'src' ? [] : [])])
      .filter((file) => !file.endsWith('aws-authorization.md') && !file.endsWith('rule-anchors.test.ts'))
      .flatMap((file) => {
        const text = readFileSync(file, 'utf8');
        // `docs/aws-authorization.md#a, #b` (code, corpus, output) and `(aws-authorization.md#a)` (docs)
        return [...text.matchAll(/aws-authorization\.md((?:#[a-z0-9-]+)(?:, #[a-z0-9-]+)*)/g)].flatMap((m) => [...m[1]!.matchAll(/#([a-z0-9-]+)/g)].map((a) => ({ file: relative(root, file), anchor: a[1]! })));
      });

  it('an anchor cited anywhere in src, test, docs, examples, web and the README exists', () => {
    const all = [...cited(['src', 'test', 'docs', 'examples', 'web/src']), ...cited([]), ...[readFileSync(join(root, 'README.md'), 'utf8')].flatMap((t) => [...t.matchAll(/aws-authorization\.md#([a-z0-9-]+)/g)].map((m) => ({ file: 'README.md', anchor: m[1]! })))];
    expect(all.length).toBeGreaterThan(1000);
    expect(all.filter((c) => !(c.anchor in RULES))).toEqual([]);
  });

  it('nothing trustmap prints or documents cites the shared spec (`spec §`): users do not have it', () => {
    const files = [...['src', 'docs', 'examples', 'web/src', 'test/corpus'].flatMap((d) => sourceFiles(join(root, d))), join(root, 'README.md')];
    const offending = files.filter((f) => /\bspec §/i.test(readFileSync(f, 'utf8'))).map((f) => relative(root, f));
    expect(offending).toEqual([]);
  });
});
