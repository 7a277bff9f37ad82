import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'

/** The shortest token `serve` accepts: shorter ones can be guessed over a fast loopback. */
export const MIN_TOKEN_LENGTH = 16

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost'])

export function isLoopback(host: string): boolean {
  return LOOPBACK.has(host)
}

export function newToken(): string {
  return randomBytes(24).toString('base64url')
}

const digest = (s: string): Buffer => createHash('sha256').update(s).digest()

/**
 * Constant-time comparison of the presented token: both sides are hashed first, so the comparison
 * takes the same time whatever the presented length (no early return that would reveal it).
 */
export function tokenMatches(presented: string | null, token: string): boolean {
  const same = timingSafeEqual(digest(presented ?? ''), digest(token))
  return same && presented !== null
}

/**
 * The token of a request: the `Authorization: Bearer` header, or `?token=` on the event stream
 * only (EventSource cannot set headers).
 */
export function presentedToken(req: IncomingMessage, path: string, query: URLSearchParams): string | null {
  const h = req.headers.authorization
  const m = h === undefined ? null : /^Bearer ([^\s]+)$/i.exec(h)
  if (m) return m[1]!
  return path === '/api/events' && req.method === 'GET' ? query.get('token') : null
}

/**
 * DNS rebinding guard: a page on evil.example that resolves to 127.0.0.1 still sends
 * `Host: evil.example`, so only the loopback names with the port we listen on are served.
 */
export function hostAllowed(host: string | undefined, port: number): boolean {
  if (!host) return false
  const h = host.toLowerCase()
  // On port 80 browsers send the bare name.
  const names = port === 80 ? ['127.0.0.1', 'localhost', '[::1]'] : []
  return h === `127.0.0.1:${port}` || h === `localhost:${port}` || h === `[::1]:${port}` || names.includes(h)
}

/** A request target fit for a log line: the event stream's `?token=` never reaches the logs. */
export function loggableTarget(url: string | undefined): string {
  return JSON.stringify((url ?? '').replace(/([?&]token=)[^&#]*/gi, '$1<redacted>'))
}
