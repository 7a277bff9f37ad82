/**
 * Number formatting for every view and export: locale-aware, money with 2 decimals (significant
 * digits below 0.01 so small costs never show as 0.00), tokens abbreviated with an exact form for
 * tooltips. Unknown values (null) are shown as "unknown" or "—", never as 0.
 */
export interface Currency {
  code: string
  /** Display units per US dollar (1 for USD). */
  perUsd: number
}

export const USD: Currency = { code: 'USD', perUsd: 1 }

const cache = new Map<string, Intl.NumberFormat>()
function nf(locale: string | undefined, opts: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale ?? ''}|${JSON.stringify(opts)}`
  let f = cache.get(key)
  if (!f) cache.set(key, (f = new Intl.NumberFormat(locale, opts)))
  return f
}

export function formatMoney(usd: number | null, currency: Currency = USD, locale?: string): string {
  if (usd === null || !Number.isFinite(usd)) return 'unknown'
  const v = usd * currency.perUsd
  const abs = Math.abs(v)
  const small = abs > 0 && abs < 0.01
  return nf(locale, {
    style: 'currency',
    currency: currency.code,
    ...(small
      ? { minimumSignificantDigits: 1, maximumSignificantDigits: 2 }
      : { minimumFractionDigits: 2, maximumFractionDigits: 2 }),
  }).format(v)
}

/** Short money for axes: no cents above 100. */
export function formatMoneyShort(usd: number, currency: Currency = USD, locale?: string): string {
  const v = usd * currency.perUsd
  if (Math.abs(v) < 100) return formatMoney(usd, currency, locale)
  return nf(locale, {
    style: 'currency',
    currency: currency.code,
    notation: 'compact',
    maximumFractionDigits: 1,
  }).format(v)
}

export function formatTokens(n: number | null, locale?: string): string {
  if (n === null || !Number.isFinite(n)) return '—'
  if (Math.abs(n) < 1000) return nf(locale, { maximumFractionDigits: 0 }).format(n)
  return nf(locale, { notation: 'compact', maximumFractionDigits: 1 }).format(n)
}

export function formatExact(n: number | null, locale?: string): string {
  if (n === null || !Number.isFinite(n)) return '—'
  return nf(locale, { maximumFractionDigits: 0 }).format(n)
}

export function formatPercent(ratio: number | null, locale?: string, digits = 1): string {
  if (ratio === null || !Number.isFinite(ratio)) return '—'
  return nf(locale, {
    style: 'percent',
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(ratio)
}

/** "+12.5%" / "−3.0%"; null → the note, or "—". */
export function formatChange(change: number | null, note?: string, locale?: string): string {
  if (change === null) return note ?? '—'
  return nf(locale, {
    style: 'percent',
    signDisplay: 'exceptZero',
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  }).format(change)
}

/** 850 ms, 12.3 s, 4 min 05 s, 2 h 10 min. */
export function formatDuration(ms: number | null, locale?: string): string {
  if (ms === null || !Number.isFinite(ms)) return '—'
  if (ms < 1000) return `${nf(locale, { maximumFractionDigits: 0 }).format(ms)} ms`
  const s = ms / 1000
  if (s < 60) return `${nf(locale, { maximumFractionDigits: 1 }).format(s)} s`
  const m = Math.floor(s / 60)
  if (m < 60) return `${m} min ${String(Math.floor(s % 60)).padStart(2, '0')} s`
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`
}

/** A local date-time for tables, in the view's time zone. */
export function formatDateTime(iso: string, timezone: string, locale?: string): string {
  return new Intl.DateTimeFormat(locale, {
    timeZone: timezone,
    dateStyle: 'medium',
    timeStyle: 'short',
  }).format(new Date(iso))
}
