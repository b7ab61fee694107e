/**
 * Whether a browser's Origin header names this hub: the public address people reach it at
 * (PUBLIC_URL, which differs from the request's own address behind a reverse proxy) or the
 * address the request came to. The session API and the page forms both judge cross-site writes by it.
 */
export function isOwnOrigin(origin: string, requestUrl: string, publicUrl: string): boolean {
  return origin === new URL(publicUrl).origin || origin === new URL(requestUrl).origin;
}
