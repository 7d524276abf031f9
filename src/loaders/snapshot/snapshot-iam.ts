import type { User } from '../../core/model/estate.js';
import { readAuthorizationDetails } from '../authorization-details/read-authorization-details.js';
import { JsonDoc } from '../files/json-doc.js';
import type { AccountScope } from './snapshot-scope.js';

/**
 * An account's IAM: `iam/get-account-authorization-details.json` with the access keys of
 * `iam/access-keys/<user>.json`, and its SAML and OIDC providers. Without the export the account's
 * IAM is not collected, and answers that need its principals' permissions are Unknown.
 */
export function readAccountIam(scope: AccountScope): void {
  const { folder, dir } = scope;
  const rel = `${dir}/iam/get-account-authorization-details.json`;
  const recorded = folder.recorded(rel);
  if (recorded.state === 'collected') {
    // The export's contents are reported with the export's own codes (`gaad/…`).
    const parsed = recorded.doc;
    const doc = new JsonDoc(parsed.file, parsed.root.value, parsed.locate, 'gaad', parsed.bag);
    const keys = readAccessKeys(scope);
    readAuthorizationDetails(doc, {
      estate: scope.estate,
      accountId: scope.accountId,
      ...(scope.catalog ? { catalog: scope.catalog } : {}),
      accessKeysOf: (accountId, userName) => (accountId === scope.accountId ? keys.get(userName) : undefined) ?? [],
    });
  } else if (recorded.state === 'uncollected' && recorded.error === undefined && !folder.isFile(rel)) {
    folder.bag.add({
      code: 'snapshot/iam-not-collected',
      severity: 'info',
      message: `the IAM of account \`${scope.accountId}\` was not collected`,
      help: 'answers that need its users\' and roles\' permissions are Unknown',
      source: { file: folder.file(rel), pointer: '' },
    });
  }
  readIdentityProviders(scope);
}

function readAccessKeys(scope: AccountScope): Map<string, User['accessKeys']> {
  const { folder, dir } = scope;
  const keys = new Map<string, User['accessKeys']>();
  const keyDir = `${dir}/iam/access-keys`;
  for (const file of folder.jsonFiles(keyDir)) {
    const recorded = folder.recorded(`${keyDir}/${file}`);
    if (recorded.state !== 'collected') continue;
    const doc = recorded.doc;
    const userName = folder.decodeName(file.slice(0, -'.json'.length), `${keyDir}/${file}`);
    keys.set(
      userName,
      doc.listAcrossPages('AccessKeyMetadata', '`list-access-keys` output').flatMap((entry) => {
        if (!doc.object(entry, 'an access key')) return [];
        const id = doc.requiredString(doc.get(entry, 'AccessKeyId'), 'the `AccessKeyId`');
        const status = doc.string(doc.get(entry, 'Status'), 'the access key `Status`') ?? 'Active';
        return id === undefined ? [] : [{ id, status }];
      }),
    );
  }
  return keys;
}

function readIdentityProviders(scope: AccountScope): void {
  const { folder, dir, draft } = scope;
  const lists = [
    ['list-saml-providers.json', 'SAMLProviderList', 'saml'],
    ['list-open-id-connect-providers.json', 'OpenIDConnectProviderList', 'oidc'],
  ] as const;
  for (const [file, key, kind] of lists) {
    const recorded = folder.recorded(`${dir}/iam/${file}`);
    if (recorded.state !== 'collected') continue;
    const doc = recorded.doc;
    for (const entry of doc.listAcrossPages(key, `the \`${key}\` output`)) {
      if (!doc.object(entry, 'an identity provider')) continue;
      const arn = doc.requiredString(doc.get(entry, 'Arn'), 'the provider `Arn`');
      if (arn !== undefined) draft.identityProviders.push({ arn, kind });
    }
  }
}
