import type { CoreStatus } from '../../../shared/contract'

/** The banner text for the core's status, or null when there is nothing to say (running, starting). */
export function coreBannerText(s: CoreStatus | null): string | null {
  if (!s || s.state !== 'restarting') return null
  const retry =
    s.retryInMs !== undefined ? ` Retrying in ${Math.max(1, Math.round(s.retryInMs / 1000))} s.` : ''
  return `Observatory's data core stopped: ${s.message ?? 'unknown error'}.${retry}`
}

/**
 * Whether the page refetches on this core status: when the core is ready after being anything else (the
 * relay emits restarting, then starting, then ready), or after restarts it did not hear about. Calls made
 * while it was down answered errors.
 */
export function refetchOnCoreStatus(prev: CoreStatus | null, next: CoreStatus): boolean {
  return next.state === 'ready' && prev !== null && (prev.state !== 'ready' || next.restarts > prev.restarts)
}
