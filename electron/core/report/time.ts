import { DateTime } from 'luxon'

export { BUCKET_MS } from '../store/buckets'
export { isValidTimeZone } from '../../../shared/timezone'

export function systemTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'
}

/** Validates `YYYY-MM-DD` (also accepts `YYYYMMDD`, as ccusage does) and returns it normalized. */
export function parseDay(s: string): string | null {
  const m = /^(\d{4})-?(\d{2})-?(\d{2})$/.exec(s)
  if (!m) return null
  const iso = `${m[1]}-${m[2]}-${m[3]}`
  return DateTime.fromISO(iso, { zone: 'UTC' }).isValid ? iso : null
}

/** UTC ms of the start of a local day in a time zone (DST-correct). */
export function dayStartMs(day: string, tz: string): number {
  return DateTime.fromISO(day, { zone: tz }).startOf('day').toMillis()
}

/**
 * Maps instants to local `YYYY-MM-DD` in a time zone. It remembers the bounds of the last day it
 * computed (DST-correct, via luxon), so sorted input costs one zone computation per day.
 */
export class DayFormatter {
  private start = 0
  private end = -1
  private label = ''

  constructor(private readonly tz: string) {}

  day(ms: number): string {
    if (ms >= this.start && ms < this.end) return this.label
    const d = DateTime.fromMillis(ms, { zone: this.tz }).startOf('day')
    this.start = d.toMillis()
    this.end = d.plus({ days: 1 }).toMillis()
    this.label = d.toISODate() ?? ''
    return this.label
  }
}
