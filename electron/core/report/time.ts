import { DateTime } from 'luxon'

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
