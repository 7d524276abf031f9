import { beforeAll, describe, expect, it } from 'vitest';
import { AccessGraph } from '../../src/analyses/access-graph/access-graph.js';
import { findPaths } from '../../src/analyses/paths/find-paths.js';
import { whoCan } from '../../src/analyses/who-can/who-can.js';
import type { Estate } from '../../src/core/model/estate.js';
import { scaleEstate } from '../analyses/scale-estate.js';

/** Milliseconds a call takes, with its result. */
function timed<T>(f: () => T): { ms: number; value: T } {
  const t0 = performance.now();
  const value = f();
  return { ms: performance.now() - t0, value };
}

const ci = 'arn:aws:iam::100000000000:role/ci-runner';

// 1,000 accounts × 50 roles × 20 resources: each query on a fresh graph, so lazy indexes are built inside the timing.
describe('the access graph at scale (1,000 accounts, 50,002 roles, 20,000 resources)', () => {
  let estate: Estate;
  beforeAll(() => {
    estate = scaleEstate(1000);
  }, 60_000);

  it('who-can on a queue answers (time printed, target 100 ms): the principals of its account the action index names', () => {
    const g = new AccessGraph(estate);
    const { ms, value } = timed(() => whoCan(g, 'arn:aws:sqs:us-east-1:100000000700:queue-1'));
    expect(value.entries.map((e) => `${e.principal.id.split('/').pop()} ${e.action} ${e.chain.length}`)).toEqual([
      'admin sqs:ReceiveMessage 0',
      'admin sqs:SendMessage 0',
      'deploy sqs:ReceiveMessage 0',
      'deploy sqs:SendMessage 0',
      'ci-runner sqs:ReceiveMessage 1',
      'ci-runner sqs:SendMessage 1',
      'ec2.amazonaws.com sqs:ReceiveMessage 2',
      'ec2.amazonaws.com sqs:SendMessage 2',
    ]);
    console.log(`${expect.getState().currentTestName}: ${ms.toFixed(1)} ms`);
  });

  it('who-can on a role answers (time printed, target 100 ms) without evaluating the other 999 deploy roles', () => {
    const g = new AccessGraph(estate);
    const { ms, value } = timed(() => whoCan(g, 'arn:aws:iam::100000000555:role/deploy'));
    expect(value.entries.map((e) => e.principal.id)).toEqual([ci, 'ec2.amazonaws.com']);
    expect(g.evaluationCount).toBeLessThan(10);
    console.log(`${expect.getState().currentTestName}: ${ms.toFixed(1)} ms`);
  });

  it('paths between two principals answer (time printed, target 100 ms): CI to a queue of account 901, through its deploy role', () => {
    const g = new AccessGraph(estate);
    const { ms, value } = timed(() => findPaths(g, g.node(ci)!, 'arn:aws:sqs:us-east-1:100000000901:queue-1', { action: 'sqs:SendMessage' }));
    expect(value.paths.map((p) => p.chain.map((e) => e.to))).toEqual([['arn:aws:iam::100000000901:role/deploy']]);
    console.log(`${expect.getState().currentTestName}: ${ms.toFixed(1)} ms`);
  });

  it('paths inside a cycle of app roles answer (time printed, target 100 ms), shortest first', () => {
    const g = new AccessGraph(estate);
    const app = (j: number): string => `arn:aws:iam::100000000042:role/app-${j}`;
    const { ms, value } = timed(() => findPaths(g, g.node(app(0))!, app(3), { action: 'sts:AssumeRole' }));
    expect(value.paths.map((p) => p.chain.length)).toEqual([2]);
    expect(value.paths[0]!.chain.map((e) => e.to)).toEqual([app(1), app(2)]);
    console.log(`${expect.getState().currentTestName}: ${ms.toFixed(1)} ms`);
  });

  it('an organization-wide bucket (Principal * with aws:PrincipalOrgID) lists every admin and deploy role of the organization, and the app roles of its own account', () => {
    const g = new AccessGraph(estate);
    const { value } = timed(() => whoCan(g, 'arn:aws:s3:::bucket-100000000500-3/data.csv', { actions: ['s3:GetObject'] }));
    const direct = value.entries.filter((e) => e.chain.length === 0);
    expect(direct).toHaveLength(2047);
    expect(new Set(direct.map((e) => e.principal.id.split('/').pop()!.replace(/^app-\d+$/, 'app')))).toEqual(new Set(['admin', 'deploy', 'app']));
  });
});
