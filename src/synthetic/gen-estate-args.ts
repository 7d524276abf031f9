import { parseArgs } from 'node:util';
import { DEFAULT_SEED, isSyntheticProfile, SYNTHETIC_PROFILES, syntheticOptionProblems, type SyntheticEstateOptions, type SyntheticProfile } from './synthetic-options.js';

export type GenEstateArgs =
  | { readonly kind: 'help' }
  | { readonly kind: 'run'; readonly options: SyntheticEstateOptions; readonly out: string }
  | { readonly kind: 'invalid'; readonly problems: readonly string[] };

export const GEN_ESTATE_USAGE = `usage: npm run gen:estate -- --accounts N --roles-per-account M --resources-per-account K --out DIR [--seed S] [--profile default|dense]

Writes a synthetic organization as a snapshot folder (docs/scale.md): a management account, nested
OUs with SCPs and RCPs, central CI and audit roles, vendor trusts, account-root trusts, shared
buckets with KMS, SNS to SQS across accounts, long role chains and users with access keys.

  --accounts N                 accounts in the organization (at least 5)
  --roles-per-account M        roles in each account (at least 8)
  --resources-per-account K    keys, buckets, queues, topics, functions and secrets in each account (at least 10)
  --out DIR                    the folder to write: absent, empty, or an earlier snapshot (replaced)
  --seed S                     the same seed gives the same estate (default \`${DEFAULT_SEED}\`)
  --profile default|dense      \`dense\` adds organization-wide buckets in every account, wildcard
                               app-role policies, account-root topic grants and app-to-app trusts
                               (default \`default\`: the estate above, unchanged)
  --identity-center            adds an IAM Identity Center instance in the management account
                               (users, groups, permission sets, assignments) and, in each account
                               a permission set is provisioned to, its AWSReservedSSO_ role and
                               SAML provider (default: none)
  -h, --help                   this text

Example:
  $ npm run gen:estate -- --accounts 1000 --roles-per-account 50 --resources-per-account 20 --out /tmp/org-1000

Exit codes: 0 written, 2 bad flags or a folder that cannot be written, 1 a bug in the generator.`;

const COUNTS = [
  ['accounts', 'accounts'],
  ['roles-per-account', 'rolesPerAccount'],
  ['resources-per-account', 'resourcesPerAccount'],
] as const;

/** Reads the command line of `gen:estate`; every problem is reported, not just the first. */
export function readGenEstateArgs(argv: readonly string[]): GenEstateArgs {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args: [...argv],
      options: {
        accounts: { type: 'string' },
        'roles-per-account': { type: 'string' },
        'resources-per-account': { type: 'string' },
        out: { type: 'string' },
        seed: { type: 'string' },
        profile: { type: 'string' },
        'identity-center': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (e) {
    return { kind: 'invalid', problems: [lowerFirst(e instanceof Error ? e.message : String(e))] };
  }
  if (values.help === true) return { kind: 'help' };
  const problems: string[] = [];
  const counts: Partial<Record<(typeof COUNTS)[number][1], number>> = {};
  for (const [flag, key] of COUNTS) {
    const text = values[flag];
    if (typeof text !== 'string') problems.push(`\`--${flag}\` is required`);
    else if (!/^\d+$/.test(text)) problems.push(`\`--${flag} ${text}\` is not a whole number`);
    else counts[key] = Number(text);
  }
  const out = values.out;
  if (typeof out !== 'string' || out === '') problems.push('`--out` is required: the folder to write the snapshot to');
  const seed = typeof values.seed === 'string' ? values.seed : DEFAULT_SEED;
  let profile: SyntheticProfile | undefined;
  if (typeof values.profile === 'string') {
    if (isSyntheticProfile(values.profile)) profile = values.profile;
    else problems.push(`\`--profile ${values.profile}\` is not a profile: use ${SYNTHETIC_PROFILES.map((p) => `\`${p}\``).join(' or ')}`);
  }
  if (problems.length > 0) return { kind: 'invalid', problems };
  const options: SyntheticEstateOptions = { accounts: counts.accounts!, rolesPerAccount: counts.rolesPerAccount!, resourcesPerAccount: counts.resourcesPerAccount!, seed, ...(profile !== undefined ? { profile } : {}), ...(values['identity-center'] === true ? { identityCenter: true } : {}) };
  const invalid = syntheticOptionProblems(options).map(toFlagWords);
  return invalid.length > 0 ? { kind: 'invalid', problems: invalid } : { kind: 'run', options, out: out as string };
}

/** Option names as the command line spells them (`rolesPerAccount` → `--roles-per-account`). */
function toFlagWords(problem: string): string {
  return problem.replace(/`(accounts|rolesPerAccount|resourcesPerAccount|seed|profile|identityCenter)`/, (_, key: string) => `\`--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}\``);
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1).replace(/\.$/, '');
}
