import { describe, expect, it } from 'vitest';
import { loadScenarioText } from '../../src/loaders/scenario/index.js';

const base = (resource: string): string => `trustmap: scenario/v1
name: access points
accounts:
  "444444444444": { name: lake }
resources:
  - { arn: "arn:aws:s3:::lake", account: "444444444444", region: us-east-1 }
${resource}
`;

describe('scenario access points (docs/scenario-format.md, resources)', () => {
  it('reads the bucket, network origin, VPC and Block Public Access of an access point', () => {
    const s = loadScenarioText(base('  - { arn: "arn:aws:s3:us-east-1:444444444444:accesspoint/ap", bucket: lake, vpc: vpc-1, blockPublicAccess: { RestrictPublicBuckets: true } }'), 'ap.yaml');
    expect(s.diagnostics).toEqual([]);
    const ap = s.estate.resources.get('arn:aws:s3:us-east-1:444444444444:accesspoint/ap');
    expect(ap?.type).toBe('access-point');
    expect(ap?.accountId).toBe('444444444444');
    expect(ap?.accessPoint).toMatchObject({ name: 'ap', bucket: 'lake', networkOrigin: 'VPC', vpcId: 'vpc-1', blockPublicAccess: { RestrictPublicBuckets: true } });
  });

  it('reports a VPC access point without its VPC, and an access point without its bucket', () => {
    const s = loadScenarioText(base('  - { arn: "arn:aws:s3:us-east-1:444444444444:accesspoint/ap", bucket: lake, networkOrigin: VPC }\n  - { arn: "arn:aws:s3:us-east-1:444444444444:accesspoint/nobucket" }'), 'ap.yaml');
    expect(s.diagnostics.map((d) => `${d.code} ${d.source?.pointer ?? ''}`)).toEqual(expect.arrayContaining(['scenario/missing-field /resources/1/vpc', 'scenario/missing-field /resources/2/bucket']));
  });
});
