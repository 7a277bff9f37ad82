/** The rollup's resolution: every IANA offset is a multiple of 15 minutes, so a bucket never straddles a local hour. */
export const BUCKET_MS = 15 * 60 * 1000
export const DAY_MS = 86_400_000
