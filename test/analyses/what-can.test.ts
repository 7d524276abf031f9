import { describe, expect, it } from 'vitest';
import { ROLE_CHAINING_NOTE } from '../../src/analyses/access-graph/edge-notes.js';
import { whatCan, type WhatCanResult } from '../../src/analyses/what-can/what-can.js';
import { ARN, EXAMPLE, fixture, graphOf } from './access-graph-helpers.js';

function what(principal: string, actions?: string[], file = EXAMPLE): WhatCanResult {
  const g = graphOf(file);
  return whatCan(g, g.node(principal)!, actions ? { actions } : {});
}

const short = (id: string): string => id.split(/[/:]/).pop()!;

/** `action resource decision [via a>b]` for each entry. */
function rows(r: WhatCanResult): string[] {
  return r.entries.map((e) => `${e.action} ${e.resource} ${e.decision}${e.chain.length > 0 ? ` via ${e.chain.map((c) => short(c.to)).join('>')}` : ''}`);
}

describe('trustmap what-can on the example estate', () => {
  it('ci-runner reaches prod and analytics roles, and through them the prod data, across accounts (docs/aws-authorization.md#cross-account-assume-role–docs/aws-authorization.md#trust-role-arn-matches-sessions)', () => {
    const r = what(ARN.ciRunner);
    expect(r.sessions.map((s) => short(s.node.id))).toEqual(['ci-runner', 'deploy', 'deploy', 'legacy-admin']);
    expect(rows(r)).toEqual(
      expect.arrayContaining([
        's3:GetObject arn:aws:s3:::example-ci-artifacts/* Allow',
        'sts:AssumeRole arn:aws:iam::444444444444:role/deploy Allow',
        'sts:AssumeRole arn:aws:iam::444444444444:role/legacy-admin Allow',
        'sts:AssumeRole arn:aws:iam::555555555555:role/deploy Allow',
        'sns:Publish arn:aws:sns:us-east-1:444444444444:orders Allow via deploy',
        's3:GetObject arn:aws:s3:::example-prod-data-lake/reports/* Allow via legacy-admin',
        'kms:Decrypt arn:aws:kms:us-east-1:444444444444:key/4a4a4a4a-0000-4000-8000-000000000444 Allow via legacy-admin',
        'lambda:InvokeFunction arn:aws:lambda:us-east-1:555555555555:function:order-events-handler Allow via deploy',
        's3:GetObject arn:aws:s3:::example-sandbox-datasets/* Allow via deploy',
      ]),
    );
  });

  it('a reached resource names the requester and the chain; the chained hop carries the one-hour note (docs/aws-authorization.md#role-chaining-one-hour)', () => {
    const entry = what(ARN.ciRunner).entries.find((e) => e.action === 'sns:Publish')!;
    expect(entry.requester.id).toBe(ARN.prodDeploy);
    expect(entry.chain[0]!.notes).toContain(ROLE_CHAINING_NOTE);
  });

  it('etl: the reports prefix (its identity scope), the key only through S3, the public datasets — not the prod DLQ (mistake 1)', () => {
    expect(rows(what(ARN.etl))).toEqual([
      'kms:Decrypt arn:aws:kms:us-east-1:444444444444:key/4a4a4a4a-0000-4000-8000-000000000444 Conditional',
      's3:GetObject arn:aws:s3:::example-prod-data-lake/reports/* Allow',
      's3:GetObject arn:aws:s3:::example-sandbox-datasets/* Allow',
    ]);
  });

  it('the vendor reaches acme-monitoring and, through it, the dead-letter queue (mistake 11): the data perimeter RCP keeps only its own requests off the data (docs/aws-authorization.md#scp-principals-only)', () => {
    expect(rows(what(ARN.vendor))).toEqual(['sts:AssumeRole arn:aws:iam::444444444444:role/acme-monitoring Allow', 'sqs:ReceiveMessage arn:aws:sqs:us-east-1:444444444444:orders-dlq Allow via acme-monitoring']);
  });

  it('anonymous callers reach the public datasets only (mistake 8, docs/aws-authorization.md#s3-block-public-access)', () => {
    expect(rows(what('anonymous'))).toEqual(['s3:GetObject arn:aws:s3:::example-sandbox-datasets/* Allow']);
  });

  it('--action narrows the question', () => {
    expect(rows(what(ARN.ciRunner, ['sns:Publish']))).toEqual(['sns:Publish arn:aws:sns:us-east-1:444444444444:orders Allow via deploy']);
  });
});

describe('what-can on fixtures', () => {
  it('a cycle terminates: alice reaches a, b, c and the reports', () => {
    expect(rows(what('arn:aws:iam::111111111111:user/alice', undefined, fixture('cycle.yaml')))).toEqual([
      'sts:AssumeRole arn:aws:iam::111111111111:role/a Allow',
      'sts:AssumeRole arn:aws:iam::111111111111:role/b Allow via a',
      'sts:AssumeRole arn:aws:iam::111111111111:role/c Allow via a>b',
      's3:GetObject arn:aws:s3:::cycle-reports/* Allow via a>b>c',
    ]);
  });
});
