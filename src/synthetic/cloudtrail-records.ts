import type { CloudTrailRecord, CloudTrailResource, CloudTrailSessionContext, CloudTrailUserIdentity } from '../core/cloudtrail/cloudtrail-record.js';
import { MODELLED_CALLS, type ModelledCall, type ResourceRule } from '../core/cloudtrail/modelled-calls.js';
import { membershipOf } from '../core/decision/organization-chain.js';
import type { GivenValue } from '../core/decision/request.js';
import { isServicePrincipal, resolveCaller } from '../core/decision/resolve-caller.js';
import type { Estate } from '../core/model/estate.js';
import type { ScenarioRequest } from '../loaders/scenario/scenario-types.js';

/**
 * The CloudTrail records AWS would have written for a scenario request: the inverse of
 * `requestOfRecord` (src/core/cloudtrail/record-request.ts). The call is the first modelled call
 * of the request's action whose resource rule fits the resource; the outcome is the request's
 * `expect`; the record carries every context key the request gives, or the request is skipped,
 * naming the key. Output depends on the request, the estate and the options only: no clock, no
 * randomness.
 */
export interface RecordsForRequestOptions {
  /** `eventTime`, unless the request gives `aws:CurrentTime` or `aws:EpochTime`. */
  readonly time: Date;
  /** Makes ids and session names unique and deterministic. */
  readonly index: number;
}

export type RecordsForRequest = { readonly records: CloudTrailRecord[] } | { readonly skipped: string };

export const GENERATOR_USER_AGENT = 'trustmap-gen-cloudtrail';
/** RFC 5737 documentation address, used when the request gives no `aws:SourceIp`. */
export const DEFAULT_SOURCE_IP = '198.51.100.7';
const DEFAULT_REGION = 'us-east-1';

/** The error code each service answers an authorization refusal with (record-outcome.ts reads them back). */
const DENIAL_CODE: Readonly<Record<string, string>> = {
  sts: 'AccessDenied',
  s3: 'AccessDenied',
  sqs: 'AccessDenied',
  kms: 'AccessDeniedException',
  secretsmanager: 'AccessDeniedException',
  lambda: 'AccessDeniedException',
  sns: 'AuthorizationError',
};

export function recordsForRequest(request: ScenarioRequest, estate: Estate, options: RecordsForRequestOptions): RecordsForRequest {
  const expect = request.expect;
  if (expect === undefined) return { skipped: 'no `expect`: AWS always gives a definite answer' };
  if (expect !== 'Allow' && expect !== 'ExplicitDeny' && expect !== 'ImplicitDeny') return { skipped: `expected \`${expect}\`: AWS always gives a definite answer` };
  if (request.sessionPolicy) return { skipped: 'a session policy: a record cannot carry one' };
  if (request.impliedActions && request.impliedActions.length > 0) return { skipped: 'implied actions: a record cannot carry them' };
  const call = callOf(request.action, request.resource);
  if (!call) return { skipped: 'not a modelled call' };
  const partition = estate.partition;

  const caller = callerOf(request, estate, call, options.index);
  if ('skipped' in caller) return caller;
  const target = targetOf(call.resource, request.resource, estate, partition);

  const record = new RecordDraft(call, caller, target, options);
  const contextProblem = record.writeContext(request, estate);
  if (contextProblem) return { skipped: contextProblem };

  const service = call.eventSource.slice(0, -'.amazonaws.com'.length);
  const outcome: Partial<Pick<CloudTrailRecord, 'errorCode' | 'errorMessage'>> =
    expect === 'Allow' ? {} : { errorCode: DENIAL_CODE[service] ?? 'AccessDenied', errorMessage: denialMessage(service, caller.messageArn, call.action, request.resource, expect === 'ExplicitDeny') };

  const callerAccount = caller.accountId;
  const resourceAccount = target.accountId;
  const twelve = (a: string | undefined): a is string => a !== undefined && /^\d{12}$/.test(a);
  const base = record.build(outcome);
  if (twelve(callerAccount) && twelve(resourceAccount) && callerAccount !== resourceAccount) {
    const shared = uuidOf(`shared ${options.index}`);
    const mine: CloudTrailRecord = { ...base, eventID: uuidOf(`event ${options.index} ${callerAccount}`), recipientAccountId: callerAccount, sharedEventID: shared };
    const theirs: CloudTrailRecord = {
      ...base,
      userIdentity: { type: 'AWSAccount', accountId: callerAccount, ...(caller.identity.principalId ? { principalId: caller.identity.principalId } : {}) },
      eventID: uuidOf(`event ${options.index} ${resourceAccount}`),
      recipientAccountId: resourceAccount,
      sharedEventID: shared,
    };
    return { records: [mine, theirs] };
  }
  const recipient = twelve(resourceAccount) ? resourceAccount : callerAccount;
  if (!twelve(recipient)) return { skipped: "neither the caller's account nor the resource's is known: no account would record the call" };
  return { records: [{ ...base, eventID: uuidOf(`event ${options.index} ${recipient}`), recipientAccountId: recipient }] };
}

/** The first modelled call of `action` (case-insensitive) whose resource rule fits `resource`. */
export function callOf(action: string, resource: string): ModelledCall | undefined {
  const lower = action.toLowerCase();
  return MODELLED_CALLS.find((c) => c.action.toLowerCase() === lower && fits(c.resource, resource));
}

const ARN_FITS: Readonly<Record<ResourceRule, RegExp>> = {
  'role-arn': /^arn:[^:]+:iam::\d{12}:role\/.+$/,
  's3-object': /^arn:[^:]+:s3:::[^/]+\/.+$/,
  's3-bucket': /^arn:[^:]+:s3:::[^/]+$/,
  'kms-key': /^arn:[^:]+:kms:[a-z0-9-]+:\d{12}:(key|alias)\/.+$/,
  'sqs-queue': /^arn:[^:]+:sqs:[a-z0-9-]+:\d{12}:[^:/]+$/,
  'sns-topic': /^arn:[^:]+:sns:[a-z0-9-]+:\d{12}:[^:/]+$/,
  secret: /^arn:[^:]+:secretsmanager:[a-z0-9-]+:\d{12}:secret:.+$/,
  'lambda-function': /^arn:[^:]+:lambda:[a-z0-9-]+:\d{12}:function:.+$/,
};

function fits(rule: ResourceRule, resource: string): boolean {
  return ARN_FITS[rule].test(resource);
}

// ---------------------------------------------------------------------------------------------
// The caller: userIdentity

type CallerKind = 'user' | 'root' | 'role-session' | 'service' | 'saml' | 'oidc';

interface Caller {
  readonly kind: CallerKind;
  /** Built up as the context is written (MFA, source identity, invokedBy). */
  identity: Mutable<CloudTrailUserIdentity>;
  readonly accountId?: string;
  /** The ARN a denial message names. */
  readonly messageArn: string;
  /** Request parameters the principal needs (`principalArn` for SAML). */
  readonly parameters: Record<string, unknown>;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

function callerOf(request: ScenarioRequest, estate: Estate, call: ModelledCall, index: number): Caller | { skipped: string } {
  const principal = request.principal;
  if (principal === 'anonymous' || principal === '*') return { skipped: 'an anonymous caller: CloudTrail does not name it as a principal' };
  if (isServicePrincipal(principal)) {
    return { kind: 'service', identity: { type: 'AWSService', invokedBy: principal }, messageArn: principal, parameters: {} };
  }
  const m = /^arn:([^:]+):(iam|sts)::(\d{12}):(.+)$/.exec(principal);
  if (!m) return { skipped: `the principal \`${principal}\` is not one a record names` };
  const [, partition, service, account, resource] = m as unknown as [string, string, string, string, string];
  if (service === 'iam' && resource === 'root') {
    const identity = { type: 'Root', principalId: account, arn: principal, accountId: account, accessKeyId: accessKeyOf('AKIA', principal) };
    return { kind: 'root', identity, accountId: account, messageArn: principal, parameters: {} };
  }
  if (service === 'iam' && resource.startsWith('user/')) {
    const name = resource.slice(resource.lastIndexOf('/') + 1);
    const user = estate.accounts.get(account)?.users.get(name);
    const identity = { type: 'IAMUser', principalId: user?.id ?? uniqueIdOf('AIDA', principal), arn: principal, accountId: account, userName: name, accessKeyId: accessKeyOf('AKIA', principal) };
    return { kind: 'user', identity, accountId: account, messageArn: principal, parameters: {} };
  }
  if ((service === 'iam' && resource.startsWith('role/')) || (service === 'sts' && resource.startsWith('assumed-role/'))) {
    const parts = resource.split('/');
    const roleName = service === 'sts' ? parts[1]! : parts[parts.length - 1]!;
    const sessionName = service === 'sts' ? parts.slice(2).join('/') : `replay-${index}`;
    if (!roleName || !sessionName) return { skipped: `the principal \`${principal}\` names no role session` };
    const role = estate.accounts.get(account)?.roles.get(roleName);
    const roleArn = service === 'iam' ? principal : (role?.arn ?? `arn:${partition}:iam::${account}:role/${roleName}`);
    const roleId = role?.id ?? uniqueIdOf('AROA', roleArn);
    const arn = `arn:${partition}:sts::${account}:assumed-role/${roleName}/${sessionName}`;
    const identity = {
      type: 'AssumedRole',
      principalId: `${roleId}:${sessionName}`,
      arn,
      accountId: account,
      accessKeyId: accessKeyOf('ASIA', arn),
      sessionContext: {
        sessionIssuer: { type: 'Role', principalId: roleId, arn: roleArn, accountId: account, userName: roleName },
        attributes: { creationDate: '', mfaAuthenticated: 'false' },
      } as CloudTrailSessionContext,
    };
    return { kind: 'role-session', identity, accountId: account, messageArn: arn, parameters: {} };
  }
  if (service === 'iam' && resource.startsWith('saml-provider/')) {
    if (call.eventName !== 'AssumeRoleWithSAML') return { skipped: 'a SAML provider calls nothing but `sts:AssumeRoleWithSAML`' };
    const userName = `replay-${index}`;
    const issuer = uniqueIdOf('', principal).slice(0, 20);
    return {
      kind: 'saml',
      identity: { type: 'SAMLUser', principalId: `${issuer}:${userName}`, userName, identityProvider: issuer },
      accountId: account,
      messageArn: principal,
      parameters: { principalArn: principal },
    };
  }
  if (service === 'iam' && resource.startsWith('oidc-provider/')) {
    if (call.eventName !== 'AssumeRoleWithWebIdentity') return { skipped: 'an OIDC provider calls nothing but `sts:AssumeRoleWithWebIdentity`' };
    const host = resource.slice('oidc-provider/'.length);
    const roleAccount = /^arn:[^:]+:iam::(\d{12}):/.exec(request.resource)?.[1];
    // The record names the provider by host; it is found again in the role's account (record-principal.ts).
    if (roleAccount !== account) return { skipped: `the OIDC provider \`${principal}\` is not in the role's account: a record names the provider by host only` };
    const userName = `replay-${index}`;
    return {
      kind: 'oidc',
      identity: { type: 'WebIdentityUser', principalId: `${host}:sts.amazonaws.com:${userName}`, userName, identityProvider: host },
      accountId: account,
      messageArn: principal,
      parameters: {},
    };
  }
  if (service === 'sts' && resource.startsWith('federated-user/')) return { skipped: 'a federated user: not generated' };
  return { skipped: `the principal \`${principal}\` is not one a record names` };
}

// ---------------------------------------------------------------------------------------------
// The target: requestParameters and resources[]

interface Target {
  readonly accountId?: string;
  readonly region?: string;
  readonly parameters: Record<string, unknown>;
  readonly resources?: CloudTrailResource[];
}

function targetOf(rule: ResourceRule, resource: string, estate: Estate, partition: string): Target {
  const parts = resource.split(':');
  const region = parts[3] || undefined;
  const account = parts[4] || undefined;
  switch (rule) {
    case 'role-arn':
      return { accountId: account, parameters: { roleArn: resource } };
    case 's3-object':
    case 's3-bucket': {
      const path = resource.slice(`arn:${partition}:s3:::`.length);
      const slash = path.indexOf('/');
      const bucket = slash < 0 ? path : path.slice(0, slash);
      const bucketArn = `arn:${partition}:s3:::${bucket}`;
      const owner = estate.resources.get(bucketArn)?.accountId;
      const bucketEntry: CloudTrailResource = { type: 'AWS::S3::Bucket', ARN: bucketArn, ...(owner ? { accountId: owner } : {}) };
      if (rule === 's3-bucket') return { accountId: owner, parameters: { bucketName: bucket, Host: `${bucket}.s3.amazonaws.com` }, resources: [bucketEntry] };
      const objectOwner = estate.resources.get(resource)?.object?.owner;
      const objectEntry: CloudTrailResource = { type: 'AWS::S3::Object', ARN: resource, ...(objectOwner && /^\d{12}$/.test(objectOwner) ? { accountId: objectOwner } : {}) };
      return { accountId: owner, parameters: { bucketName: bucket, key: path.slice(slash + 1), Host: `${bucket}.s3.amazonaws.com` }, resources: [objectEntry, bucketEntry] };
    }
    case 'kms-key':
      return { accountId: account, region, parameters: { keyId: resource }, resources: [{ type: 'AWS::KMS::Key', ARN: resource, ...(account ? { accountId: account } : {}) }] };
    case 'sqs-queue':
      return { accountId: account, region, parameters: { queueUrl: `https://sqs.${region}.amazonaws.com/${account}/${parts.slice(5).join(':')}` } };
    case 'sns-topic':
      return { accountId: account, region, parameters: { topicArn: resource } };
    case 'secret':
      return { accountId: account, region, parameters: { secretId: resource } };
    case 'lambda-function':
      return { accountId: account, region, parameters: { functionName: resource } };
  }
}

// ---------------------------------------------------------------------------------------------
// The record, and the context it carries

class RecordDraft {
  private readonly parameters: Record<string, unknown>;
  private eventTime: number;
  private region: string | undefined;
  private sourceIp: string | undefined;
  private vpcEndpointId: string | undefined;
  private tls = true;

  constructor(
    private readonly call: ModelledCall,
    private readonly caller: Caller,
    private readonly target: Target,
    private readonly options: RecordsForRequestOptions,
  ) {
    this.parameters = { ...target.parameters, ...caller.parameters };
    this.eventTime = options.time.getTime();
    this.region = target.region;
  }

  /**
   * Writes the request's context and session tags into the record. Returns the problem when the
   * request gives a key the record cannot carry (the request is then skipped), else undefined.
   */
  writeContext(request: ScenarioRequest, estate: Estate): string | undefined {
    const { call, caller } = this;
    const given = Object.entries(request.context ?? {});
    const isService = caller.kind === 'service';
    const cannot = (key: string, why = 'a record cannot carry it'): string => `the request gives \`${key}\`: ${why}`;
    const encryptionContext: Record<string, string> = {};
    let encryptionKeys: GivenValue | undefined;
    let viaAwsService: GivenValue | undefined;
    let epochTime: string | undefined;
    let currentTimeGiven = false;
    const session = caller.identity.sessionContext as Mutable<CloudTrailSessionContext> | undefined;

    if (request.sessionTags && Object.keys(request.sessionTags).length > 0) {
      if (call.resource !== 'role-arn') return 'session tags on a session: a record of a call other than AssumeRole cannot carry them';
      this.parameters['tags'] = Object.entries(request.sessionTags).map(([key, value]) => ({ key, value }));
    }

    // A user or role the estate says calls through a VPC endpoint: its records name the endpoint unless the request says otherwise.
    if (!isService) {
      const resolved = resolveCaller(estate, request.principal, request.sessionIssuer);
      this.vpcEndpointId = (resolved.user ?? resolved.role ?? resolved.issuer)?.sourceVpce;
    }

    for (const [key, value] of given) {
      const lower = key.toLowerCase();
      const parameterKey = call.keys.find((k) => k.key.toLowerCase() === lower);
      if (parameterKey) {
        if (value === null) {
          if (!parameterKey.absentWhenMissing) return cannot(key, 'absent, and the call always has it');
          delete this.parameters[parameterKey.parameter];
        } else if (typeof value === 'string') this.parameters[parameterKey.parameter] = value;
        else return cannot(key, 'a list, and its request parameter is a string');
        continue;
      }
      if (lower === 'aws:sourceip') {
        if (isService) return cannot(key, 'a service principal has no source address in its records');
        if (typeof value !== 'string' || !isIpAddress(value)) return cannot(key, 'a record always has a source address');
        this.sourceIp = value;
      } else if (lower === 'aws:sourcevpce') {
        if (isService) return cannot(key, 'a service principal does not call through an endpoint');
        if (Array.isArray(value)) return cannot(key, 'a list');
        this.vpcEndpointId = (value as string | null) ?? undefined;
      } else if (lower === 'aws:securetransport') {
        if (isService) return cannot(key, "a service principal's records do not tell it");
        if (value !== 'true' && value !== 'false') return cannot(key, 'neither `true` nor `false`');
        this.tls = value === 'true';
      } else if (lower === 'aws:multifactorauthpresent') {
        if (value !== null && value !== 'true' && value !== 'false') return cannot(key, 'neither `true`, `false` nor absent');
        if (caller.kind === 'role-session') {
          if (value === null) return cannot(key, 'absent, and a role session always has it');
          (session!.attributes as { mfaAuthenticated?: string }).mfaAuthenticated = value;
        } else if (caller.kind === 'user' || caller.kind === 'root') {
          // Long-term keys carry no MFA key; a console or GetSessionToken session tells it in `sessionContext`.
          if (value !== null) caller.identity.sessionContext = { attributes: { creationDate: '', mfaAuthenticated: value } };
        } else return cannot(key, `a ${caller.kind} caller's records do not tell it`);
      } else if (lower === 'aws:currenttime') {
        const t = typeof value === 'string' ? Date.parse(value) : NaN;
        if (Number.isNaN(t)) return cannot(key, 'not a date');
        this.eventTime = t;
        currentTimeGiven = true;
      } else if (lower === 'aws:epochtime') {
        if (typeof value !== 'string' || !/^\d+$/.test(value)) return cannot(key, 'not a number of seconds');
        epochTime = value;
      } else if (lower === 'aws:requestedregion') {
        if (typeof value !== 'string') return cannot(key, 'a record always has a region');
        this.region = value;
      } else if (lower === 'aws:sourceidentity') {
        if (caller.kind !== 'role-session') {
          if (value === null) continue;
          return cannot(key, `a ${caller.kind} caller has no source identity`);
        }
        if (Array.isArray(value)) return cannot(key, 'a list');
        if (typeof value === 'string') session!.sourceIdentity = value;
      } else if (lower === 'aws:viaawsservice') {
        viaAwsService = value;
      } else if (lower === 'kms:viaservice' && call.resource === 'kms-key') {
        if (value === null) continue;
        const via = typeof value === 'string' ? /^([a-z0-9-]+)\.([a-z0-9-]+)\.amazonaws\.com$/.exec(value) : null;
        if (!via) return cannot(key, 'not `<service>.<region>.amazonaws.com`');
        if (isService) return cannot(key, 'a service principal calls for itself');
        if (this.target.region && via[2] !== this.target.region) return cannot(key, "a service calls a key in the key's region");
        caller.identity.invokedBy = `${via[1]}.amazonaws.com`;
        this.region = via[2];
      } else if (lower.startsWith('kms:encryptioncontext:') && call.resource === 'kms-key') {
        if (typeof value !== 'string') return cannot(key, 'the encryption context holds strings only');
        encryptionContext[key.slice('kms:encryptioncontext:'.length)] = value;
      } else if (lower === 'kms:encryptioncontextkeys' && call.resource === 'kms-key') {
        encryptionKeys = value;
      } else {
        const derived = derivedValue(lower, request, estate, caller, this.target);
        if (derived === undefined || !sameValue(derived, value)) return cannot(key, derived === undefined ? 'a record cannot carry it' : 'the estate derives another value, and a record cannot carry it');
      }
    }

    if (Object.keys(encryptionContext).length > 0) this.parameters['encryptionContext'] = encryptionContext;
    if (encryptionKeys !== undefined && !sameValue(encryptionKeys, Object.keys(encryptionContext).length > 0 ? Object.keys(encryptionContext) : null)) {
      return cannot('kms:EncryptionContextKeys', 'it differs from the keys of the encryption context given');
    }
    if (epochTime !== undefined) {
      const t = Number(epochTime) * 1000;
      if (currentTimeGiven && Math.floor(this.eventTime / 1000) !== Number(epochTime)) return cannot('aws:EpochTime', 'it differs from `aws:CurrentTime`');
      this.eventTime = t;
    }
    if (viaAwsService !== undefined) {
      const via = caller.identity.invokedBy !== undefined && !isService;
      if (isService || viaAwsService !== (via ? 'true' : 'false')) return cannot('aws:ViaAWSService', 'only `kms:ViaService` makes a record say a service called on the principal\'s behalf');
    }
    if (this.sourceIp && caller.identity.invokedBy && !isService) return cannot('aws:SourceIp', 'a service calling on the principal\'s behalf has no source address of the principal');
    if (call.eventName === 'Decrypt' || call.eventName === 'Encrypt') this.parameters['encryptionAlgorithm'] ??= 'SYMMETRIC_DEFAULT';
    if (call.resource === 'role-arn' && call.eventName !== 'AssumeRoleWithSAML') this.parameters['roleSessionName'] ??= `replay-${this.options.index}`;
    if (call.eventName === 'AssumeRole' || call.eventName === 'AssumeRoleWithWebIdentity') this.parameters['durationSeconds'] ??= 3600;
    return undefined;
  }

  build(outcome: Partial<Pick<CloudTrailRecord, 'errorCode' | 'errorMessage'>>): CloudTrailRecord {
    const { call, caller } = this;
    const time = iso(this.eventTime);
    const identity = { ...caller.identity };
    if (identity.sessionContext?.attributes) {
      identity.sessionContext = { ...identity.sessionContext, attributes: { ...identity.sessionContext.attributes, creationDate: iso(this.eventTime - 5 * 60 * 1000) } };
    }
    const isService = caller.kind === 'service';
    const sourceIp = isService ? caller.identity.invokedBy! : identity.invokedBy ? identity.invokedBy : (this.sourceIp ?? DEFAULT_SOURCE_IP);
    const data = isDataEvent(call);
    return {
      eventVersion: '1.09',
      userIdentity: identity,
      eventTime: time,
      eventSource: call.eventSource,
      eventName: call.eventName,
      awsRegion: this.region ?? DEFAULT_REGION,
      sourceIPAddress: sourceIp,
      userAgent: GENERATOR_USER_AGENT,
      ...outcome,
      requestParameters: this.parameters,
      responseElements: null,
      ...(this.target.resources ? { resources: this.target.resources } : {}),
      eventType: 'AwsApiCall',
      readOnly: isReadOnly(call),
      ...({ managementEvent: !data, eventCategory: data ? 'Data' : 'Management' } as object),
      ...(this.vpcEndpointId ? { vpcEndpointId: this.vpcEndpointId } : {}),
      ...(this.tls && !isService ? { tlsDetails: { tlsVersion: 'TLSv1.3', cipherSuite: 'TLS_AES_128_GCM_SHA256', clientProvidedHostHeader: hostOf(call, this.region ?? DEFAULT_REGION, this.parameters) } } : {}),
    };
  }
}

/**
 * Keys the engine derives from the estate (derive-context.ts): a request may give them, and the
 * record need not carry them, when the given value is the one the engine derives. Undefined when
 * the key is not one of these, or the estate does not tell.
 */
function derivedValue(lower: string, request: ScenarioRequest, estate: Estate, caller: Caller, target: Target): GivenValue | undefined {
  const signed = caller.kind !== 'service';
  const isRoleCall = /^sts:assumerole/.test(request.action.toLowerCase());
  const org = (account: string | undefined): GivenValue | undefined => {
    const m = membershipOf(estate, account);
    return m.status === 'outside' ? null : m.status === 'member' ? m.organization.id : undefined;
  };
  switch (lower) {
    case 'aws:principalaccount':
      return caller.accountId ?? null;
    case 'kms:calleraccount':
      return signed ? (caller.accountId ?? undefined) : undefined;
    case 'aws:principalorgid':
      if (!signed) return null;
      return caller.kind === 'saml' || caller.kind === 'oidc' ? undefined : org(caller.accountId);
    case 'aws:resourceaccount':
      return target.accountId;
    case 'aws:resourceorgid':
      return target.accountId ? org(target.accountId) : undefined;
    case 'aws:principalisawsservice':
      return caller.kind === 'service' ? 'true' : 'false';
    case 'aws:tagkeys':
      return isRoleCall ? Object.keys(request.sessionTags ?? {}) : undefined;
  }
  if (lower.startsWith('aws:requesttag/') && isRoleCall) {
    const wanted = lower.slice('aws:requesttag/'.length);
    const hit = Object.entries(request.sessionTags ?? {}).find(([k]) => k.toLowerCase() === wanted);
    return hit ? hit[1] : null;
  }
  return undefined;
}

function sameValue(a: GivenValue, b: GivenValue): boolean {
  if (a === null || b === null) return a === b;
  const as = typeof a === 'string' ? [a] : [...a];
  const bs = typeof b === 'string' ? [b] : [...b];
  if (typeof a === 'string' && typeof b === 'string') return a === b;
  return as.length === bs.length && as.every((x) => bs.includes(x));
}

/** Data events: S3 object and listing calls, Lambda invocations, SQS and SNS messages (CloudTrail "Logging data events"). */
function isDataEvent(call: ModelledCall): boolean {
  if (call.resource === 's3-object' || call.resource === 'lambda-function' || call.resource === 'sqs-queue' || call.resource === 'sns-topic') return true;
  return call.resource === 's3-bucket' && /^(List|Head)/.test(call.eventName);
}

function isReadOnly(call: ModelledCall): boolean {
  return /^(Get|Head|List|Describe|Decrypt|Encrypt|GenerateDataKey|AssumeRole|ReceiveMessage)/.test(call.eventName);
}

function hostOf(call: ModelledCall, region: string, parameters: Record<string, unknown>): string {
  if (call.resource === 's3-object' || call.resource === 's3-bucket') return `${String(parameters['bucketName'])}.s3.amazonaws.com`;
  if (call.eventSource === 'sts.amazonaws.com') return `sts.${region}.amazonaws.com`;
  return `${call.eventSource.slice(0, -'.amazonaws.com'.length)}.${region}.amazonaws.com`;
}

function denialMessage(service: string, principal: string, action: string, resource: string, explicit: boolean): string {
  if (service === 's3') return 'Access Denied';
  const why = explicit ? 'with an explicit deny in a policy' : 'because no policy allows the action';
  return `User: ${principal} is not authorized to perform: ${action} on resource: ${resource} ${why}`;
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

function isIpAddress(value: string): boolean {
  const v4 = IPV4.exec(value);
  if (v4) return v4.slice(1).every((o) => Number(o) <= 255);
  return /^[0-9a-fA-F:]+$/.test(value) && value.includes(':');
}

// ---------------------------------------------------------------------------------------------
// Deterministic ids

/** 32-bit FNV-1a of a string, from a seed. */
function fnv(text: string, seed: number): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** 32 hex digits from a string. */
export function hexOf(text: string, length = 32): string {
  let out = '';
  for (let seed = 0; out.length < length; seed++) out += fnv(text, seed).toString(16).padStart(8, '0');
  return out.slice(0, length);
}

/** A version-4-shaped UUID made from a string: the same string, the same id. */
export function uuidOf(text: string): string {
  const h = hexOf(text);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** An IAM unique id (`AIDA…`, `AROA…`: 21 characters) made from a string. */
function uniqueIdOf(prefix: string, text: string): string {
  const h = hexOf(text, 40);
  let out = prefix;
  for (let i = 0; out.length < prefix.length + 17; i++) out += BASE32[parseInt(h.slice(i * 2, i * 2 + 2), 16) % 32];
  return out;
}

function accessKeyOf(prefix: string, text: string): string {
  return uniqueIdOf(prefix, `key ${text}`).slice(0, 20);
}

export function iso(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

// ---------------------------------------------------------------------------------------------
// Policy changes, for drift

/**
 * A successful policy-change event on the target of `request` (policy-changes.ts reads it back):
 * `PutBucketPolicy` for a bucket or object, `UpdateAssumeRolePolicy` for a role, `PutKeyPolicy`,
 * `SetQueueAttributes`, `SetTopicAttributes`, `PutResourcePolicy` for a secret,
 * `AddPermission20150331v2` for a function. Made by an `Admin` role session of the target's account.
 * Undefined when the target's account is not known.
 */
export function policyChangeRecord(request: ScenarioRequest, estate: Estate, options: RecordsForRequestOptions): CloudTrailRecord | undefined {
  const call = callOf(request.action, request.resource);
  if (!call) return undefined;
  const target = targetOf(call.resource, request.resource, estate, estate.partition);
  const account = target.accountId;
  if (!account || !/^\d{12}$/.test(account)) return undefined;
  const region = target.region ?? DEFAULT_REGION;
  const p = target.parameters;
  const change = ((): { eventSource: string; eventName: string; parameters: Record<string, unknown>; region: string } => {
    switch (call.resource) {
      case 'role-arn': {
        const roleName = String(p['roleArn']).slice(String(p['roleArn']).lastIndexOf('/') + 1);
        return { eventSource: 'iam.amazonaws.com', eventName: 'UpdateAssumeRolePolicy', parameters: { roleName }, region: DEFAULT_REGION };
      }
      case 's3-object':
      case 's3-bucket':
        return { eventSource: 's3.amazonaws.com', eventName: 'PutBucketPolicy', parameters: { bucketName: p['bucketName'], Host: p['Host'] }, region };
      case 'kms-key':
        return { eventSource: 'kms.amazonaws.com', eventName: 'PutKeyPolicy', parameters: { keyId: p['keyId'], policyName: 'default', bypassPolicyLockoutSafetyCheck: false }, region };
      case 'sqs-queue':
        return { eventSource: 'sqs.amazonaws.com', eventName: 'SetQueueAttributes', parameters: { queueUrl: p['queueUrl'] }, region };
      case 'sns-topic':
        return { eventSource: 'sns.amazonaws.com', eventName: 'SetTopicAttributes', parameters: { topicArn: p['topicArn'], attributeName: 'Policy' }, region };
      case 'secret':
        return { eventSource: 'secretsmanager.amazonaws.com', eventName: 'PutResourcePolicy', parameters: { secretId: p['secretId'] }, region };
      case 'lambda-function':
        return { eventSource: 'lambda.amazonaws.com', eventName: 'AddPermission20150331v2', parameters: { functionName: p['functionName'], statementId: `replay-${options.index}`, action: 'lambda:InvokeFunction' }, region };
    }
  })();
  const roleArn = `arn:${estate.partition}:iam::${account}:role/Admin`;
  const roleId = uniqueIdOf('AROA', roleArn);
  const session = `change-${options.index}`;
  const arn = `arn:${estate.partition}:sts::${account}:assumed-role/Admin/${session}`;
  const time = options.time.getTime();
  return {
    eventVersion: '1.09',
    userIdentity: {
      type: 'AssumedRole',
      principalId: `${roleId}:${session}`,
      arn,
      accountId: account,
      sessionContext: { sessionIssuer: { type: 'Role', principalId: roleId, arn: roleArn, accountId: account, userName: 'Admin' }, attributes: { creationDate: iso(time - 5 * 60 * 1000), mfaAuthenticated: 'true' } },
    },
    eventTime: iso(time),
    eventSource: change.eventSource,
    eventName: change.eventName,
    awsRegion: change.region,
    sourceIPAddress: DEFAULT_SOURCE_IP,
    userAgent: GENERATOR_USER_AGENT,
    requestParameters: change.parameters,
    responseElements: null,
    eventID: uuidOf(`change ${options.index}`),
    eventType: 'AwsApiCall',
    readOnly: false,
    ...({ managementEvent: true, eventCategory: 'Management' } as object),
    recipientAccountId: account,
    tlsDetails: { tlsVersion: 'TLSv1.3', cipherSuite: 'TLS_AES_128_GCM_SHA256', clientProvidedHostHeader: `${change.eventSource.slice(0, -'.amazonaws.com'.length)}.${change.region}.amazonaws.com` },
  };
}

/** Whether a drift example can be built on the target of `request`: a resource with a policy in the estate, or a role in the estate. */
export function driftTarget(request: ScenarioRequest, estate: Estate): 'resource' | 'role' | undefined {
  const call = callOf(request.action, request.resource);
  if (!call) return undefined;
  if (call.resource === 'role-arn') {
    const m = /^arn:[^:]+:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(request.resource);
    return m && estate.accounts.get(m[1]!)?.roles.has(m[2]!) ? 'role' : undefined;
  }
  const slash = call.resource === 's3-object' ? request.resource.indexOf('/') : -1;
  const arn = slash > 0 ? request.resource.slice(0, slash) : request.resource;
  const policy = estate.resources.get(arn)?.policy;
  return policy !== undefined && policy !== null && !(typeof policy === 'object' && 'uncollected' in policy) ? 'resource' : undefined;
}
