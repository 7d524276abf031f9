import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { requestsFor, targetTypeOf } from '../../src/analyses/access-graph/index.js';
import { ACCESS_MAP_ACTIONS } from '../../src/analyses/access-map/index.js';
import { loadScenarioFile } from '../../src/loaders/scenario/index.js';

// docs/aws-authorization.md#s3-access-points: object actions are asked on `<ap>/object/<key>`, bucket-level ones on the access point ARN.
const { estate } = loadScenarioFile(path.resolve('test/corpus/s3/access-points.yaml'));
const AP = 'arn:aws:s3:us-east-1:444444444444:accesspoint/lake-analytics';

describe('who-can and the access map ask access points what they hold', () => {
  it('types an access point ARN as an access point, listed or not', () => {
    expect(targetTypeOf(estate, AP)).toBe('access-point');
    expect(targetTypeOf(estate, 'arn:aws:s3:eu-west-1:999999999999:accesspoint/unlisted')).toBe('access-point');
  });

  it('asks s3:ListBucket on the access point and the object actions on its object scopes, the ones its policy names included', () => {
    const asked = requestsFor(estate, AP, ACCESS_MAP_ACTIONS['access-point']).map((r) => `${r.action} ${r.resource}`);
    expect(asked).toEqual([
      `s3:ListBucket ${AP}`,
      `s3:GetObject ${AP}/object/*`,
      `s3:GetObject ${AP}/object/secret/*`,
      `s3:GetObject ${AP}/object/shared/*`,
      `s3:PutObject ${AP}/object/*`,
      `s3:PutObject ${AP}/object/secret/*`,
      `s3:PutObject ${AP}/object/shared/*`,
    ]);
  });
});
