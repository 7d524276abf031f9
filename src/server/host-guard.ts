/**
 * DNS rebinding: a page of another site can make its own name resolve to 127.0.0.1 and then read
 * this server as same-origin. Its requests still carry that name in `Host`, so only the two names
 * a person types for this machine, at this server's port, are answered.
 */
export function isAllowedHost(host: string | undefined, port: number): boolean {
  if (host === undefined) return false;
  const h = host.toLowerCase();
  return h === `localhost:${port}` || h === `127.0.0.1:${port}`;
}
