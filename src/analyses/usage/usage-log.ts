import type { CloudTrailRecord } from '../../core/cloudtrail/cloudtrail-record.js';
import { outcomeOfRecord } from '../../core/cloudtrail/record-outcome.js';
import { requestOfRecord } from '../../core/cloudtrail/record-request.js';
import type { Estate } from '../../core/model/estate.js';

/** How often, and between which times, something was seen. */
export interface SeenStats {
  count: number;
  first: number;
  last: number;
}

/** One caller's successful calls of one action on one resource. */
export interface UsageRow extends SeenStats {
  /** `role:<account>:<name>`, `user:<account>:<name>`, `root:<account>`, `service:<name>`, `provider:<arn>`. */
  readonly caller: string;
  readonly account?: string;
  /** IAM Identity Center roles: the sessions by name (the person's user name), for the people behind the role. */
  readonly sessions?: Map<string, SeenStats>;
}

/**
 * What was really used: the successful calls of the logs, counted by (action, resource, caller),
 * with the first and last time seen (docs/cloudtrail.md#usage). Memory grows with the distinct
 * triples, not with the records: an object's calls count against its bucket (`bucket/*`), a role
 * session's against its role.
 */
export class UsageLog {
  private readonly byTarget = new Map<string, Map<string, UsageRow>>();
  /** IAM Identity Center roles (`role:<account>:AWSReservedSSO_…`): the sessions seen, by name, whatever they called. */
  private readonly ssoSessions = new Map<string, Map<string, SeenStats>>();
  records = 0;
  used = 0;
  from = Infinity;
  to = -Infinity;

  constructor(private readonly estate: Estate) {}

  add(record: CloudTrailRecord): void {
    this.records++;
    const time = Date.parse(record.eventTime);
    if (time < this.from) this.from = time;
    if (time > this.to) this.to = time;
    this.seeSsoSession(record, time);
    if (outcomeOfRecord(record).kind !== 'allowed') return;
    const built = requestOfRecord(record, this.estate, { context: false });
    if (built.kind !== 'request') return;
    this.used++;
    const target = targetKey(built.request.action, built.usageResource);
    let rows = this.byTarget.get(target);
    if (!rows) this.byTarget.set(target, (rows = new Map()));
    const caller = callerKey(built.principal.entity);
    let row = rows.get(caller);
    if (!row) rows.set(caller, (row = { caller, ...(built.principal.account ? { account: built.principal.account } : {}), count: 0, first: time, last: time }));
    see(row, time);
    const session = built.principal.sessionName;
    if (session && caller.includes(':AWSReservedSSO_')) {
      const sessions = (row as { sessions?: Map<string, SeenStats> }).sessions ?? new Map<string, SeenStats>();
      (row as { sessions?: Map<string, SeenStats> }).sessions = sessions;
      const s = sessions.get(session) ?? { count: 0, first: time, last: time };
      see(s, time);
      sessions.set(session, s);
    }
  }

  /** The session names seen for an IAM Identity Center role (its ARN), each the user name of a person who signed in. */
  sessionsOf(roleArn: string): ReadonlyMap<string, SeenStats> {
    return this.ssoSessions.get(callerKey(roleArn)) ?? new Map();
  }

  /**
   * A person signs in through Identity Center as a session of the provisioned role named after them:
   * the role's `AssumeRoleWithSAML` (its `roleSessionName`), then every call of the session
   * (`assumed-role/AWSReservedSSO_…/<user name>`).
   */
  private seeSsoSession(record: CloudTrailRecord, time: number): void {
    let role: string | undefined;
    let name: string | undefined;
    const session = record.userIdentity.type === 'AssumedRole' ? /^arn:[^:]+:sts::(\d{12}):assumed-role\/(AWSReservedSSO_[^/]+)\/(.+)$/.exec(record.userIdentity.arn ?? '') : null;
    if (session) {
      role = `role:${session[1]}:${session[2]}`;
      name = session[3];
    } else if (record.eventName === 'AssumeRoleWithSAML' && !record.errorCode) {
      const arn = record.requestParameters?.['roleArn'];
      const sessionName = record.requestParameters?.['roleSessionName'];
      if (typeof arn === 'string' && arn.includes(':role/') && /AWSReservedSSO_/.test(arn) && typeof sessionName === 'string') {
        role = callerKey(arn);
        name = sessionName;
      }
    }
    if (!role || !name) return;
    let sessions = this.ssoSessions.get(role);
    if (!sessions) this.ssoSessions.set(role, (sessions = new Map()));
    const s = sessions.get(name) ?? { count: 0, first: time, last: time };
    see(s, time);
    sessions.set(name, s);
  }

  /** The callers that used `action` on `resource` (an object scope `bucket/*` for object actions). */
  callers(action: string, resource: string): Iterable<UsageRow> {
    return this.byTarget.get(targetKey(action, resource))?.values() ?? [];
  }

  /** Every (action, resource) seen, with its callers. */
  *targets(): Iterable<{ readonly action: string; readonly resource: string; readonly rows: Iterable<UsageRow> }> {
    for (const [key, rows] of this.byTarget) {
      const [action, resource] = key.split('\u0000') as [string, string];
      yield { action, resource, rows: rows.values() };
    }
  }

  get window(): { readonly from: number; readonly to: number } | undefined {
    return this.records > 0 ? { from: this.from, to: this.to } : undefined;
  }
}

function see(s: SeenStats, time: number): void {
  s.count++;
  if (time < s.first) s.first = time;
  if (time > s.last) s.last = time;
}

function targetKey(action: string, resource: string): string {
  return `${action.toLowerCase()}\u0000${withoutRolePath(resource)}`;
}

/** Role ARNs are compared without their path: a session ARN does not carry it. */
export function withoutRolePath(arn: string): string {
  const m = /^(arn:[^:]+:iam::\d{12}:role\/)(?:.*\/)?([^/]+)$/.exec(arn);
  return m ? `${m[1]}${m[2]}` : arn;
}

/** The caller key of an IAM entity, a service or a provider (record-principal.ts `entity`). */
export function callerKey(entity: string): string {
  const iam = /^arn:[^:]+:iam::(\d{12}):(role|user)\/(?:.*\/)?([^/]+)$/.exec(entity);
  if (iam) return `${iam[2]}:${iam[1]}:${iam[3]}`;
  const root = /^arn:[^:]+:iam::(\d{12}):root$/.exec(entity);
  if (root) return `root:${root[1]}`;
  if (!entity.startsWith('arn:')) return `service:${entity}`;
  return `provider:${entity}`;
}
