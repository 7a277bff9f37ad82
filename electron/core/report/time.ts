import { DateTime, IANAZone } from 'luxon'

export const BUCKET_MS = 15 * 60 * 1000

export function isValidTimeZone(tz: string): boolean {
  return IANAZone.isValidZone(tz)
}

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

/** Maps instants to local `YYYY-MM-DD`, memoized (15-minute buckets never straddle a local midnight). */
export class DayFormatter {
  private readonly fmt: Intl.DateTimeFormat
  private readonly memo = new Map<number, string>()

  constructor(tz: string) {
    this.fmt = new Intl.DateTimeFormat('en-CA', {
      timeZone: tz,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    })
  }

  day(ms: number): string {
    let d = this.memo.get(ms)
    if (d === undefined) {
      const p = this.fmt.formatToParts(ms)
      const get = (t: string): string => p.find((x) => x.type === t)?.value ?? ''
      d = `${get('year')}-${get('month')}-${get('day')}`
      this.memo.set(ms, d)
    }
    return d
  }
}
