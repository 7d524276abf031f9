import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeSnapshot } from '../../src/exporters/snapshot/index.js';
import { loadEstate } from '../../src/loaders/load-estate.js';
import { loadScenarioFile } from '../../src/loaders/scenario/index.js';

const scenario = loadScenarioFile(path.resolve('test/corpus/network/vpc-endpoint-policies.yaml'));

function endpoints(estate: typeof scenario.estate): unknown {
  return [...estate.accounts.values()].map((a) => ({ id: a.id, endpoints: a.vpcEndpoints?.map((e) => ({ id: e.id, vpcId: e.vpcId, serviceName: e.serviceName, region: e.region, type: e.type, accountId: e.accountId, policy: e.policy?.document ?? null })) }));
}

describe('VPC endpoints survive a trip through a snapshot folder', () => {
  it('writes ec2/<region>/describe-vpc-endpoints.json and reads the same endpoints back', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'trustmap-vpce-'));
    writeSnapshot(scenario.estate, dir);
    const loaded = loadEstate(dir);
    expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const normalise = (x: unknown): unknown => JSON.parse(JSON.stringify(x, (_k, v) => (typeof v === 'string' && v.startsWith('{') ? JSON.parse(v) : v)));
    expect(normalise(endpoints(loaded.estate))).toEqual(normalise(endpoints(scenario.estate)));
  });

  it('reports an endpoint without an id and a PolicyDocument that is not JSON, with file and pointer', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'trustmap-vpce-bad-'));
    writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify({ format: 'trustmap-snapshot', version: 1, partition: 'aws', organization: 'none' }));
    mkdirSync(path.join(dir, 'accounts/111111111111/ec2/us-east-1'), { recursive: true });
    writeFileSync(
      path.join(dir, 'accounts/111111111111/ec2/us-east-1/describe-vpc-endpoints.json'),
      JSON.stringify({ VpcEndpoints: [{ ServiceName: 'com.amazonaws.us-east-1.s3' }, { VpcEndpointId: 'vpce-0a1b2c3d', ServiceName: 'com.amazonaws.us-east-1.s3', PolicyDocument: '{ not json' }] }, null, 2),
    );
    const loaded = loadEstate(dir);
    const codes = loaded.diagnostics.map((d) => `${d.code} ${d.source?.pointer ?? ''}`);
    expect(codes).toContain('snapshot/vpc-endpoint-missing-id /VpcEndpoints/0/VpcEndpointId');
    expect(codes.some((c) => c.startsWith('policy/') && c.endsWith('/VpcEndpoints/1/PolicyDocument'))).toBe(true);
    const account = loaded.estate.accounts.get('111111111111');
    expect(account?.vpcEndpoints?.map((e) => e.id)).toEqual(['vpce-0a1b2c3d']);
    expect(account?.vpcEndpoints?.[0]?.policy?.unusable).toBeDefined();
  });
});
