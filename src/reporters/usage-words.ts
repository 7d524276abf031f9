import type { Usage } from '../analyses/usage/entry-usage.js';

/** One line on an access's usage, naming the signal: `used 12 times, 2026-11-02T… to 2026-11-29T… (CloudTrail)`. */
export function usageWords(u: Usage): string {
  const signal = u.signal === 'cloudtrail' ? 'CloudTrail' : 'RoleLastUsed';
  switch (u.state) {
    case 'used': {
      const when = u.firstSeen === u.lastSeen ? `at ${u.lastSeen}` : `${u.firstSeen} to ${u.lastSeen}`;
      const people = u.people && u.people.length > 0 ? `; by ${u.people.join(', ')}` : '';
      return `used ${u.count} time${u.count === 1 ? '' : 's'}, ${when}${people} (${signal})`;
    }
    case 'unused':
      return `unused: ${u.reason} (${signal})`;
    case 'unknown':
      return `unknown: ${u.reason} (${signal})`;
  }
}
