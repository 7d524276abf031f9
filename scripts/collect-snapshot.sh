#!/usr/bin/env bash
# Collects a trustmap snapshot folder with nothing but the AWS CLI (v2): the verbatim JSON output of
# each read-only command, at the path the snapshot layout gives it (docs/inputs.md). An AWS error is
# recorded in place of the output as {"Error": {"Code": "...", "Message": "..."}}, so the reader can
# tell "none" (NoSuchBucketPolicy) from "could not read" (AccessDenied) from "not collected" (no file).

set -uo pipefail
set -f # names are never globs

usage() {
  cat <<'USAGE'
usage: collect-snapshot.sh -o DIR [-p PROFILE]... [-r REGIONS] [--organization auto|skip]

  -o, --output DIR        the snapshot folder to write (created; files already there are replaced)
  -p, --profile PROFILE   an AWS CLI profile; repeat it to collect several accounts into one snapshot
                          (default: the CLI's default credentials)
  -r, --regions LIST      comma-separated regions for KMS, SQS, SNS, Lambda, Secrets Manager and
                          CloudTrail (default: every region enabled for the account)
      --organization MODE auto (default): collect the organization when the credentials can read it
                          (the management account or a delegated administrator); skip: do not try
  -h, --help              this help

Only read-only calls are made (iam:Get*/List*, s3:GetBucket*, kms:Describe*/Get*/List*,
organizations:Describe*/List*, ...). The account's SecurityAudit managed policy allows them all.
USAGE
}

OUT=""
PROFILES=()
REGIONS=""
ORG_MODE=auto
ORG_STATUS=not-collected
PARTITION=aws
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

# The error record the layout asks for, in place of a command's output.
write_error() {
  local file=$1 code=$2 message
  message=$(printf '%s' "$3" | tr '\n\r\t' '   ' | sed -e 's/^ *//' -e 's/ *$//')
  printf '{"Error": {"Code": "%s", "Message": "%s"}}\n' "$(json_escape "$code")" "$(json_escape "$message")" >"$file"
}

awsp() {
  if [[ -n ${PROFILE:-} ]]; then aws --profile "$PROFILE" "$@"; else aws "$@"; fi
}

# capture FILE ARGS...: the JSON output of `aws ARGS...` into FILE, or its error record. Fails on error.
capture() {
  local file=$1 err code
  shift
  mkdir -p "$(dirname "$file")"
  err=$(mktemp)
  if awsp "$@" --output json >"$file.part" 2>"$err"; then
    [[ -s $file.part ]] || printf '{}\n' >"$file.part"
    mv "$file.part" "$file"
    rm -f "$err"
    return 0
  fi
  rm -f "$file.part"
  code=$(error_code "$err")
  write_error "$file" "${code:-CollectorError}" "$(cat "$err")"
  rm -f "$err"
  return 1
}

# The values a --query selects, one per line ("None" and empty lines dropped).
list() {
  awsp "$@" --output text 2>/dev/null | tr '\t' '\n' | sed -e '/^None$/d' -e '/^$/d'
}

recorded_code() {
  sed -n 's/.*"Code": "\([^"]*\)".*/\1/p' "$1" | head -n 1
}

# --- organization -------------------------------------------------------------------------------

collect_organization() {
  local dir=$OUT/organization probe parent type id
  probe=$(mktemp -d)
  if ! capture "$probe/describe-organization.json" organizations describe-organization; then
    if [[ $(recorded_code "$probe/describe-organization.json") == AWSOrganizationsNotInUseException ]]; then
      ORG_STATUS=none
      log "the account belongs to no organization"
    else
      log "the organization cannot be read with these credentials ($(recorded_code "$probe/describe-organization.json")); it is left out"
    fi
    rm -rf "$probe"
    return
  fi
  if ! capture "$probe/list-roots.json" organizations list-roots; then
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
    for id in $(list organizations list-policies --filter "$type" --query 'Policies[].Id'); do
      capture "$dir/policies/$id.json" organizations describe-policy --policy-id "$id"
      capture "$dir/targets/$id.json" organizations list-targets-for-policy --policy-id "$id"
    done
  done
}

# --- one account ---------------------------------------------------------------------------------

collect_iam() {
  local base=$1 user
  capture "$base/iam/get-account-authorization-details.json" iam get-account-authorization-details
  capture "$base/iam/list-saml-providers.json" iam list-saml-providers
  capture "$base/iam/list-open-id-connect-providers.json" iam list-open-id-connect-providers
  for user in $(list iam list-users --query 'Users[].UserName'); do
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
  local base=$1 region=$2 key url name arn fn secret dir
  mkdir -p "$base/kms/$region"
  capture "$base/kms/$region/list-aliases.json" kms list-aliases --region "$region"
  for key in $(list kms list-keys --region "$region" --query 'Keys[].KeyId'); do
    dir=$base/kms/$region/$key
    capture "$dir/describe-key.json" kms describe-key --key-id "$key" --region "$region"
    capture "$dir/get-key-policy.json" kms get-key-policy --key-id "$key" --policy-name default --region "$region"
    capture "$dir/list-grants.json" kms list-grants --key-id "$key" --region "$region"
    capture "$dir/list-resource-tags.json" kms list-resource-tags --key-id "$key" --region "$region"
  done
  mkdir -p "$base/sqs/$region"
  for url in $(list sqs list-queues --region "$region" --query 'QueueUrls'); do
    dir=$base/sqs/$region/$(urlencode "${url##*/}")
    capture "$dir/get-queue-attributes.json" sqs get-queue-attributes --queue-url "$url" --attribute-names All --region "$region"
    capture "$dir/list-queue-tags.json" sqs list-queue-tags --queue-url "$url" --region "$region"
  done
  mkdir -p "$base/sns/$region"
  for arn in $(list sns list-topics --region "$region" --query 'Topics[].TopicArn'); do
    dir=$base/sns/$region/$(urlencode "${arn##*:}")
    capture "$dir/get-topic-attributes.json" sns get-topic-attributes --topic-arn "$arn" --region "$region"
    capture "$dir/list-tags-for-resource.json" sns list-tags-for-resource --resource-arn "$arn" --region "$region"
  done
  mkdir -p "$base/lambda/$region"
  for fn in $(list lambda list-functions --region "$region" --query 'Functions[].FunctionName'); do
    capture "$base/lambda/$region/$(urlencode "$fn")/get-policy.json" lambda get-policy --function-name "$fn" --region "$region"
  done
  mkdir -p "$base/secretsmanager/$region"
  for secret in $(list secretsmanager list-secrets --region "$region" --query 'SecretList[].Name'); do
    dir=$base/secretsmanager/$region/$(urlencode "$secret")
    capture "$dir/describe-secret.json" secretsmanager describe-secret --secret-id "$secret" --region "$region"
    capture "$dir/get-resource-policy.json" secretsmanager get-resource-policy --secret-id "$secret" --region "$region"
  done
  capture "$base/cloudtrail/$region/describe-trails.json" cloudtrail describe-trails --region "$region"
}

collect_account() {
  local account arn regions region
  if ! account=$(awsp sts get-caller-identity --query Account --output text 2>/dev/null) || [[ ! $account =~ ^[0-9]{12}$ ]]; then
    log "cannot tell the account of profile '${PROFILE:-default}' (sts get-caller-identity failed); skipped"
    return 1
  fi
  arn=$(awsp sts get-caller-identity --query Arn --output text 2>/dev/null)
  PARTITION=$(printf '%s' "$arn" | cut -d: -f2)
  [[ -n $PARTITION ]] || PARTITION=aws
  log "account $account (profile ${PROFILE:-default})"
  local base=$OUT/accounts/$account
  mkdir -p "$base"
  collect_iam "$base"
  collect_s3 "$base" "$account"
  regions=$REGIONS
  [[ -n $regions ]] || regions=$(list ec2 describe-regions --query 'Regions[].RegionName' | paste -sd, -)
  [[ -n $regions ]] || regions=$(awsp configure get region 2>/dev/null)
  for region in ${regions//,/ }; do
    log "  region $region"
    collect_region "$base" "$region"
  done
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
  command -v aws >/dev/null 2>&1 || { log "the AWS CLI (aws) is not installed"; return 2; }
  mkdir -p "$OUT/accounts"
  ((${#PROFILES[@]} > 0)) || PROFILES=("")
  local collected=0
  for PROFILE in "${PROFILES[@]}"; do
    if [[ $ORG_MODE == auto && $ORG_STATUS != collected ]]; then collect_organization; fi
    collect_account && collected=$((collected + 1))
  done
  write_manifest
  log "wrote $OUT ($collected account(s), organization $ORG_STATUS)"
  ((collected > 0))
}

if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
  main "$@"
fi
