import { describe, expect, it } from 'vitest';
import { ABSENT, UNKNOWN, present, type ContextEntry, type RequestContext } from '../../../src/core/condition/request-context.js';
import { EngineCache } from '../../../src/core/decision/engine-cache.js';

/** A context that answers from a plain record and counts its lookups. */
function context(values: Record<string, ContextEntry>): RequestContext & { lookups: number } {
  return {
    lookups: 0,
    lookup(key: string): ContextEntry {
      this.lookups++;
      return values[key] ?? UNKNOWN;
    },
  };
}

/** A computation that reads `mfa` and, only when it is present, `ip`: what a condition does. */
function compute(ctx: RequestContext): string {
  const mfa = ctx.lookup('mfa');
  if (mfa.state !== 'present') return `mfa ${mfa.state}`;
  const ip = ctx.lookup('ip');
  return ip.state === 'present' ? `mfa ${mfa.values[0]} ip ${ip.values[0]}` : `mfa ${mfa.values[0]} ip ${ip.state}`;
}

describe('engine cache: reads slots', () => {
  it('answers a context that reads alike from the recorded run, and computes one that does not', () => {
    const cache = new EngineCache({ keep: true, entries: 1000 });
    const slot = cache.reads<object, string>().slot({}, 's3:getobject\u0000arn:aws:s3:::b/k');
    let runs = 0;
    const counted = (ctx: RequestContext): string => {
      runs++;
      return compute(ctx);
    };
    const cases: Array<[Record<string, ContextEntry>, string]> = [
      [{ mfa: present('true'), ip: present('10.0.0.1') }, 'mfa true ip 10.0.0.1'],
      [{ mfa: present('true'), ip: present('10.0.0.2') }, 'mfa true ip 10.0.0.2'],
      [{ mfa: ABSENT, ip: present('10.0.0.1') }, 'mfa absent'],
      [{ mfa: ABSENT, ip: present('10.0.0.9') }, 'mfa absent'],
      [{ mfa: present('false') }, 'mfa false ip unknown'],
      [{ mfa: present(['true', 'x']), ip: ABSENT }, 'mfa true ip absent'],
    ];
    for (const [values, expected] of cases) expect(slot.get(context(values), counted)).toBe(expected);
    // The fourth context reads only `mfa`, which answers as the third's did: no new run.
    expect(runs).toBe(5);
    for (const [values, expected] of cases) expect(slot.get(context(values), counted)).toBe(expected);
    expect(runs).toBe(5);
  });

  it('walks one lookup per level: a recorded answer costs as many lookups as the run made', () => {
    const cache = new EngineCache({ keep: true, entries: 1000 });
    const slot = cache.reads<object, string>().slot({}, 'k');
    for (let i = 0; i < 50; i++) slot.get(context({ mfa: present('true'), ip: present(`10.0.0.${i}`) }), compute);
    const ctx = context({ mfa: present('true'), ip: present('10.0.0.49') });
    expect(slot.get(ctx, compute)).toBe('mfa true ip 10.0.0.49');
    expect(ctx.lookups).toBe(2);
  });

  it('keeps nothing with keep: false (the reference engine)', () => {
    const cache = new EngineCache({ keep: false, entries: 0 });
    const slot = cache.reads<object, string>().slot({}, 'k');
    let runs = 0;
    for (let i = 0; i < 3; i++)
      slot.get(context({ mfa: ABSENT }), (ctx) => {
        runs++;
        return compute(ctx);
      });
    expect(runs).toBe(3);
    const facts = cache.facts<object, number>();
    const key = {};
    let made = 0;
    facts.get(key, () => ++made, undefined);
    facts.get(key, () => ++made, undefined);
    expect(made).toBe(2);
  });
});

describe('engine cache: one eviction rule', () => {
  it('starts every keyed and reads table over at once past its entries, and answers the same after', () => {
    const cache = new EngineCache({ keep: true, entries: 10 });
    const keyed = cache.keyed<object, string>();
    const reads = cache.reads<object, string>();
    const owner = {};
    let computed = 0;
    const value = (k: string) => () => {
      computed++;
      return `v${k}`;
    };
    for (let i = 0; i < 10; i++) expect(keyed.get(owner, String(i), value(String(i)), undefined)).toBe(`v${i}`);
    expect(cache.startedOver).toBe(0);
    expect(keyed.get(owner, '3', value('3'), undefined)).toBe('v3');
    expect(computed).toBe(10);
    // The 11th entry, recorded by the reads table, starts the whole cache over.
    const slot = reads.slot(owner, 'k');
    expect(slot.get(context({ mfa: ABSENT }), compute)).toBe('mfa absent');
    expect(cache.startedOver).toBe(1);
    expect(keyed.get(owner, '3', value('3'), undefined)).toBe('v3');
    expect(computed).toBe(11);
  });

  it('leaves facts tables alone: their entries go with their objects', () => {
    const cache = new EngineCache({ keep: true, entries: 1 });
    const facts = cache.facts<object, number>();
    const keyed = cache.keyed<object, number>();
    const key = {};
    let made = 0;
    facts.get(key, () => ++made, undefined);
    for (let i = 0; i < 5; i++) keyed.get(key, String(i), () => i, undefined);
    expect(cache.startedOver).toBeGreaterThan(0);
    expect(facts.get(key, () => ++made, undefined)).toBe(1);
  });
});
