/**
 * Epoch ms of a transcript timestamp. Claude Code writes `YYYY-MM-DDTHH:mm:ss.sssZ` (Date#toISOString)
 * on every line, and Date.parse is a measurable part of ingest; that exact shape is read digit by
 * digit, anything else goes to Date.parse, so the result is always what Date.parse returns.
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
    return Date.parse(s)
  const year = digits(s, 0, 4)
  const month = digits(s, 5, 2)
  const day = digits(s, 8, 2)
  const hour = digits(s, 11, 2)
  const minute = digits(s, 14, 2)
  const second = digits(s, 17, 2)
  const ms = digits(s, 20, 3)
  // A non-digit (-1) or an out-of-range field is Date.parse's call (it rolls some over, rejects others).
  if (
    year < 100 || // Date.UTC reads years 0–99 as 1900–1999
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > 28 ||
    hour < 0 ||
    hour > 23 ||
    minute < 0 ||
    minute > 59 ||
    second < 0 ||
    second > 59 ||
    ms < 0
  )
    return Date.parse(s)
  return Date.UTC(year, month - 1, day, hour, minute, second, ms)
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
