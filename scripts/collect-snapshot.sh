#!/usr/bin/env bash
# Collects a trustmap snapshot folder with nothing but the AWS CLI (v2): the verbatim JSON output of
# each read-only command, at the path the snapshot layout gives it (docs/inputs.md). An AWS error is
# recorded in place of the output as {"Error": {"Code": "...", "Message": "..."}}, so the reader can
# tell "none" (NoSuchBucketPolicy) from "could not read" (AccessDenied) from "not collected" (no file).
# A call refused with any error but the ones that mean "none" is also listed in refused-calls.json and
# on stderr, and decides the exit status (see the usage).

set -uo pipefail
set -f # names are never globs

usage() {
  cat <<'USAGE'
usage: collect-snapshot.sh -o DIR [-p PROFILE]... [-r REGIONS] [--organization auto|skip]
                          [--identity-center auto|skip] [--strict]

  -o, --output DIR        the snapshot folder to write (created; files already there are replaced)
  -p, --profile PROFILE   an AWS CLI profile; repeat it to collect several accounts into one snapshot
                          (default: the CLI's default credentials)
  -r, --regions LIST      comma-separated regions for KMS, SQS, SNS, Lambda, Secrets Manager and
                          CloudTrail (default: every region enabled for the account)
      --organization MODE auto (default): collect the organization when the credentials can read it
                          (the management account or a delegated administrator); skip: do not try
      --identity-center MODE  auto (default): collect IAM Identity Center from the first profile and
                          region where `sso-admin list-instances` lists an instance (the management
                          account or Identity Center's delegated administrator); skip: do not try
      --strict            exit 3 when any call was refused, not only an account's IAM export
  -h, --help              this help

Only read-only calls are made (iam:Get*/List*, s3:GetBucket*, kms:Describe*/Get*/List*,
organizations:Describe*/List*, sso:Describe*/Get*/List*, identitystore:List*, ...). The account's SecurityAudit managed policy allows them all.

A call that fails with an error other than one meaning "none" (NoSuchBucketPolicy, ...) is refused:
its error is written in place of its output ({"Error": {"Code": "AccessDenied", "Message": "..."}},
"CallFailed" when the CLI names no code), it is listed in <DIR>/refused-calls.json and on stderr,
and collection goes on with the other calls and accounts.

Exit status:
  0  collected; refused calls other than IAM exports are warnings (unless --strict)
  2  bad usage, or no AWS CLI
  3  an account's `iam get-account-authorization-details` was refused, a profile's account could
     not be told (sts get-caller-identity failed), or, with --strict, any call was refused
  4  no account was collected (no or expired credentials for every profile)
USAGE
}

OUT=""
PROFILES=()
REGIONS=""
ORG_MODE=auto
ORG_STATUS=not-collected
IC_MODE=auto
IC_DONE=0          # set once identity-center/ was collected (from one profile only)
ACCOUNT_REGIONS="" # the regions the last account was collected in
PARTITION=aws
STRICT=0
ACCOUNT="" # the account being collected (12 digits), once sts told it
WORK=""    # a scratch folder for the run: the refusals, one JSON record and one stderr line each
export AWS_PAGER=""

# --- helpers -----------------------------------------------------------------------------------

log() { printf 'collect-snapshot: %s\n' "$*" >&2; }

# A JSON string body: backslashes and quotes escaped, control characters turned into spaces.
json_escape() {
  local s=$1
  s=${s//\\/\\\\}
  s=${s//\"/\\\"}
  s=${s//$'\n'/ }
  s=${s//$'\r'/ }
  s=${s//$'\t'/ }
  printf '%s' "$s"
}

# A name as one path segment: everything but unreserved characters percent-encoded (RFC 3986).
urlencode() {
  local LC_ALL=C s=$1 out='' c i
  for ((i = 0; i < ${#s}; i++)); do
    c=${s:i:1}
    case $c in
      [a-zA-Z0-9._~-]) out+=$c ;;
      *) printf -v c '%%%02X' "'$c"; out+=$c ;;
    esac
  done
  printf '%s' "$out"
}

# The AWS error code in the CLI's message: "An error occurred (NoSuchBucketPolicy) when calling ...".
error_code() {
  sed -n 's/.*An error occurred (\([^)]*\)).*/\1/p' "$1" | head -n 1
}

# The message after the code ("... operation: Access Denied"), or all the CLI printed when it names none.
error_message() {
  local message
  message=$(sed -n 's/.*An error occurred ([^)]*) when calling the [^ ]* operation[^:]*: //p' "$1" | head -n 1)
  [[ -n $message ]] || message=$(cat "$1")
  printf '%s' "$message" | tr '\n\r\t' '   ' | sed -e 's/^ *//' -e 's/ *$//'
}

# The error codes that mean "none" for a call (docs/inputs.md), space-separated.
none_codes() {
  case "$1 $2" in
    "s3api get-bucket-policy") echo NoSuchBucketPolicy ;;
    "s3api get-bucket-ownership-controls") echo OwnershipControlsNotFoundError ;;
    "s3api get-public-access-block" | "s3control get-public-access-block") echo NoSuchPublicAccessBlockConfiguration ;;
    "s3api get-bucket-encryption") echo ServerSideEncryptionConfigurationNotFoundError ;;
    "s3api get-bucket-tagging") echo NoSuchTagSet ;;
    "lambda get-policy" | "secretsmanager get-resource-policy") echo ResourceNotFoundException ;;
    "organizations describe-organization") echo AWSOrganizationsNotInUseException ;;
    "sso-admin get-permissions-boundary-for-permission-set") echo ResourceNotFoundException ;;
  esac
}

means_none() {
  local code=$1 none
  shift
  for none in $(none_codes "$@"); do [[ $code == "$none" ]] && return 0; done
  return 1
}

# A JSON string, or null for an empty value.
json_string_or_null() {
  if [[ -n $1 ]]; then printf '"%s"' "$(json_escape "$1")"; else printf 'null'; fi
}

# refuse FILE CODE MESSAGE ARGS...: lists a refused call (FILE is the snapshot file holding its error
# record, or empty for a listing the layout keeps no file of). Appends to files, not variables, since
# listings run in subshells.
refuse() {
  local file=$1 code=$2 message=$3 call region='' rel='' i
  shift 3
  call="$1 ${2:-}"
  for ((i = 1; i < $#; i++)); do
    [[ ${!i} == --region ]] && { i=$((i + 1)); region=${!i}; }
  done
  [[ -n $file ]] && rel=${file#"$OUT"/}
  printf '{"account": %s, "profile": %s, "call": "%s", "file": %s, "region": %s, "code": "%s", "message": "%s"}\n' \
    "$(json_string_or_null "$ACCOUNT")" "$(json_string_or_null "${PROFILE:-}")" "$(json_escape "$call")" \
    "$(json_string_or_null "$rel")" "$(json_string_or_null "$region")" "$(json_escape "$code")" \
    "$(json_escape "$(printf '%s' "$message" | tr '\n\r\t' '   ')")" >>"$WORK/refused.jsonl"
  local who="account ${ACCOUNT:-?}"
  [[ -n $ACCOUNT ]] || who="profile '${PROFILE:-default}'"
  if [[ $call == "iam get-account-authorization-details" ]]; then
    printf '%s: %s refused (%s): its IAM is not collected\n' "$who" "$call" "$code" >>"$WORK/fatal.txt"
  elif [[ $call == "sts get-caller-identity" ]]; then
    printf '%s: %s refused (%s): its account is not collected\n' "$who" "$call" "$code" >>"$WORK/fatal.txt"
  elif [[ -n $rel ]]; then
    printf 'warning: %s: %s refused (%s): %s is recorded as unknown\n' "$who" "$call" "$code" "$rel" >>"$WORK/warnings.txt"
  else
    printf 'warning: %s: %s refused (%s)%s: what it lists is not collected\n' "$who" "$call" "$code" "${region:+ in $region}" >>"$WORK/warnings.txt"
  fi
}

# The error record the layout asks for, in place of a command's output.
write_error() {
  local file=$1 code=$2 message
  message=$(printf '%s' "$3" | tr '\n\r\t' '   ' | sed -e 's/^ *//' -e 's/ *$//')
  printf '{"Error": {"Code": "%s", "Message": "%s"}}\n' "$(json_escape "$code")" "$(json_escape "$message")" >"$file"
}

awsp() {
  if [[ -n ${PROFILE:-} ]]; then aws --profile "$PROFILE" "$@"; else aws "$@"; fi
}

# fetch FILE ARGS...: the JSON output of `aws ARGS...` into FILE, or its error record. Returns 0 on
# success, 1 on an error that means "none" for the call, 2 on any other error (the call was refused);
# FETCH_CODE and FETCH_MESSAGE then hold the error.
FETCH_CODE=""
FETCH_MESSAGE=""
fetch() {
  local file=$1 err
  shift
  FETCH_CODE=""
  FETCH_MESSAGE=""
  mkdir -p "$(dirname "$file")"
  err=$(mktemp)
  if awsp "$@" --output json >"$file.part" 2>"$err"; then
    [[ -s $file.part ]] || printf '{}\n' >"$file.part"
    mv "$file.part" "$file"
    rm -f "$err"
    return 0
  fi
  rm -f "$file.part"
  FETCH_CODE=$(error_code "$err")
  FETCH_CODE=${FETCH_CODE:-CallFailed}
  FETCH_MESSAGE=$(error_message "$err")
  write_error "$file" "$FETCH_CODE" "$FETCH_MESSAGE"
  rm -f "$err"
  if means_none "$FETCH_CODE" "$@"; then return 1; fi
  return 2
}

# capture FILE ARGS...: fetch, and a refused call listed as refused. Fails on any error.
capture() {
  local file=$1 rc
  shift
  fetch "$file" "$@"
  rc=$?
  ((rc == 2)) && refuse "$file" "$FETCH_CODE" "$FETCH_MESSAGE" "$@"
  return "$rc"
}

# The values a --query selects, one per line ("None" and empty lines dropped). Used again for a call
# just captured, whose refusal is already listed: see enumerate for the others.
list() {
  awsp "$@" --output text 2>/dev/null | tr '\t' '\n' | sed -e '/^None$/d' -e '/^$/d'
}

# enumerate ARGS...: list, for a listing the layout keeps no file of (list-keys, list-queues...); a
# refusal is listed as refused, and the call fails.
enumerate() {
  local err out code
  err=$(mktemp)
  if out=$(awsp "$@" --output text 2>"$err"); then
    rm -f "$err"
    printf '%s\n' "$out" | tr '\t' '\n' | sed -e '/^None$/d' -e '/^$/d'
    return 0
  fi
  code=$(error_code "$err")
  refuse "" "${code:-CallFailed}" "$(error_message "$err")" "$@"
  rm -f "$err"
  return 1
}

recorded_code() {
  sed -n 's/.*"Code": "\([^"]*\)".*/\1/p' "$1" | head -n 1
}

# --- organization -------------------------------------------------------------------------------

collect_organization() {
  local dir=$OUT/organization probe parent type id
  probe=$(mktemp -d)
  # The probe is how auto mode tells whether these credentials can read the organization: its errors
  # are logged, not listed as refused.
  if ! fetch "$probe/describe-organization.json" organizations describe-organization; then
    if [[ $(recorded_code "$probe/describe-organization.json") == AWSOrganizationsNotInUseException ]]; then
      ORG_STATUS=none
      log "the account belongs to no organization"
    else
      log "the organization cannot be read with these credentials ($(recorded_code "$probe/describe-organization.json")); it is left out"
    fi
    rm -rf "$probe"
    return
  fi
  if ! fetch "$probe/list-roots.json" organizations list-roots; then
    log "list-roots was refused ($(recorded_code "$probe/list-roots.json")): run from the management account or a delegated administrator to collect the organization"
    rm -rf "$probe"
    return
  fi
  rm -rf "$dir"
  mkdir -p "$dir/children" "$dir/policies" "$dir/targets"
  mv "$probe/describe-organization.json" "$probe/list-roots.json" "$dir/"
  rm -rf "$probe"
  ORG_STATUS=collected

  local queue=()
  mapfile -t queue < <(list organizations list-roots --query 'Roots[].Id')
  while ((${#queue[@]} > 0)); do
    parent=${queue[0]}
    queue=("${queue[@]:1}")
    capture "$dir/children/$parent.ous.json" organizations list-organizational-units-for-parent --parent-id "$parent"
    capture "$dir/children/$parent.accounts.json" organizations list-accounts-for-parent --parent-id "$parent"
    mapfile -t -O "${#queue[@]}" queue < <(list organizations list-organizational-units-for-parent --parent-id "$parent" --query 'OrganizationalUnits[].Id')
  done
  for type in SERVICE_CONTROL_POLICY RESOURCE_CONTROL_POLICY; do
    for id in $(enumerate organizations list-policies --filter "$type" --query 'Policies[].Id'); do
      capture "$dir/policies/$id.json" organizations describe-policy --policy-id "$id"
      capture "$dir/targets/$id.json" organizations list-targets-for-policy --policy-id "$id"
    done
  done
}

# --- IAM Identity Center ---------------------------------------------------------------------------

# collect_identity_center REGIONS: identity-center/ (docs/inputs.md, "Identity Center") from the first
# region, the profile's own first, where `sso-admin list-instances` lists an instance: the management
# account or Identity Center's delegated administrator (a member account lists only its own account
# instances). As for the organization, the probe's errors are logged, not listed as refused. The CLI
# paginates every list itself.
collect_identity_center() {
  local regions=$1 probe region found="" dir arn store base ps psdir account group
  probe=$(mktemp -d)
  for region in $( (awsp configure get region 2>/dev/null; printf '%s\n' ${regions//,/ }) | sed '/^$/d' | awk '!seen[$0]++'); do
    if fetch "$probe/list-instances.json" sso-admin list-instances --region "$region" &&
      [[ -n $(list sso-admin list-instances --region "$region" --query 'Instances[].InstanceArn') ]]; then
      found=$region
      break
    fi
  done
  if [[ -z $found ]]; then
    log "no IAM Identity Center instance is readable with profile '${PROFILE:-default}'${FETCH_CODE:+ ($FETCH_CODE)}; run from the management account or Identity Center's delegated administrator to collect it"
    rm -rf "$probe"
    return
  fi
  dir=$OUT/identity-center
  rm -rf "$dir"
  mkdir -p "$dir"
  mv "$probe/list-instances.json" "$dir/"
  rm -rf "$probe"
  IC_DONE=1
  log "  IAM Identity Center ($found)"
  while IFS=$'\t' read -r arn store; do
    [[ -n $arn && -n $store ]] || continue
    base=$dir/${arn##*/}
    capture "$base/list-permission-sets.json" sso-admin list-permission-sets --instance-arn "$arn" --region "$found"
    for ps in $(list sso-admin list-permission-sets --instance-arn "$arn" --region "$found" --query 'PermissionSets'); do
      psdir=$base/permission-sets/${ps##*/}
      capture "$psdir/describe-permission-set.json" sso-admin describe-permission-set --instance-arn "$arn" --permission-set-arn "$ps" --region "$found"
      capture "$psdir/get-inline-policy-for-permission-set.json" sso-admin get-inline-policy-for-permission-set --instance-arn "$arn" --permission-set-arn "$ps" --region "$found"
      capture "$psdir/list-managed-policies-in-permission-set.json" sso-admin list-managed-policies-in-permission-set --instance-arn "$arn" --permission-set-arn "$ps" --region "$found"
      capture "$psdir/list-customer-managed-policy-references-in-permission-set.json" sso-admin list-customer-managed-policy-references-in-permission-set --instance-arn "$arn" --permission-set-arn "$ps" --region "$found"
      capture "$psdir/get-permissions-boundary-for-permission-set.json" sso-admin get-permissions-boundary-for-permission-set --instance-arn "$arn" --permission-set-arn "$ps" --region "$found"
      capture "$psdir/list-accounts-for-provisioned-permission-set.json" sso-admin list-accounts-for-provisioned-permission-set --instance-arn "$arn" --permission-set-arn "$ps" --region "$found"
      for account in $(list sso-admin list-accounts-for-provisioned-permission-set --instance-arn "$arn" --permission-set-arn "$ps" --region "$found" --query 'AccountIds'); do
        capture "$psdir/assignments/$account.json" sso-admin list-account-assignments --instance-arn "$arn" --account-id "$account" --permission-set-arn "$ps" --region "$found"
      done
    done
    capture "$base/identitystore/list-users.json" identitystore list-users --identity-store-id "$store" --region "$found"
    capture "$base/identitystore/list-groups.json" identitystore list-groups --identity-store-id "$store" --region "$found"
    for group in $(list identitystore list-groups --identity-store-id "$store" --region "$found" --query 'Groups[].GroupId'); do
      capture "$base/identitystore/group-memberships/$group.json" identitystore list-group-memberships --identity-store-id "$store" --group-id "$group" --region "$found"
    done
  done < <(awsp sso-admin list-instances --region "$found" --query 'Instances[].[InstanceArn,IdentityStoreId]' --output text 2>/dev/null)
}

# --- one account ---------------------------------------------------------------------------------

collect_iam() {
  local base=$1 user
  capture "$base/iam/get-account-authorization-details.json" iam get-account-authorization-details
  capture "$base/iam/list-saml-providers.json" iam list-saml-providers
  capture "$base/iam/list-open-id-connect-providers.json" iam list-open-id-connect-providers
  for user in $(enumerate iam list-users --query 'Users[].UserName'); do
    capture "$base/iam/access-keys/$(urlencode "$user").json" iam list-access-keys --user-name "$user"
  done
}

collect_s3() {
  local base=$1 account=$2 bucket region dir
  capture "$base/s3/list-buckets.json" s3api list-buckets
  capture "$base/s3control/get-public-access-block.json" s3control get-public-access-block --account-id "$account"
  for bucket in $(list s3api list-buckets --query 'Buckets[].Name'); do
    dir=$base/s3/$(urlencode "$bucket")
    capture "$dir/get-bucket-location.json" s3api get-bucket-location --bucket "$bucket"
    region=$(list s3api get-bucket-location --bucket "$bucket" --query 'LocationConstraint')
    case $region in "") region=us-east-1 ;; EU) region=eu-west-1 ;; esac
    capture "$dir/get-bucket-policy.json" s3api get-bucket-policy --bucket "$bucket" --region "$region"
    capture "$dir/get-bucket-ownership-controls.json" s3api get-bucket-ownership-controls --bucket "$bucket" --region "$region"
    capture "$dir/get-public-access-block.json" s3api get-public-access-block --bucket "$bucket" --region "$region"
    capture "$dir/get-bucket-encryption.json" s3api get-bucket-encryption --bucket "$bucket" --region "$region"
    capture "$dir/get-bucket-acl.json" s3api get-bucket-acl --bucket "$bucket" --region "$region"
    capture "$dir/get-bucket-tagging.json" s3api get-bucket-tagging --bucket "$bucket" --region "$region"
  done
}

collect_region() {
  local base=$1 region=$2 key url name arn fn secret dir listed
  # A service's region folder is made only when its listing succeeded: without one, the loader takes
  # the service as not collected rather than as holding nothing.
  if listed=$(enumerate kms list-keys --region "$region" --query 'Keys[].KeyId'); then
    mkdir -p "$base/kms/$region"
    capture "$base/kms/$region/list-aliases.json" kms list-aliases --region "$region"
  else
    listed=""
  fi
  for key in $listed; do
    dir=$base/kms/$region/$key
    capture "$dir/describe-key.json" kms describe-key --key-id "$key" --region "$region"
    capture "$dir/get-key-policy.json" kms get-key-policy --key-id "$key" --policy-name default --region "$region"
    capture "$dir/list-grants.json" kms list-grants --key-id "$key" --region "$region"
    capture "$dir/list-resource-tags.json" kms list-resource-tags --key-id "$key" --region "$region"
  done
  if listed=$(enumerate sqs list-queues --region "$region" --query 'QueueUrls'); then mkdir -p "$base/sqs/$region"; else listed=""; fi
  for url in $listed; do
    dir=$base/sqs/$region/$(urlencode "${url##*/}")
    capture "$dir/get-queue-attributes.json" sqs get-queue-attributes --queue-url "$url" --attribute-names All --region "$region"
    capture "$dir/list-queue-tags.json" sqs list-queue-tags --queue-url "$url" --region "$region"
  done
  if listed=$(enumerate sns list-topics --region "$region" --query 'Topics[].TopicArn'); then mkdir -p "$base/sns/$region"; else listed=""; fi
  for arn in $listed; do
    dir=$base/sns/$region/$(urlencode "${arn##*:}")
    capture "$dir/get-topic-attributes.json" sns get-topic-attributes --topic-arn "$arn" --region "$region"
    capture "$dir/list-tags-for-resource.json" sns list-tags-for-resource --resource-arn "$arn" --region "$region"
  done
  if listed=$(enumerate lambda list-functions --region "$region" --query 'Functions[].FunctionName'); then mkdir -p "$base/lambda/$region"; else listed=""; fi
  for fn in $listed; do
    capture "$base/lambda/$region/$(urlencode "$fn")/get-policy.json" lambda get-policy --function-name "$fn" --region "$region"
  done
  if listed=$(enumerate secretsmanager list-secrets --region "$region" --query 'SecretList[].Name'); then mkdir -p "$base/secretsmanager/$region"; else listed=""; fi
  for secret in $listed; do
    dir=$base/secretsmanager/$region/$(urlencode "$secret")
    capture "$dir/describe-secret.json" secretsmanager describe-secret --secret-id "$secret" --region "$region"
    capture "$dir/get-resource-policy.json" secretsmanager get-resource-policy --secret-id "$secret" --region "$region"
  done
  capture "$base/cloudtrail/$region/describe-trails.json" cloudtrail describe-trails --region "$region"
}

# Sets ACCOUNT (and PARTITION) from the profile's credentials; fails, listing the call as refused,
# when sts cannot tell them (no credentials, expired ones).
identify_account() {
  local account arn err code
  ACCOUNT=""
  err=$(mktemp)
  if ! account=$(awsp sts get-caller-identity --query Account --output text 2>"$err") || [[ ! $account =~ ^[0-9]{12}$ ]]; then
    code=$(error_code "$err")
    refuse "" "${code:-CallFailed}" "$(error_message "$err")" sts get-caller-identity
    log "cannot tell the account of profile '${PROFILE:-default}' (sts get-caller-identity failed: ${code:-CallFailed}); skipped"
    rm -f "$err"
    return 1
  fi
  rm -f "$err"
  ACCOUNT=$account
  arn=$(awsp sts get-caller-identity --query Arn --output text 2>/dev/null)
  PARTITION=$(printf '%s' "$arn" | cut -d: -f2)
  [[ -n $PARTITION ]] || PARTITION=aws
}

collect_account() {
  local account=$ACCOUNT regions region
  log "account $account (profile ${PROFILE:-default})"
  local base=$OUT/accounts/$account
  mkdir -p "$base"
  collect_iam "$base"
  collect_s3 "$base" "$account"
  regions=$REGIONS
  [[ -n $regions ]] || regions=$(enumerate ec2 describe-regions --query 'Regions[].RegionName' | paste -sd, -)
  [[ -n $regions ]] || regions=$(awsp configure get region 2>/dev/null)
  for region in ${regions//,/ }; do
    log "  region $region"
    collect_region "$base" "$region"
  done
  ACCOUNT_REGIONS=$regions
}

write_manifest() {
  printf '{\n  "format": "trustmap-snapshot",\n  "version": 1,\n  "partition": "%s",\n  "collectedAt": "%s",\n  "collector": "aws-cli",\n  "organization": "%s"\n}\n' \
    "$(json_escape "$PARTITION")" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$ORG_STATUS" >"$OUT/manifest.json"
}

main() {
  while (($# > 0)); do
    case $1 in
      -o | --output) OUT=${2:-}; shift 2 || break ;;
      -p | --profile) PROFILES+=("${2:-}"); shift 2 || break ;;
      -r | --regions) REGIONS=${2:-}; shift 2 || break ;;
      --organization) ORG_MODE=${2:-}; shift 2 || break ;;
      --identity-center) IC_MODE=${2:-}; shift 2 || break ;;
      --strict) STRICT=1; shift ;;
      -h | --help) usage; return 0 ;;
      *) log "unknown option: $1"; usage >&2; return 2 ;;
    esac
  done
  if [[ -z $OUT ]]; then
    log "an output folder is required (-o DIR)"
    usage >&2
    return 2
  fi
  case $ORG_MODE in auto | skip) ;; *) log "--organization takes auto or skip"; return 2 ;; esac
  case $IC_MODE in auto | skip) ;; *) log "--identity-center takes auto or skip"; return 2 ;; esac
  command -v aws >/dev/null 2>&1 || { log "the AWS CLI (aws) is not installed"; return 2; }
  mkdir -p "$OUT/accounts" || return 2
  WORK=$(mktemp -d) || return 2
  trap 'rm -rf "$WORK"' EXIT
  : >"$WORK/refused.jsonl"
  : >"$WORK/fatal.txt"
  : >"$WORK/warnings.txt"
  ((${#PROFILES[@]} > 0)) || PROFILES=("")
  local collected=0 status
  for PROFILE in "${PROFILES[@]}"; do
    identify_account || continue
    if [[ $ORG_MODE == auto && $ORG_STATUS != collected ]]; then collect_organization; fi
    collect_account
    if [[ $IC_MODE == auto && $IC_DONE == 0 ]]; then collect_identity_center "$ACCOUNT_REGIONS"; fi
    collected=$((collected + 1))
  done
  ACCOUNT=""
  write_refusals
  write_manifest
  log "wrote $OUT ($collected account(s), organization $ORG_STATUS, $(wc -l <"$WORK/refused.jsonl" | tr -d ' ') refused call(s))"
  status=$(exit_status "$collected")
  rm -rf "$WORK"
  return "$status"
}

# refused-calls.json: a JSON array of the refused calls, [] when there is none.
write_refusals() {
  {
    if [[ -s $WORK/refused.jsonl ]]; then
      printf '[\n'
      sed -e 's/^/  /' -e '$!s/$/,/' "$WORK/refused.jsonl"
      printf ']\n'
    else
      printf '[]\n'
    fi
  } >"$OUT/refused-calls.json"
}

# Reports the refusals on stderr, and prints the exit status: 4 no account, 3 an IAM export refused
# (or a profile's account unknown), or any refusal under --strict; 0 otherwise.
exit_status() {
  local collected=$1 line refused
  while IFS= read -r line; do log "$line"; done <"$WORK/warnings.txt"
  while IFS= read -r line; do log "$line"; done <"$WORK/fatal.txt"
  if ((collected == 0)); then
    log "no account was collected: no profile's credentials could tell their account (sts get-caller-identity; are credentials configured and current?)"
    echo 4
  elif [[ -s $WORK/fatal.txt ]]; then
    log "the snapshot is incomplete: $(wc -l <"$WORK/fatal.txt" | tr -d ' ') account(s) or profile(s) not collected in full (see $OUT/refused-calls.json)"
    echo 3
  elif ((STRICT == 1)) && [[ -s $WORK/refused.jsonl ]]; then
    refused=$(wc -l <"$WORK/refused.jsonl" | tr -d ' ')
    log "--strict: $refused call(s) refused (see $OUT/refused-calls.json)"
    echo 3
  else
    echo 0
  fi
}

if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
  main "$@"
fi
