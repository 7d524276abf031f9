import { describe, expect, it } from 'vitest';
import type { CloudTrailRecord, RecordSource } from '../../../src/core/cloudtrail/cloudtrail-record.js';
import { EventTwins } from '../../../src/analyses/usage/event-twins.js';

/**
 * Rule: a cross-account call is recorded once in each account, with one `sharedEventID`
 * (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html);
 * the joiner passes each call on once, preferring the copy that names the principal (its ARN).
 */
const DOC = 'cloudtrail-event-reference-record-contents#sharedEventID';
const T0 = Date.parse('2026-11-01T10:00:00Z');

function rec(id: string, opts: { shared?: string; arn?: boolean; at?: number } = {}): CloudTrailRecord {
  return {
    eventTime: new Date(opts.at ?? T0).toISOString(),
    eventSource: 's3.amazonaws.com',
    eventName: 'GetObject',
    eventID: id,
    userIdentity: opts.arn === false ? { type: 'AWSAccount', accountId: '222222222222' } : { type: 'AssumedRole', arn: 'arn:aws:sts::222222222222:assumed-role/r/s' },
    ...(opts.shared ? { sharedEventID: opts.shared } : {}),
  };
}

function collect(): { twins: EventTwins; out: Array<{ id: string | undefined; file: string }> } {
  const out: Array<{ id: string | undefined; file: string }> = [];
  return { twins: new EventTwins((r, s) => out.push({ id: r.eventID, file: s.file })), out };
}

const src = (file: string): RecordSource => ({ file, pointer: '/Records/0' });

describe('EventTwins: joining the two copies of one call', () => {
  it.each([
    { rule: `${DOC}: the copy with the ARN comes second → it is passed on`, first: rec('bare', { shared: 'S', arn: false }), second: rec('named', { shared: 'S' }), want: 'named' },
    { rule: `${DOC}: the copy with the ARN comes first → it is passed on`, first: rec('named', { shared: 'S' }), second: rec('bare', { shared: 'S', arn: false }), want: 'named' },
    { rule: `${DOC}: both copies name the principal → the first`, first: rec('a', { shared: 'S' }), second: rec('b', { shared: 'S' }), want: 'a' },
    { rule: `${DOC}: neither names the principal → the first`, first: rec('a', { shared: 'S', arn: false }), second: rec('b', { shared: 'S', arn: false }), want: 'a' },
  ])('$rule', ({ first, second, want }) => {
    const { twins, out } = collect();
    twins.add(first, src(`${first.eventID}.json`));
    expect(out).toEqual([]);
    twins.add(second, src(`${second.eventID}.json`));
    expect(out).toEqual([{ id: want, file: `${want}.json` }]);
    expect(twins.joined).toBe(1);
    twins.flush();
    expect(out).toHaveLength(1);
  });
});

describe('EventTwins: copies that go on alone', () => {
  it.each([
    { rule: `${DOC}: a record without sharedEventID (a call within one account) passes straight through`, records: [rec('x'), rec('y')], before: ['x', 'y'], after: ['x', 'y'], joined: 0 },
    { rule: `${DOC}: a copy whose twin never comes is passed on at flush()`, records: [rec('lone', { shared: 'L' })], before: [], after: ['lone'], joined: 0 },
    {
      rule: `${DOC}: twins and loners mixed: one of each call, loners at flush`,
      records: [rec('a1', { shared: 'A', arn: false }), rec('plain'), rec('b1', { shared: 'B' }), rec('a2', { shared: 'A' })],
      before: ['plain', 'a2'],
      after: ['plain', 'a2', 'b1'],
      joined: 1,
    },
  ])('$rule', ({ records, before, after, joined }) => {
    const { twins, out } = collect();
    for (const r of records) twins.add(r, src('f.json'));
    expect(out.map((o) => o.id)).toEqual(before);
    twins.flush();
    expect(out.map((o) => o.id)).toEqual(after);
    expect(twins.joined).toBe(joined);
  });
});

describe('EventTwins: eviction (a copy waits at most an hour behind the latest event)', () => {
  // Eviction runs once every 4096 records that carry a sharedEventID (event-twins.ts).
  const EVERY = 4096;

  it.each([
    { rule: 'a pending copy over an hour older than the latest event is passed on without flush', lag: 60 * 60 * 1000 + 1, evicted: true },
    { rule: 'a pending copy within the hour keeps waiting for its twin', lag: 30 * 60 * 1000, evicted: false },
  ])('$rule', ({ lag, evicted }) => {
    const { twins, out } = collect();
    twins.add(rec('old', { shared: 'OLD', arn: false, at: T0 }), src('old.json'));
    // Later calls joined in pairs: each pair passes on one record and leaves nothing pending.
    for (let i = 1; i < EVERY; i += 2) {
      twins.add(rec(`p${i}`, { shared: `P${i}`, at: T0 + lag }), src('later.json'));
      if (i + 1 < EVERY) twins.add(rec(`q${i}`, { shared: `P${i}`, at: T0 + lag }), src('later.json'));
    }
    const ids = out.map((o) => o.id);
    expect(ids.includes('old')).toBe(evicted);
    twins.flush();
    expect(out.filter((o) => o.id === 'old')).toHaveLength(1);
    // 1 old + 2048 later calls, each passed on once.
    expect(out).toHaveLength(1 + EVERY / 2);
    expect(twins.joined).toBe(EVERY / 2 - 1);
  });

  it('eviction is not reached before enough records went by', () => {
    const { twins, out } = collect();
    twins.add(rec('old', { shared: 'OLD', at: T0 }), src('old.json'));
    for (let i = 0; i < 100; i++) twins.add(rec(`n${i}`, { shared: `N${i}`, at: T0 + 5 * 60 * 60 * 1000 }), src('later.json'));
    expect(out).toEqual([]);
    twins.flush();
    expect(out).toHaveLength(101);
  });

  it('records without a sharedEventID do not count towards eviction', () => {
    const { twins, out } = collect();
    twins.add(rec('old', { shared: 'OLD', at: T0 }), src('old.json'));
    for (let i = 0; i < EVERY + 10; i++) twins.add(rec(`x${i}`, { at: T0 + 2 * 60 * 60 * 1000 }), src('later.json'));
    expect(out.map((o) => o.id)).not.toContain('old');
  });
});

describe('EventTwins: the same account\'s copy read twice is one call', () => {
  it('a second copy with the same sharedEventID and recipientAccountId is dropped and counted as a duplicate', async () => {
    const { EventTwins } = await import('../../../src/analyses/usage/event-twins.js');
    const seen: string[] = [];
    const twins = new EventTwins((r) => void seen.push(String(r.recipientAccountId)));
    const copy = (recipient: string) => ({ eventTime: '2026-11-01T00:00:00Z', eventSource: 's3.amazonaws.com', eventName: 'GetObject', userIdentity: { type: 'AWSAccount', accountId: '111111111111' }, sharedEventID: 'e1', recipientAccountId: recipient });
    const source = { file: 'f', pointer: '/Records/0' };
    twins.add(copy('222222222222'), source);
    twins.add(copy('222222222222'), source);
    twins.flush();
    expect(seen).toEqual(['222222222222']);
    expect(twins.duplicates).toBe(1);
    expect(twins.joined).toBe(0);
  });
});
