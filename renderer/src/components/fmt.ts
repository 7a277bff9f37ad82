import { useMemo } from 'react'
import * as f from '../../../shared/format'
import type { ChartContext } from '../../../shared/charts/common'
import { useUi } from '../state/ui'

/** Formatters bound to the user's locale, display currency and time zone. */
export function useFmt() {
  const currency = useUi((s) => s.currency)
  const timezone = useUi((s) => s.timezone)
  return useMemo(() => {
    const locale = navigator.language
    const ctx: ChartContext = { currency, locale }
    return {
      ctx,
      money: (v: number | null) => f.formatMoney(v, currency, locale),
      tokens: (v: number | null) => f.formatTokens(v, locale),
      exact: (v: number | null) => f.formatExact(v, locale),
      pct: (v: number | null) => f.formatPercent(v, locale),
      change: (v: number | null, note?: string) => f.formatChange(v, note, locale),
      duration: (v: number | null) => f.formatDuration(v, locale),
      dateTime: (iso: string) => f.formatDateTime(iso, timezone, locale),
    }
  }, [currency, timezone])
}
