import { DateTime } from 'luxon'

/**
 * Epoch ms of an ISO 8601 date-time with a zone (`Z` or `±hh[:mm]`), or NaN. Strict: a field out of
 * range (Feb 30, hour 24) is NaN, not rolled over as Date.parse does, and a time without a zone is NaN.
 * Claude Code writes `YYYY-MM-DDTHH:mm:ss.sssZ` (Date#toISOString) on every line and parsing is a
 * measurable part of ingest, so that shape is read digit by digit; any other shape goes to luxon.
 */
export function parseIsoTime(s: string): number {
  if (
    s.length !== 24 ||
    s.charCodeAt(4) !== 45 /* - */ ||
    s.charCodeAt(7) !== 45 ||
    s.charCodeAt(10) !== 84 /* T */ ||
    s.charCodeAt(13) !== 58 /* : */ ||
    s.charCodeAt(16) !== 58 ||
    s.charCodeAt(19) !== 46 /* . */ ||
    s.charCodeAt(23) !== 90 /* Z */
  )
    return slowPath(s)
  const year = digits(s, 0, 4)
  const month = digits(s, 5, 2)
  const day = digits(s, 8, 2)
  const hour = digits(s, 11, 2)
  const minute = digits(s, 14, 2)
  const second = digits(s, 17, 2)
  const ms = digits(s, 20, 3)
  // A non-digit is -1, so `< 0` / `< 1` also rejects those.
  if (
    year < 0 ||
    month < 1 ||
    month > 12 ||
    day < 1 ||
    (day > 28 && day > daysInMonth(year, month)) ||
    hour < 0 ||
    hour > 23 ||
    minute < 0 ||
    minute > 59 ||
    second < 0 ||
    second > 59 ||
    ms < 0
  )
    return NaN
  const t = Date.UTC(year, month - 1, day, hour, minute, second, ms)
  // Date.UTC reads years 0–99 as 1900–1999.
  return year < 100 ? new Date(t).setUTCFullYear(year) : t
}

// Extended format only (what JSON writers produce): date, `T`, hh:mm[:ss[.fraction]], zone; luxon
// would read hour 24 as the next day, so the hours are checked here.
const ISO_WITH_ZONE =
  /^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,9})?)?(Z|[+-]([01]\d|2[0-3])(:?[0-5]\d)?)$/

function slowPath(s: string): number {
  if (!ISO_WITH_ZONE.test(s)) return NaN
  const d = DateTime.fromISO(s, { setZone: true })
  return d.isValid ? d.toMillis() : NaN
}

function daysInMonth(year: number, month: number): number {
  if (month !== 2) return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28
}

/** The decimal value of `s[at, at + n)`, or -1 when any of them is not a digit. */
function digits(s: string, at: number, n: number): number {
  let v = 0
  for (let i = at; i < at + n; i++) {
    const c = s.charCodeAt(i) - 48
    if (c < 0 || c > 9) return -1
    v = v * 10 + c
  }
  return v
}
