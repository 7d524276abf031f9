import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateRequest } from '../../src/core/decision/evaluate-request.js';
import type { Decision } from '../../src/core/decision/result.js';
import { snapshotFiles, writeSnapshot } from '../../src/exporters/snapshot/index.js';
import { loadEstate } from '../../src/loaders/load-estate.js';
import { loadScenarioFile } from '../../src/loaders/scenario/index.js';
import { estateOutline } from './estate-outline.js';

// docs/inputs.md: s3control/<region>/access-points/<name>/get-access-point.json and get-access-point-policy.json.
const scenario = loadScenarioFile(path.resolve('test/corpus/s3/access-points.yaml'));

function answer(d: Decision): unknown {
  return { decision: d.decision, decidedBy: d.decidedBy, side: d.side, residual: d.residual, hops: d.hops.map((h) => [h.action, h.resource, h.decision, h.decidedBy]) };
}

describe('S3 access points survive a trip through a snapshot folder', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'trustmap-access-points-'));
  writeSnapshot(scenario.estate, dir);
  const loaded = loadEstate(dir);

  it('writes get-access-point.json and get-access-point-policy.json as the AWS CLI prints them', () => {
    const files = snapshotFiles(scenario.estate).files;
    const vpc = files.find((f) => f.path === 'accounts/444444444444/s3control/us-east-1/access-points/lake-vpc/get-access-point.json');
    expect(vpc?.content).toMatchObject({ Name: 'lake-vpc', Bucket: 'example-prod-data-lake', NetworkOrigin: 'VPC', VpcConfiguration: { VpcId: 'vpc-0a1b2c3d' }, AccessPointArn: 'arn:aws:s3:us-east-1:444444444444:accesspoint/lake-vpc' });
    const silent = files.find((f) => f.path === 'accounts/444444444444/s3control/us-east-1/access-points/lake-silent/get-access-point-policy.json');
    expect(silent?.content).toMatchObject({ Error: { Code: 'NoSuchAccessPointPolicy' } });
    const partner = files.find((f) => f.path === 'accounts/555555555555/s3control/us-east-1/access-points/partner-view/get-access-point.json');
    expect(partner?.content).toMatchObject({ BucketAccountId: '444444444444' });
  });

  it('loads back without a diagnostic, with the same access points and answers', () => {
    // The corpus roles carry no trust policy, which the authorization-details reader notes (gaad/missing-field): nothing else.
    expect(loaded.diagnostics.filter((d) => d.code !== 'gaad/missing-field')).toEqual([]);
    expect((estateOutline(loaded.estate) as { resources: unknown }).resources).toEqual((estateOutline(scenario.estate) as { resources: unknown }).resources);
    for (const request of scenario.requests) {
      expect(answer(evaluateRequest(loaded.estate, request)), request.name).toEqual(answer(evaluateRequest(scenario.estate, request)));
    }
  });

  it('reports an access point without a Bucket, and leaves it out', () => {
    const bad = mkdtempSync(path.join(tmpdir(), 'trustmap-access-points-bad-'));
    writeFileSync(path.join(bad, 'manifest.json'), JSON.stringify({ format: 'trustmap-snapshot', version: 1, partition: 'aws', organization: 'none' }));
    const apDir = path.join(bad, 'accounts/111111111111/s3control/us-east-1/access-points/orphan');
    mkdirSync(apDir, { recursive: true });
    writeFileSync(path.join(apDir, 'get-access-point.json'), JSON.stringify({ Name: 'orphan', NetworkOrigin: 'Internet' }));
    const result = loadEstate(bad);
    expect(result.diagnostics.map((d) => `${d.code} ${d.source?.pointer ?? ''}`)).toContain('snapshot/access-point-missing-bucket /Bucket');
    expect([...result.estate.resources.values()].filter((r) => r.type === 'access-point')).toEqual([]);
  });
});
