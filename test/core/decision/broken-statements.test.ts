import { describe, expect, it } from 'vitest';
import { loadServiceCatalog } from '../../../src/catalog/iam-data-catalog.js';
import { evaluateRequest } from '../../../src/core/decision/evaluate-request.js';
import type { Decision } from '../../../src/core/decision/result.js';
import { loadScenarioText } from '../../../src/loaders/scenario/load-scenario-file.js';

/**
 * A statement that cannot be read (AWS would refuse to store it) makes every request it could
 * affect Unknown, and names itself in `missing` by file, line and pointer. "Could affect": it could
 * allow (Allow) or deny (Deny, or an Effect that cannot be read) a request that its readable parts
 * do not rule out. An unreadable Allow matters only where the request would otherwise be denied
 * at that gate; an unreadable Deny only where it would otherwise be allowed; a certain explicit
 * deny stays ExplicitDeny. Requests the statement cannot touch keep their answer.
 */
const catalog = loadServiceCatalog();
const FILE = 'broken.yaml';
const A = '111111111111';
const BUCKET_B = 'arn:aws:s3:::b';
const QUEUE = `arn:aws:sqs:us-east-1:${A}:q`;

const TEXT = `trustmap: scenario/v1
policies:
  StarStar:
    Version: "2012-10-17"
    Statement:
      - { Effect: Allow, Action: "*:*", Resource: "arn:aws:s3:::b/*" }   # StarStar
  ServiceOnly:
    Version: "2012-10-17"
    Statement:
      - { Effect: Allow, Action: "s3", Resource: "arn:aws:s3:::b/*" }   # ServiceOnly
  StarGet:
    Version: "2012-10-17"
    Statement:
      - { Effect: Allow, Action: "*:GetObject", Resource: "arn:aws:s3:::b/*" }   # StarGet
  NumberResource:
    Version: "2012-10-17"
    Statement:
      - { Effect: Allow, Action: "s3:GetObject", Resource: 5 }   # NumberResource
  LowercaseEffect:
    Version: "2012-10-17"
    Statement:
      - { Effect: allow, Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*" }   # LowercaseEffect
  DenyStarStar:
    Version: "2012-10-17"
    Statement:
      - { Effect: Deny, Action: "*:*", Resource: "arn:aws:s3:::b/*" }   # DenyStarStar
  DenyNumberResource:
    Version: "2012-10-17"
    Statement:
      - { Effect: Deny, Action: "s3:GetObject", Resource: 5 }   # DenyNumberResource
  DenyStarGet:
    Version: "2012-10-17"
    Statement:
      - { Effect: Deny, Action: "*:GetObject", Resource: "arn:aws:s3:::b/*" }   # DenyStarGet
  CommaActions:
    Version: "2012-10-17"
    Statement:
      - { Effect: Allow, Action: "s3:GetObject,PutObject", Resource: "*" }   # CommaActions
  PrincipalInIdentity:
    Version: "2012-10-17"
    Statement:
      - { Effect: Allow, Principal: { AWS: "${A}" }, Action: "s3:GetObject", Resource: "*" }   # PrincipalInIdentity
  AllowAll:
    Version: "2012-10-17"
    Statement:
      - { Effect: Allow, Action: "*", Resource: "*" }
  DenyGetOnB:
    Version: "2012-10-17"
    Statement:
      - { Effect: Deny, Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*" }
accounts:
  "${A}":
    users:
      - { name: star-star, policies: [StarStar] }
      - { name: service-only, policies: [ServiceOnly] }
      - { name: star-get, policies: [StarGet] }
      - { name: star-get-admin, policies: [StarGet, AllowAll] }
      - { name: number-resource, policies: [NumberResource] }
      - { name: lowercase-effect, policies: [LowercaseEffect] }
      - { name: lowercase-effect-admin, policies: [LowercaseEffect, AllowAll] }
      - { name: deny-star-star, policies: [AllowAll, DenyStarStar] }
      - { name: deny-star-star-denied, policies: [AllowAll, DenyStarStar, DenyGetOnB] }
      - { name: deny-number-resource, policies: [AllowAll, DenyNumberResource] }
      - { name: deny-star-get-nothing, policies: [DenyStarGet] }
      - { name: comma-actions, policies: [CommaActions] }
      - { name: principal-in-identity, policies: [PrincipalInIdentity] }
      - { name: nobody }
resources:
  - { arn: "${BUCKET_B}", account: "${A}", region: us-east-1 }
  - { arn: "${QUEUE}", account: "${A}" }
  - arn: arn:aws:s3:::bare
    account: "${A}"
    region: us-east-1
    policy:
      Version: "2012-10-17"
      Statement:
        - { Effect: Allow, Principal: "arn:aws:iam::${A}:root", Action: "s3:GetObject", Resource: "arn:aws:s3:::bare/*" }   # BarePrincipal
  - arn: arn:aws:s3:::notprincipal
    account: "${A}"
    region: us-east-1
    policy:
      Version: "2012-10-17"
      Statement:
        - { Effect: Allow, NotPrincipal: { AWS: "arn:aws:iam::${A}:user/star-star" }, Action: "s3:GetObject", Resource: "arn:aws:s3:::notprincipal/*" }   # NotPrincipalAllow
  - arn: arn:aws:s3:::named
    account: "${A}"
    region: us-east-1
    policy:
      Version: "2012-10-17"
      Statement:
        - { Effect: Allow, Principal: { AWS: "arn:aws:iam::${A}:user/star-star" }, Action: "*:GetObject", Resource: "arn:aws:s3:::named/*" }   # NamedStarGet
`;

const loaded = loadScenarioText(TEXT, FILE, { catalog });

/** The 1-based line of the statement marked `# <marker>` in TEXT. */
function lineOf(marker: string): number {
  const i = TEXT.split('\n').findIndex((l) => l.endsWith(`# ${marker}`));
  if (i < 0) throw new Error(`no statement marked ${marker}`);
  return i + 1;
}

function decide(user: string, action: string, resource: string): Decision {
  const principal = user.startsWith('arn:') ? user : `arn:aws:iam::${A}:user/${user}`;
  return evaluateRequest(loaded.estate, { principal, action, resource }, { catalog });
}

/** Unknown, with `missing` naming the statement by file and line and by its pointer. */
function expectUnknownFrom(d: Decision, marker: string, pointer: string): void {
  expect(d.decision, JSON.stringify(d.missing)).toBe('Unknown');
  const entry = d.missing.find((m) => m.includes(`${FILE}:${lineOf(marker)}`));
  expect(entry, JSON.stringify(d.missing)).toBeDefined();
  expect(entry).toContain(pointer);
}

describe('a statement that cannot be read makes the requests it could affect Unknown', () => {
  describe('Allow side: Unknown where the request would otherwise be denied at that gate', () => {
    it('`Action: "*:*"`: its readable Resource still decides which requests it could affect (every broken statement is also an error diagnostic)', () => {
      const errors = loaded.diagnostics.filter((d) => d.severity === 'error');
      expect(errors.map((d) => d.code).sort()).toEqual(
        [
          'policy/malformed-action', // *:*
          'policy/malformed-action', // s3
          'policy/malformed-action', // *:GetObject
          'policy/malformed-action', // *:* (Deny)
          'policy/malformed-action', // *:GetObject (Deny)
          'policy/malformed-action', // s3:GetObject,PutObject
          'policy/malformed-action', // *:GetObject (bucket policy)
          'policy/invalid-element-type', // Resource: 5
          'policy/invalid-element-type', // Resource: 5 (Deny)
          'policy/invalid-effect',
          'policy/principal-in-identity-policy',
          'policy/invalid-principal',
          'policy/notprincipal-with-allow',
        ].sort(),
      );
      for (const d of errors) expect(d.source).toMatchObject({ file: FILE, line: expect.any(Number) });
      expectUnknownFrom(decide('star-star', 's3:GetObject', `${BUCKET_B}/key`), 'StarStar', '/policies/StarStar/Statement/0');
      expectUnknownFrom(decide('star-star', 's3:PutObject', `${BUCKET_B}/key`), 'StarStar', '/policies/StarStar/Statement/0');
      // Its Resource rules the queue out: the request keeps its answer.
      expect(decide('star-star', 'sqs:SendMessage', QUEUE)).toMatchObject({ decision: 'ImplicitDeny', missing: [] });
    });

    it('`Action: "s3"` (no action name)', () => {
      expectUnknownFrom(decide('service-only', 's3:GetObject', `${BUCKET_B}/key`), 'ServiceOnly', '/policies/ServiceOnly/Statement/0');
      expect(decide('service-only', 'sqs:SendMessage', QUEUE).decision).toBe('ImplicitDeny');
    });

    it('`Action: "*:GetObject"`: Unknown on b/*, not on the queue; a readable grant keeps Allow', () => {
      expectUnknownFrom(decide('star-get', 's3:GetObject', `${BUCKET_B}/key`), 'StarGet', '/policies/StarGet/Statement/0');
      expect(decide('star-get', 'sqs:SendMessage', QUEUE).decision).toBe('ImplicitDeny');
      // An unreadable Allow can only add an allow: an allowed request stays allowed.
      expect(decide('star-get-admin', 's3:GetObject', `${BUCKET_B}/key`).decision).toBe('Allow');
    });

    it('`Resource: 5`: its readable Action still decides which requests it could affect', () => {
      expectUnknownFrom(decide('number-resource', 's3:GetObject', `${BUCKET_B}/key`), 'NumberResource', '/policies/NumberResource/Statement/0');
      expectUnknownFrom(decide('number-resource', 's3:GetObject', 'arn:aws:s3:::bare/key'), 'NumberResource', '/policies/NumberResource/Statement/0');
      expect(decide('number-resource', 's3:PutObject', `${BUCKET_B}/key`)).toMatchObject({ decision: 'ImplicitDeny', missing: [] });
    });

    it('an action list AWS refuses (`s3:GetObject,PutObject`) and `Principal` in an identity policy: Unknown, never a silent allow or deny', () => {
      expectUnknownFrom(decide('comma-actions', 's3:PutObject', `${BUCKET_B}/key`), 'CommaActions', '/policies/CommaActions/Statement/0');
      expectUnknownFrom(decide('principal-in-identity', 's3:GetObject', `${BUCKET_B}/key`), 'PrincipalInIdentity', '/policies/PrincipalInIdentity/Statement/0');
      expect(decide('principal-in-identity', 's3:PutObject', `${BUCKET_B}/key`).decision).toBe('ImplicitDeny');
    });

    it('in a bucket policy: a bare-string principal and `NotPrincipal` with Allow are Unknown; a readable principal rules callers out', () => {
      expectUnknownFrom(decide('nobody', 's3:GetObject', 'arn:aws:s3:::bare/key'), 'BarePrincipal', '/resources/2/policy/Statement/0');
      expectUnknownFrom(decide('nobody', 's3:GetObject', 'arn:aws:s3:::notprincipal/key'), 'NotPrincipalAllow', '/resources/3/policy/Statement/0');
      // The NotPrincipal lists star-star: its readable part rules star-star out.
      expect(decide('star-star', 's3:GetObject', 'arn:aws:s3:::notprincipal/key').decision).toBe('ImplicitDeny');
      // `*:GetObject` naming star-star only: star-star is Unknown, nobody keeps ImplicitDeny.
      expectUnknownFrom(decide('star-star', 's3:GetObject', 'arn:aws:s3:::named/key'), 'NamedStarGet', '/resources/4/policy/Statement/0');
      expect(decide('nobody', 's3:GetObject', 'arn:aws:s3:::named/key')).toMatchObject({ decision: 'ImplicitDeny', missing: [] });
    });
  });

  describe('Deny side: Unknown where the request would otherwise be allowed; a certain deny stays', () => {
    it('`Action: "*:*"` in a Deny', () => {
      expectUnknownFrom(decide('deny-star-star', 's3:GetObject', `${BUCKET_B}/key`), 'DenyStarStar', '/policies/DenyStarStar/Statement/0');
      expect(decide('deny-star-star', 'sqs:SendMessage', QUEUE)).toMatchObject({ decision: 'Allow' });
      // A readable Deny matches for certain: ExplicitDeny, whatever the broken one would say.
      expect(decide('deny-star-star-denied', 's3:GetObject', `${BUCKET_B}/key`).decision).toBe('ExplicitDeny');
    });

    it('`Resource: 5` in a Deny', () => {
      expectUnknownFrom(decide('deny-number-resource', 's3:GetObject', QUEUE), 'DenyNumberResource', '/policies/DenyNumberResource/Statement/0');
      expect(decide('deny-number-resource', 's3:PutObject', `${BUCKET_B}/key`).decision).toBe('Allow');
    });

    it('`Action: "*:GetObject"` in a Deny cannot change a request nothing allows', () => {
      const d = decide('deny-star-get-nothing', 's3:GetObject', `${BUCKET_B}/key`);
      expect(d.decision).toBe('ImplicitDeny');
      expect(d.gates.find((g) => g.gate === 'identity')!.missing!.join(' ')).toContain(`${FILE}:${lineOf('DenyStarGet')}`);
    });
  });

  describe('an Effect that cannot be read may allow and may deny', () => {
    it('Allow side: a request nothing else allows is Unknown', () => {
      expectUnknownFrom(decide('lowercase-effect', 's3:GetObject', `${BUCKET_B}/key`), 'LowercaseEffect', '/policies/LowercaseEffect/Statement/0');
    });

    it('Deny side: a request another statement allows is Unknown', () => {
      expectUnknownFrom(decide('lowercase-effect-admin', 's3:GetObject', `${BUCKET_B}/key`), 'LowercaseEffect', '/policies/LowercaseEffect/Statement/0');
    });

    it('requests its readable parts rule out keep their answer, and do not name it', () => {
      expect(decide('lowercase-effect-admin', 's3:PutObject', `${BUCKET_B}/key`)).toMatchObject({ decision: 'Allow' });
      expect(decide('lowercase-effect', 's3:GetObject', QUEUE)).toMatchObject({ decision: 'ImplicitDeny', missing: [] });
      expect(decide('lowercase-effect', 's3:GetObject', QUEUE).gates.flatMap((g) => g.missing ?? [])).toEqual([]);
    });
  });
});
