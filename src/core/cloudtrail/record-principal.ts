import { requestParameter, type CloudTrailRecord } from './cloudtrail-record.js';

/** Who made a recorded call, as the engine names principals. */
export type RecordPrincipal =
  | {
      readonly kind: 'principal';
      /** What the engine is asked about: a user, role session, root, federated user, service or identity provider. */
      readonly principal: string;
      /** The IAM entity the usage counts against: a role session's role, a user, the root, a service, a provider. */
      readonly entity: string;
      readonly account?: string;
      /** A role session's name: for an IAM Identity Center role, the person's user name. */
      readonly sessionName?: string;
      /** A federated user's issuer (the IAM user that called GetFederationToken). */
      readonly sessionIssuer?: string;
    }
  | { readonly kind: 'unidentified'; readonly why: string };

/**
 * Web identity providers AWS names by host, not by an IAM provider ARN
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-federated-web-identity).
 */
const HOST_NAMED_PROVIDERS: ReadonlySet<string> = new Set(['accounts.google.com', 'graph.facebook.com', 'www.amazon.com', 'cognito-identity.amazonaws.com']);

/**
 * The principal of a record, from its `userIdentity` element
 * (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-user-identity.html).
 * A caller the record does not name (another account's copy that gives only an account id, an
 * Identity Center user acting in the console, a directory user) is `unidentified`: never guessed.
 */
export function principalOfRecord(record: CloudTrailRecord): RecordPrincipal {
  const id = record.userIdentity;
  const arn = id.arn;
  switch (id.type) {
    case 'IAMUser':
    case 'Root':
      if (arn) return { kind: 'principal', principal: arn, entity: arn, ...accountOf(arn) };
      break;
    case 'AssumedRole': {
      const session = arn ? /^arn:([^:]+):sts::(\d{12}):assumed-role\/([^/]+)\/(.+)$/.exec(arn) : null;
      if (session) {
        const issuer = id.sessionContext?.sessionIssuer?.arn;
        const role = issuer && issuer.startsWith('arn:') ? issuer : `arn:${session[1]}:iam::${session[2]}:role/${session[3]}`;
        return { kind: 'principal', principal: arn!, entity: role, account: session[2]!, sessionName: session[4]! };
      }
      break;
    }
    case 'FederatedUser': {
      const issuer = id.sessionContext?.sessionIssuer?.arn;
      if (arn && issuer) return { kind: 'principal', principal: arn, entity: issuer, sessionIssuer: issuer, ...accountOf(arn) };
      if (arn) return { kind: 'unidentified', why: `federated user \`${arn}\` without its session issuer` };
      break;
    }
    case 'AWSService':
      if (id.invokedBy) return { kind: 'principal', principal: id.invokedBy, entity: id.invokedBy };
      break;
    case 'SAMLUser': {
      const provider = requestParameter(record, 'principalArn');
      if (provider) return { kind: 'principal', principal: provider, entity: provider, ...accountOf(provider), ...(id.userName ? { sessionName: id.userName } : {}) };
      return { kind: 'unidentified', why: 'a SAML user whose record does not name the SAML provider (`requestParameters.principalArn`)' };
    }
    case 'WebIdentityUser': {
      const provider = webIdentityProvider(record);
      if (provider) return { kind: 'principal', principal: provider, entity: provider, ...accountOf(provider) };
      return { kind: 'unidentified', why: 'a web identity user whose record does not name the identity provider' };
    }
  }
  if (arn && id.type !== 'AWSAccount') return { kind: 'unidentified', why: `a \`${id.type}\` identity (\`${arn}\`) trustmap does not model` };
  if (id.type === 'AWSAccount') return { kind: 'unidentified', why: `this copy names only the calling account${id.accountId ? ` \`${id.accountId}\`` : ''}, not its principal` };
  return { kind: 'unidentified', why: `a \`${id.type}\` identity without an ARN` };
}

/**
 * An OIDC provider is named in trust policies by its IAM provider ARN
 * (`arn:aws:iam::<account>:oidc-provider/<host>`), in the role's account; the record gives the
 * host. The big public providers are named by host.
 */
function webIdentityProvider(record: CloudTrailRecord): string | undefined {
  const given = record.userIdentity.identityProvider;
  if (!given) return undefined;
  if (given.startsWith('arn:') || HOST_NAMED_PROVIDERS.has(given)) return given;
  const role = requestParameter(record, 'roleArn');
  const m = role ? /^arn:([^:]+):iam::(\d{12}):/.exec(role) : null;
  if (!m) return undefined;
  return `arn:${m[1]}:iam::${m[2]}:oidc-provider/${given.replace(/^https:\/\//, '')}`;
}

function accountOf(arn: string): { account?: string } {
  const m = /^arn:[^:]+:[^:]+:[^:]*:(\d{12}):/.exec(arn);
  return m ? { account: m[1]! } : {};
}
