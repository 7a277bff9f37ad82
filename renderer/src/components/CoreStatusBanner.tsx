import { useEffect, useState } from 'react'
import type { CoreStatus } from '../../../shared/contract'
import { queryClient } from '../api/query'
import { coreBannerText, refetchOnCoreStatus } from './core-banner'

/** Desktop app: says when the core worker failed (e.g. the store cannot be opened) and refetches once it is back. */
export function CoreStatusBanner() {
  const [status, setStatus] = useState<CoreStatus | null>(null)
  useEffect(() => {
    let prev: CoreStatus | null = null
    return queryClient().api.on('core-status', (s) => {
      if (refetchOnCoreStatus(prev, s)) queryClient().invalidate()
      prev = s
      setStatus(s)
    })
  }, [])
  const text = coreBannerText(status)
  if (!text) return null
  return (
    <div className="progress-banner core-banner" role="alert" data-testid="core-status">
      {text}
    </div>
  )
}
