/**
 * Every diagnostic code trustmap can emit, each with what it means in one line. A code is a
 * family and a problem, `family/problem`, written out in full here and wherever it is reported:
 * none is assembled from pieces at run time, so searching for a code finds every place that
 * emits it. Codes are stable: tests, scripts and the docs' diagnostics tables rely on them.
 */
export const DIAGNOSTIC_CODES = {
  // access-map
  'access-map/invalid-action': '`--action` is not `service:Action`',
  'access-map/invalid-boundary': '`--boundary` is not a boundary',
  'access-map/invalid-target-accounts': '`--target-accounts` is not a list of account ids, or a file of them',
  'access-map/unknown-target-account': 'a `--target-accounts` account is not in the estate: its shard asks nothing there',

  // trustmap findings --baseline (an accepted-findings YAML file)
  'baseline/duplicate-fingerprint': 'a finding is accepted twice in the baseline',
  'baseline/invalid-entry': 'a baseline entry is not a mapping',
  'baseline/invalid-format': 'the baseline file has no `accepted` list',
  'baseline/missing-fingerprint': 'a baseline entry has no fingerprint, or not a finding fingerprint',
  'baseline/missing-reason': 'an accepted finding does not say why it is accepted',
  'baseline/parse-error': 'the baseline file is not valid YAML',
  'baseline/unknown-field': 'a baseline entry has a field the format does not define',
  'baseline/unreadable': 'the baseline file cannot be read',
  'baseline/warning': 'the YAML parser warned about the baseline file',

  // trustmap check
  'check/evaluation-failed': 'a scenario request could not be evaluated',

  // CloudTrail logs (--cloudtrail, trustmap replay)
  'cloudtrail/invalid-json': 'a CloudTrail log file is not valid JSON; the file is left out',
  'cloudtrail/invalid-record': 'a CloudTrail record misses a field every record has or has it of the wrong type, or an event holds no record; the record is left out',
  'cloudtrail/no-logs': 'a folder given as CloudTrail logs holds no log files',
  'cloudtrail/not-found': 'no such CloudTrail log file or folder',
  'cloudtrail/truncated-gzip': 'a gzipped CloudTrail log file is cut short or not gzip; the file is left out',
  'cloudtrail/unknown-layout': 'a CloudTrail log file holds neither `Records` nor `Events`; the file is left out',
  'cloudtrail/unreadable': 'a CloudTrail log file or folder cannot be read',

  // trustmap diff
  'diff/invalid-fail-on-new': '`--fail-on-new` is not a kind of change',

  // trustmap explain
  'explain/conflicting-context': 'a context key is given both a value and `--absent`',
  'explain/invalid-action': '`--action` is not `service:Action`',
  'explain/invalid-context': '`--context` is not `KEY=VALUE`',
  'explain/invalid-principal': '`--principal` is not a principal',
  'explain/invalid-resource': '`--resource` is not an ARN (or `*`)',
  'explain/invalid-session-issuer': '`--session-issuer` is not an ARN',
  'explain/invalid-session-tag': '`--session-tag` is not `KEY=VALUE`',
  'explain/missing-flag': 'a required flag is missing',
  'explain/session-policy-invalid-json': 'the session policy file is not valid JSON',
  'explain/session-policy-unreadable': 'the session policy file cannot be read',
  'explain/unknown-principal': 'the principal is not one the estate can resolve',

  // trustmap findings
  'findings/invalid-fail-on': '`--fail-on` is not a severity',
  'findings/invalid-severity': '`severity=` is not a severity',
  'findings/unknown-rule': '`rule=` names no finding rule',

  // get-account-authorization-details output (a lone export, or inside a snapshot)
  'gaad/duplicate-key': 'a key appears more than once in an object of the export; the last value is used',
  'gaad/duplicate-name': 'two users, roles, groups or managed policies of an account share a name',
  'gaad/file-not-found': 'no such export file',
  'gaad/foreign-account': 'an entity of the export belongs to another account than the one it is loaded under',
  'gaad/invalid-arn': 'an entity has no ARN, or an ARN that is not that of its kind or names no account',
  'gaad/invalid-json': 'the export is not valid JSON',
  'gaad/invalid-last-used': 'a role\'s `RoleLastUsed` date cannot be read; when the role was last used is taken as not collected',
  'gaad/invalid-path': 'an IAM path does not begin and end with `/`',
  'gaad/invalid-shape': 'a value of the export has the wrong type; it is read as absent',
  'gaad/missing-field': 'a field the export needs is missing',
  'gaad/missing-managed-policy': 'an attached managed policy or permissions boundary is not in the export',
  'gaad/no-account-id': 'no ARN of the export carries an account id',
  'gaad/no-default-version': 'a managed policy has no default version',
  'gaad/several-default-versions': 'a managed policy has more than one default version',
  'gaad/unknown-group': 'a user belongs to a group the export does not describe',
  'gaad/unreadable-file': 'the export file exists but cannot be read',

  // an iam-collect store
  'iam-collect/access-denied': 'the collector was denied a store file\'s data; answers that need it are Unknown',
  'iam-collect/duplicate-key': 'a key appears more than once in an object of a store file; the last value is used',
  'iam-collect/duplicate-name': 'two principals or policies of an account share a name',
  'iam-collect/duplicate-resource': 'a resource is described twice in the store',
  'iam-collect/foreign-account': 'an entity is filed under another account than the one its ARN names',
  'iam-collect/identity-center-assignments-not-collected': 'iam-collect stores no Identity Center account assignments: who is assigned a permission set is unknown',
  'iam-collect/identity-center-duplicate-store': 'two Identity Center instances share an identity store id; the first is kept',
  'iam-collect/identity-center-unattributed': 'an identity store user or group does not say its identity store, and its account has several instances',
  'iam-collect/identity-store-unknown': 'an Identity Center instance\'s identity store id is not in the store; it is keyed by its instance id',
  'iam-collect/invalid-account-folder': 'an account folder is not named by a 12-digit account id',
  'iam-collect/invalid-account-id': 'an account of the organization has no 12-digit account id',
  'iam-collect/invalid-arn': 'an entity\'s ARN is not an ARN',
  'iam-collect/invalid-json': 'a store file is not valid JSON',
  'iam-collect/invalid-name-encoding': 'a folder or file name holds a malformed URL escape',
  'iam-collect/invalid-shape': 'a value of a store file has the wrong type; it is read as absent',
  'iam-collect/management-account-unknown': 'the organization metadata does not name its management account',
  'iam-collect/missing-field': 'a field the store needs is missing',
  'iam-collect/missing-managed-policy': 'an attached managed policy or permissions boundary is not in the store',
  'iam-collect/no-partition': 'the store has no `aws/<partition>/accounts` folder',
  'iam-collect/org-root-unknown': 'the root of the organization cannot be found among its OUs',
  'iam-collect/organization-not-collected': 'the store holds no organization',
  'iam-collect/organizations-skipped': 'the store holds several organizations; only one is read',
  'iam-collect/partitions-skipped': 'the store holds several partitions; only one is read',
  'iam-collect/services-skipped': 'the store holds data of services trustmap does not read',
  'iam-collect/unknown-policy': 'an SCP or RCP attached in the organization is not in the store',
  'iam-collect/unexpected-error-record': 'a store file records an AWS error that does not mean "none" there',
  'iam-collect/unreadable-file': 'a store file exists but cannot be read',

  // a scenario written as JSON
  'json/duplicate-key': 'a key appears more than once in an object of the JSON scenario',
  'json/parse-error': 'the JSON scenario is not valid JSON',

  // IAM Identity Center linked to the accounts' IAM, whatever the layout
  'identity-center/assignment-role-missing': 'an assignment whose provisioned role is not in the account\'s IAM export',
  'identity-center/policy-drift': 'a provisioned role whose policies differ from its permission set\'s',
  'identity-center/provisioned-not-assigned': 'a permission set provisioned to an account where nobody is assigned it',
  'identity-center/unexplained-role': 'an `AWSReservedSSO_*` role that no collected permission set explains',

  // --known-accounts (a YAML list of vendors)
  'known-accounts/invalid-account-id': 'an account of a vendor is not a 12-digit account id string',
  'known-accounts/invalid-entry': 'a vendor entry has no name',
  'known-accounts/invalid-format': 'the file is not a list of vendors',
  'known-accounts/parse-error': 'the known-accounts file is not valid YAML',
  'known-accounts/unreadable': 'the known-accounts file cannot be read',
  'known-accounts/warning': 'the YAML parser warned about the known-accounts file',

  // loading an estate, whatever its layout
  'load/incomplete': 'the input lacks data answers need, so some answers are Unknown',
  'load/invalid-json': 'a `.json` input is not valid JSON',
  'load/memory-limit': 'loading stopped because the heap neared its limit',
  'load/not-found': 'no such file or folder',
  'load/nothing-collected': 'the input holds nothing to analyse',
  'load/partial-coverage': 'the input covers only part of the estate',
  'load/unknown-layout': 'the input is none of the layouts trustmap reads',
  'load/unreadable': 'the input file cannot be read',

  // the web page
  'page/bad-answer': 'the server answered with an error and no diagnostics',
  'page/error': 'the page failed while asking the server',
  'page/server-unreachable': 'the trustmap server does not answer',

  // trustmap paths
  'paths/invalid-action': '`--action` is not `service:Action`',
  'paths/invalid-arn': '`--from` or `--to` is not an ARN',
  'paths/invalid-limit': '`--limit` is not a positive number',
  'paths/invalid-max-hops': '`--max-hops` is not a number from 0 to 10',
  'paths/missing-action': '`--action` is required because the target is not a role',
  'paths/missing-flag': 'a required flag is missing',
  'paths/unknown-principal': '`--from` is not a principal of the estate',

  // policy documents, wherever they come from
  'policy/action-and-notaction': 'a statement has both `Action` and `NotAction`',
  'policy/condition-key-not-applicable': 'a condition key is never present in requests for the statement\'s actions',
  'policy/condition-variable-not-supported': 'a condition value uses a policy variable trustmap cannot evaluate',
  'policy/duplicate-key': 'a key appears more than once in an object of the policy',
  'policy/duplicate-sid': 'two statements share a `Sid`',
  'policy/empty-condition-operator': 'a condition operator lists no keys',
  'policy/empty-condition-values': 'a condition key lists no values',
  'policy/empty-element': 'an element names nothing',
  'policy/empty-statement': 'the policy has no statements',
  'policy/invalid-effect': '`Effect` is neither `Allow` nor `Deny`',
  'policy/invalid-element-type': 'an element is neither a string nor an array of strings',
  'policy/invalid-id': '`Id` is not a string',
  'policy/invalid-principal': 'a principal is not one AWS accepts',
  'policy/invalid-sid': '`Sid` is not a string',
  'policy/invalid-statement': 'a statement is not an object',
  'policy/invalid-version': '`Version` is not a supported policy language version',
  'policy/key-policy-resource': 'a key policy names a resource other than `*`',
  'policy/malformed-action': 'an action is not `service:ActionName` or `*`',
  'policy/malformed-arn': 'a resource is neither `*` nor an ARN',
  'policy/malformed-condition': '`Condition` is not an object of operators',
  'policy/malformed-condition-value': 'a condition value cannot be read for its operator',
  'policy/missing-action': 'a statement has neither `Action` nor `NotAction`',
  'policy/missing-effect': 'a statement has no `Effect`',
  'policy/missing-principal': 'a statement of a resource-based policy has no `Principal`',
  'policy/missing-resource': 'a statement has neither `Resource` nor `NotResource`',
  'policy/missing-statement': 'the policy has no `Statement`',
  'policy/missing-version': 'the policy has no `Version`, so policy variables are literal text',
  'policy/notprincipal-not-supported': 'this kind of policy cannot use `NotPrincipal`',
  'policy/notprincipal-with-allow': '`NotPrincipal` is used with `Allow`',
  'policy/null-if-exists': '`IfExists` is added to `Null`',
  'policy/null-set-qualifier': '`ForAllValues:` or `ForAnyValue:` is added to `Null`',
  'policy/principal-and-notprincipal': 'a statement has both `Principal` and `NotPrincipal`',
  'policy/principal-in-identity-policy': 'an identity-based policy names a principal',
  'policy/principal-in-scp': 'an SCP names a principal',
  'policy/principal-partial-wildcard': 'a principal has a wildcard inside it',
  'policy/rcp-allow': 'an RCP statement is an Allow',
  'policy/rcp-unsupported-service': 'an RCP names a service RCPs do not apply to',
  'policy/resource-and-notresource': 'a statement has both `Resource` and `NotResource`',
  'policy/resource-service-wildcard': 'a resource ARN has a wildcard in its service segment',
  'policy/undecodable-document': 'an embedded policy document cannot be decoded',
  'policy/unique-id-principal': 'a principal is a unique id, left where the principal was deleted',
  'policy/unknown-action': 'an action matches no action of its service',
  'policy/unknown-condition-operator': 'a condition operator is not one AWS defines',
  'policy/unknown-principal-type': 'a principal type is not one AWS defines',
  'policy/unknown-service': 'an action names an unknown service prefix',
  'policy/unknown-statement-key': 'a statement has an element AWS does not define',
  'policy/unknown-top-level-key': 'the policy has a top-level element AWS does not define',
  'policy/variable-without-version': 'a policy variable is read as literal text because the policy has no 2012-10-17 `Version`',

  // a question (explain, who-can, paths, scenario requests) checked against the service reference
  'question/action-not-for-resource': 'the action does not take the resource asked about',
  'question/invalid-context-value': 'a context value is not of the type its key takes',
  'question/unknown-action': 'the action is not one of its service',
  'question/unknown-service': 'the action names an unknown service',

  // trustmap merge
  'merge/invalid-shard': 'a file given to `trustmap merge` is not an access-map JSON or JSONL output',
  'merge/overlapping-shards': 'two shards asked the same account: merging them would count its access twice',
  'merge/unreadable': 'a file given to `trustmap merge` cannot be read',

  // trustmap replay
  'replay/invalid-fail-on': '`--fail-on` is not `disagreement` or `gap`',
  'replay/invalid-snapshot-time': '`--snapshot-time` is not a date',

  // trustmap report
  'report/format-mismatch': '`--format` does not match the extension of `--out`',
  'report/unknown-extension': 'the format cannot be told from the extension of `--out`',
  'report/unwritable-output': 'the report cannot be written',

  // a scenario file
  'scenario/account-id-not-string': 'an account id is written as a number, not a string',
  'scenario/account-mismatch': 'an ARN belongs to another account than the one it is listed under',
  'scenario/bucket-account-missing': 'a bucket has no `account`',
  'scenario/duplicate-name': 'two things of the same kind share a name',
  'scenario/file-unreadable': 'the scenario file cannot be read',
  'scenario/identity-center-assignment-principal': 'an Identity Center assignment names both a user and a group, or neither',
  'scenario/identity-center-duplicate-store': 'two Identity Center instances share an identity store id; the first is kept',
  'scenario/identity-center-unknown-group': 'an Identity Center assignment names a group its instance does not define',
  'scenario/identity-center-unknown-permission-set': 'an Identity Center assignment names a permission set its instance does not define',
  'scenario/identity-center-unknown-user': 'an Identity Center assignment or group names a user its instance does not define',
  'scenario/invalid-account-id': 'an account id is not 12 digits',
  'scenario/invalid-arn': 'an ARN is not of the kind the field takes',
  'scenario/invalid-path': 'an IAM path does not begin and end with `/`',
  'scenario/invalid-type': 'a value has the wrong type',
  'scenario/invalid-value': 'a value is not one the field accepts',
  'scenario/missing-field': 'a required field is missing',
  'scenario/object-bucket-missing': 'an object has no entry for its bucket',
  'scenario/org-cycle': 'the OU chain loops instead of reaching the root',
  'scenario/residual-without-conditional': '`expectResidual` is given where `expect` is not `Conditional`',
  'scenario/scp-level-empty': 'a level of the organization has no SCP, so it denies everything',
  'scenario/unknown-field': 'a field the format does not define',
  'scenario/unknown-format': 'the file does not say `trustmap: scenario/v1`',
  'scenario/unknown-group': 'a user belongs to a group the account does not define',
  'scenario/unknown-org-parent': 'an OU or account names a parent the organization does not define',
  'scenario/unknown-policy': 'a reference names a policy the scenario does not define',
  'scenario/unknown-principal': 'a request names a principal the scenario does not define',

  // trustmap serve
  'serve/cannot-listen': 'the server cannot listen on the port',
  'serve/invalid-port': '`--port` is not a port number',
  'serve/missing-web-bundle': 'the web page is not built',
  'serve/port-in-use': 'another program listens on the port',

  // the API server
  'server/forbidden-host': 'a request names a host other than localhost',
  'server/internal-error': 'the server failed while answering a request',
  'server/method-not-allowed': 'a request uses a method other than GET',
  'server/not-found': 'nothing is served at the path',
  'server/repeated-parameter': 'a query parameter is given more than once',
  'server/unknown-parameter': 'the endpoint does not take a query parameter',

  // a snapshot folder
  'snapshot/access-denied': 'the collector was denied this data; answers that need it are Unknown',
  'snapshot/access-point-missing-bucket': 'an S3 access point names no `Bucket`; it is left out',
  'snapshot/access-point-not-collected': 'an S3 access point folder has no readable `get-access-point.json`; it is left out',
  'snapshot/duplicate-key': 'a key appears more than once in an object of a snapshot file; the last value is used',
  'snapshot/duplicate-name': 'an organization node appears twice in the tree',
  'snapshot/duplicate-resource': 'a resource is described twice in the snapshot',
  'snapshot/encryption-not-collected': 'a bucket\'s default encryption was not collected',
  'snapshot/iam-not-collected': 'an account\'s IAM was not collected',
  'snapshot/identity-center-assignments-not-collected': 'who is assigned a permission set in an account it is provisioned to was not collected',
  'snapshot/identity-center-duplicate-store': 'two Identity Center instances share an identity store id; the first is kept',
  'snapshot/identity-center-folder-mismatch': 'an Identity Center file is named for another instance, permission set, account or group than its content',
  'snapshot/identity-center-instances-not-collected': '`identity-center/` is there without its `list-instances.json`; no instance is read',
  'snapshot/identity-center-invalid-principal-type': 'an account assignment\'s `PrincipalType` is neither `USER` nor `GROUP`; it is left out',
  'snapshot/identity-center-unlisted-folder': 'an Identity Center folder is not that of a listed instance or permission set',
  'snapshot/identity-center-unnamed-permission-set': 'a permission set was not described, so its name is unknown',
  'snapshot/invalid-account-folder': 'an account folder is not named by a 12-digit account id',
  'snapshot/invalid-collected-at': 'the manifest\'s `collectedAt` is not a date and time; when the snapshot was taken is unknown',
  'snapshot/invalid-json': 'a snapshot file is not valid JSON',
  'snapshot/invalid-name-encoding': 'a folder or file name holds a malformed URL escape',
  'snapshot/invalid-shape': 'a value of a snapshot file has the wrong type; it is read as absent',
  'snapshot/invalid-value': 'a value is not one the field accepts',
  'snapshot/management-account-unknown': 'the organization does not name its management account',
  'snapshot/missing-field': 'a field the snapshot needs is missing',
  'snapshot/name-mismatch': 'a policy file is named for another policy than the one it describes',
  'snapshot/no-accounts': 'the snapshot holds no account folder',
  'snapshot/no-manifest': 'the snapshot has no `manifest.json`',
  'snapshot/no-organization': 'the accounts belong to no organization',
  'snapshot/org-id-unknown': 'the organization\'s id is unknown',
  'snapshot/org-policies-not-collected': 'the organization\'s policies were not collected',
  'snapshot/org-tree-incomplete': 'part of the organization tree was not collected',
  'snapshot/org-tree-not-collected': 'the organization tree was not collected',
  'snapshot/organization-ignored': 'the manifest says the organization is not collected, so `organization/` is not read',
  'snapshot/organization-missing': 'the manifest says the organization was collected, but there is no `organization/` folder',
  'snapshot/scp-level-empty': 'a level of the organization has no SCP attached',
  'snapshot/secret-arn-unknown': 'a secret\'s ARN is unknown',
  'snapshot/several-roots': 'the organization lists more than one root; the first is used',
  'snapshot/targets-not-collected': 'where an organization policy is attached was not collected',
  'snapshot/unexpected-error-record': 'a file records an AWS error that does not mean "none" there',
  'snapshot/unknown-format': 'the manifest does not name the snapshot format',
  'snapshot/unknown-target': 'an organization policy is attached to a target not in the tree',
  'snapshot/unreadable-file': 'a snapshot file exists but cannot be read',
  'snapshot/unsupported-version': 'the manifest names a snapshot version this trustmap does not read',
  'snapshot/vpc-endpoint-missing-id': 'a VPC endpoint of `describe-vpc-endpoints` has no `VpcEndpointId`; it is left out',

  // trustmap what-can
  'what-can/invalid-action': '`--action` is not `service:Action`',
  'what-can/invalid-max-hops': '`--max-hops` is not a number from 0 to 10',
  'what-can/missing-flag': '`--principal` is missing',
  'what-can/unknown-principal': '`--principal` is not a principal of the estate',

  // trustmap who-can
  'who-can/invalid-action': '`--action` is not `service:Action`',
  'who-can/invalid-arn': '`--resource` is not an ARN',
  'who-can/invalid-limit': '`--limit` is not a whole number of 1 or more',
  'who-can/invalid-max-hops': '`--max-hops` is not a number from 0 to 10',
  'who-can/invalid-offset': '`--offset` is not a whole number of 0 or more',
  'who-can/missing-action': '`--action` is required because trustmap has no default actions for the resource',
  'who-can/missing-flag': '`--resource` is missing',

  // usage evidence (--cloudtrail, --unused-days)
  'usage/invalid-unused-days': '`--unused-days` is not a positive whole number',

  // YAML inputs (scenarios)
  'yaml/parse-error': 'the YAML file is not valid YAML',
  'yaml/warning': 'the YAML parser warned about the file',
} as const satisfies Record<string, string>;

export type DiagnosticCode = keyof typeof DIAGNOSTIC_CODES;

export function isDiagnosticCode(value: string): value is DiagnosticCode {
  return Object.prototype.hasOwnProperty.call(DIAGNOSTIC_CODES, value);
}
