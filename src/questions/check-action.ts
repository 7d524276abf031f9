import type { ServiceCatalog } from '../core/model/service-catalog.js';
import { closestMatch } from '../core/did-you-mean.js';
import type { QuestionProblem } from './question-problem.js';

export interface ActionCheckOptions {
  /** `--allow-unknown-action`: an action newer than the reference data is answered, with a warning and an assumption. */
  readonly allowUnknownAction?: boolean;
}

/**
 * Is `action` (`service:Action`, already well formed) one the bundled service reference data
 * knows, and does it take `resource`? An unknown action is an error with a did-you-mean (a
 * warning under `allowUnknownAction`); an action asked on a resource of a type it does not take is
 * an error naming the types it takes; an action that takes no resource is asked on `*` only.
 */
export function checkAction(action: string, resource: string | undefined, catalog: ServiceCatalog, options: ActionCheckOptions = {}): QuestionProblem[] {
  const colon = action.indexOf(':');
  const service = action.slice(0, colon);
  const name = action.slice(colon + 1);
  const severity = options.allowUnknownAction ? 'warning' : 'error';
  const allowHelp = 'if the action is newer than the reference data, `--allow-unknown-action` answers anyway and says so in the answer';
  if (!catalog.hasService(service)) {
    return [{ code: 'question/unknown-service', severity, message: `\`${service}\` is not a service in the service reference data (${catalog.dataVersion})`, help: allowHelp }];
  }
  const info = catalog.action(service, name);
  if (!info) {
    const near = closestMatch(`${service}:${name}`, catalog.actionsOf(service));
    return [{ code: 'question/unknown-action', severity, message: `\`${action}\` is not an action of \`${service}\` in the service reference data (${catalog.dataVersion})`, help: near ? `did you mean \`${near}\`? ${allowHelp}` : allowHelp }];
  }
  if (resource === undefined) return [];
  return checkResource(info.name, info.resourceTypes, resource, service, catalog);
}

/**
 * The reference data marks no type required where an action takes one of several (`s3:GetObject`:
 * an object or an access point object), so any listed type means the action acts on a resource.
 */
function checkResource(action: string, types: readonly string[], resource: string, service: string, catalog: ServiceCatalog): QuestionProblem[] {
  if (types.length === 0) {
    if (resource === '*') return [];
    return [{ code: 'question/action-not-for-resource', severity: 'error', message: `\`${action}\` takes no resource, so it is asked on \`*\`, not on \`${resource}\``, help: 'give `--resource "*"`' }];
  }
  if (resource === '*') {
    return [{ code: 'question/action-not-for-resource', severity: 'error', message: `\`${action}\` acts on a resource, not on \`*\``, help: `it takes ${describeTypes(action, types, service, catalog)}` }];
  }
  const formats = types.map((t) => catalog.resourceTypeArn(service, t));
  if (formats.some((f) => f === undefined || arnFormatMatcher(f).test(resource))) return [];
  // A KMS key may be named by an alias ARN: the engine asks about the key the alias points at
  // (https://docs.aws.amazon.com/kms/latest/developerguide/alias-authorization.html: access is to the key).
  if (service.toLowerCase() === 'kms' && types.includes('key') && KMS_ALIAS.test(resource)) return [];
  return [{ code: 'question/action-not-for-resource', severity: 'error', message: `\`${action}\` does not act on \`${resource}\``, help: `it takes ${describeTypes(action, types, service, catalog)}` }];
}

function describeTypes(action: string, types: readonly string[], service: string, catalog: ServiceCatalog): string {
  const listed = types.slice(0, 6).map((t) => `${t} (\`${catalog.resourceTypeArn(service, t) ?? '?'}\`)`);
  const more = types.length > 6 ? `, and ${types.length - 6} more resource types` : '';
  return `${listed.length === 1 ? 'a' : 'one of'} ${listed.join(', ')}${more}, as the service reference data lists them for \`${action}\``;
}

const KMS_ALIAS = /^arn:[^:]+:kms:[^:]*:\d{12}:alias\/.+$/;

const matchers = new Map<string, RegExp>();

/**
 * The ARN format of a resource type as a pattern: `${Partition}`, `${Region}` and `${Account}` are
 * one ARN field each; the last placeholder takes the rest of the ARN (an object key, a role path),
 * except a bucket name, which holds no `/`; other placeholders hold no `/`.
 */
export function arnFormatMatcher(format: string): RegExp {
  let matcher = matchers.get(format);
  if (matcher) return matcher;
  const parts = format.split(/(\$\{[^}]*\})/);
  const last = parts.length >= 2 && parts[parts.length - 1] === '' ? parts.length - 2 : -1;
  const source = parts
    .map((part, i) => {
      const placeholder = /^\$\{([^}]*)\}$/.exec(part)?.[1];
      if (placeholder === undefined) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      if (placeholder === 'Partition' || placeholder === 'Region' || placeholder === 'Account') return '[^:]*';
      if (i === last && placeholder !== 'BucketName') return '.+';
      return '[^/]+';
    })
    .join('');
  matcher = new RegExp(`^${source}$`);
  matchers.set(format, matcher);
  return matcher;
}
