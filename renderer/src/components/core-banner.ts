import type { CoreStatus } from '../../../shared/contract'

/** The banner text for the core's status, or null when there is nothing to say (running, starting). */
export function coreBannerText(s: CoreStatus | null): string | null {
  if (!s || s.state !== 'restarting') return null
  const retry =
    s.retryInMs !== undefined ? ` Retrying in ${Math.max(1, Math.round(s.retryInMs / 1000))} s.` : ''
  return `Observatory's data core stopped: ${s.message ?? 'unknown error'}.${retry}`
}
