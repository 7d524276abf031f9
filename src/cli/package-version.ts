import { readFileSync } from 'node:fs';

/** package.json is two levels above both src/cli/ and dist/cli/. */
export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
  return pkg.version ?? '0.0.0';
}
