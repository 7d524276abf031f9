import { DiagnosticBag } from '../src/core/diagnostics.js';
import { parsePolicy } from '../src/core/policy/parse-policy.js';
import type { Policy } from '../src/core/policy/policy-types.js';

/**
 * Heap held by compiled policies: `statements` statements spread over policies of 10, in the
 * shapes real estates have (actions lists, ARNs with wildcards, conditions). Needs --expose-gc
 * for a clean figure; without it the number includes garbage.
 */
export function measureCompiledMemory(statements: number): { statements: number; megabytes: number; compileSeconds: number } {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const before = process.memoryUsage().heapUsed;
  const kept: Policy[] = [];
  const diagnostics = new DiagnosticBag();
  const start = performance.now();
  for (let p = 0; p < statements / 10; p++) {
    const doc = {
      Version: '2012-10-17',
      Statement: Array.from({ length: 10 }, (_, i) => statement(p, i)),
    };
    kept.push(parsePolicy(doc, { kind: 'identity', name: `policy-${p}` }, diagnostics));
  }
  const compileSeconds = (performance.now() - start) / 1000;
  gc?.();
  const after = process.memoryUsage().heapUsed;
  if (kept.length === 0) throw new Error('nothing compiled');
  return { statements, megabytes: (after - before) / 1024 / 1024, compileSeconds };
}

function statement(p: number, i: number): unknown {
  const account = String(100000000000 + (p % 997)).padStart(12, '0');
  switch (i % 4) {
    case 0:
      return { Sid: `Read${i}`, Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'], Resource: [`arn:aws:s3:::bucket-${p}-${i}`, `arn:aws:s3:::bucket-${p}-${i}/*`] };
    case 1:
      return { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::${account}:role/deploy-${i}` };
    case 2:
      return {
        Effect: 'Deny',
        NotAction: ['iam:*', 'sts:*'],
        Resource: '*',
        Condition: { StringNotEquals: { 'aws:RequestedRegion': ['us-east-1', 'eu-west-1'] } },
      };
    default:
      return {
        Effect: 'Allow',
        Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        Resource: `arn:aws:kms:us-east-1:${account}:key/*`,
        Condition: { StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com', 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } },
      };
  }
}
