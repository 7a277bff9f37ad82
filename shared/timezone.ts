/** True for a time zone the runtime's IANA database knows (zod-free, for the CLI's fast path and the contract). */
export function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz })
    return true
  } catch {
    return false
  }
}
