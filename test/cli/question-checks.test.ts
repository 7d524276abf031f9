import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCheck } from '../../src/cli/check.js';
import { runExplain } from '../../src/cli/explain.js';
import { runPaths } from '../../src/cli/paths.js';
import { runWhatCan } from '../../src/cli/what-can.js';
import { runWhoCan } from '../../src/cli/who-can.js';
import { createServerApp } from '../../src/server/create-app.js';
import { servedExample } from '../server/served-example.js';

/**
 * No confident answer to a wrong question: every command and endpoint that takes a question checks
 * it against the bundled service reference data (docs/cli.md, "Questions").
 */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const EXAMPLE = 'examples/org-estate.yaml';
const ML = 'arn:aws:sts::555555555555:assumed-role/ml-training/job-7';
const QUEUE = 'arn:aws:sqs:us-east-1:444444444444:orders';

function io(): { out: string; err: string; stdout(t: string): void; stderr(t: string): void } {
  return { out: '', err: '', stdout(t) { this.out += t; }, stderr(t) { this.err += t; } };
}

describe('explain refuses a question the reference data does not know', () => {
  it('a misspelt action: exit 2 with did-you-mean, and no answer (no fix pasting the typo)', async () => {
    const o = io();
    expect(await runExplain(EXAMPLE, { principal: ML, action: 'sqs:SendMesage', resource: QUEUE, format: 'text' }, o)).toBe(2);
    expect(o.out).toBe('');
    expect(o.err).toContain('error question/unknown-action: `sqs:SendMesage` is not an action of `sqs`');
    expect(o.err).toContain('did you mean `sqs:SendMessage`?');
  });

  it.each([
    ['foo:Bar', QUEUE, 'question/unknown-service'],
    ['s3:GetObject', QUEUE, 'question/action-not-for-resource'],
    ['s3:ListAllMyBuckets', 'arn:aws:s3:::example-prod-data-lake', 'question/action-not-for-resource'],
  ])('%s on %s: exit 2, %s', async (action, resource, code) => {
    const o = io();
    expect(await runExplain(EXAMPLE, { principal: ML, action, resource, format: 'text' }, o)).toBe(2);
    expect(o.err).toContain(`error ${code}:`);
  });

  it('a context value of the wrong type: exit 2 naming the type', async () => {
    const o = io();
    expect(await runExplain(EXAMPLE, { principal: ML, action: 'sqs:SendMessage', resource: QUEUE, context: ['aws:SourceIp=not-an-ip'], format: 'text' }, o)).toBe(2);
    expect(o.err).toContain('error question/invalid-context-value: `aws:SourceIp=not-an-ip`: `aws:SourceIp` takes an IP address (type IPAddress)');
  });

  it('--allow-unknown-action answers, says so in the assumptions, and proposes no fix', async () => {
    const o = io();
    expect(await runExplain(EXAMPLE, { principal: ML, action: 'sqs:SendMesage', resource: QUEUE, allowUnknownAction: true, format: 'json' }, o)).toBe(0);
    const answer = JSON.parse(o.out) as { decision: string; assumptions: Array<{ code: string; rule: string; message: string }>; fixes: unknown[]; notes: string[] };
    expect(answer.decision).toBe('ImplicitDeny');
    const unknown = answer.assumptions.find((a) => a.code === 'unknown-action');
    expect(unknown?.rule).toBe('action-matching');
    expect(unknown?.message).toMatch(/^`sqs:SendMesage` is not in the service reference data/);
    expect(Object.keys(unknown ?? {})).toEqual(['code', 'rule', 'message', 'url']);
    expect(answer.fixes).toEqual([]);
    expect(answer.notes).toContain('no fix is proposed: `sqs:SendMesage` is not in the service reference data, so a statement naming it may grant nothing');
    expect(o.err).toContain('warning question/unknown-action');
  });

  it('a known action still gets its verified fix', async () => {
    const o = io();
    expect(await runExplain(EXAMPLE, { principal: ML, action: 'sqs:SendMessage', resource: QUEUE, format: 'json' }, o)).toBe(0);
    expect((JSON.parse(o.out) as { fixes: unknown[] }).fixes.length).toBeGreaterThan(0);
  });
});

describe('the access queries refuse them too', () => {
  it('who-can: an unknown action, an action not for the resource', async () => {
    let o = io();
    expect(await runWhoCan(EXAMPLE, { resource: QUEUE, action: ['sqs:SendMesage'], format: 'text' }, o)).toBe(2);
    expect(o.err).toContain('did you mean `sqs:SendMessage`?');
    o = io();
    expect(await runWhoCan(EXAMPLE, { resource: QUEUE, action: ['s3:GetObject'], format: 'text' }, o)).toBe(2);
    expect(o.err).toContain('error question/action-not-for-resource');
  });

  it('paths and what-can: an unknown action', async () => {
    let o = io();
    expect(await runPaths(EXAMPLE, { from: ML, to: QUEUE, action: 'sqs:SendMesage', format: 'text' }, o)).toBe(2);
    expect(o.err).toContain('error question/unknown-action');
    o = io();
    expect(await runWhatCan(EXAMPLE, { principal: ML, action: ['sqs:SendMesage'], format: 'text' }, o)).toBe(2);
    expect(o.err).toContain('error question/unknown-action');
  });

  it('who-can: a context value of the wrong type', async () => {
    const o = io();
    expect(await runWhoCan(EXAMPLE, { resource: QUEUE, context: ['aws:SecureTransport=yes'], format: 'text' }, o)).toBe(2);
    expect(o.err).toContain('error question/invalid-context-value');
  });
});

describe('scenario requests are questions too', () => {
  it('a request with an unknown action is invalid and check exits 2; --allow-unknown-action asks it', async () => {
    let o = io();
    expect(await runCheck('test/fixtures/scenarios/unknown-action.yaml', { format: 'text' }, o)).toBe(2);
    expect(o.err).toContain('unknown-action.yaml:11: error question/unknown-action');
    expect(o.out).toContain('0 passed, 0 failed, 0 unchecked, 1 invalid');
    o = io();
    expect(await runCheck('test/fixtures/scenarios/unknown-action.yaml', { format: 'text', allowUnknownAction: true }, o)).toBe(0);
    expect(o.out).toContain('1 passed, 0 failed, 0 unchecked, 0 invalid');
  });
});

describe('the API refuses the same questions with the same codes', () => {
  const served = servedExample();
  const app = createServerApp({ served, port: () => 7272 });
  const get = async (path: string): Promise<{ status: number; codes: string[] }> => {
    const response = await app.request(path, { headers: { host: 'localhost:7272' } });
    const body = (await response.json()) as { diagnostics?: Array<{ code: string }> };
    return { status: response.status, codes: (body.diagnostics ?? []).map((d) => d.code) };
  };

  it.each([
    [`/api/explain?principal=${ML}&action=sqs:SendMesage&resource=${QUEUE}`, 'question/unknown-action'],
    [`/api/explain?principal=${ML}&action=sqs:SendMessage&resource=${QUEUE}&context=aws:SourceIp%3Dx`, 'question/invalid-context-value'],
    [`/api/who-can?resource=${QUEUE}&action=s3:GetObject`, 'question/action-not-for-resource'],
    [`/api/paths?from=${ML}&to=${QUEUE}&action=foo:Bar`, 'question/unknown-service'],
  ])('%s → 400 %s', async (path, code) => {
    const { status, codes } = await get(path);
    expect(status).toBe(400);
    expect(codes).toContain(code);
  });

  it('and the server imports nothing from the CLI: both read questions through src/questions', () => {
    const dir = join(ROOT, 'src', 'server');
    const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
    for (const f of files) expect(readFileSync(join(dir, f), 'utf8'), f).not.toMatch(/from '(\.\.\/)+cli\//);
  });
});
