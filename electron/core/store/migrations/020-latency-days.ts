import { chunkSizes } from '../backfill-range'
import { rebuildDays } from '../latency-days'
import { LATENCY_DAY_TABLE } from '../latency-sql'
import type { Backfill, Migration } from './types'

/** Chunk ends every chunkSizes.days UTC days, from the first stored hour's day to the last's. */
const dayBounds: Backfill['bounds'] = (db) => {
  const [lo, hi] = db.prepare(`SELECT MIN(hour), MAX(hour) FROM latency_1h`).raw().get() as [
    number | null,
    number | null,
  ]
  if (lo === null || hi === null) return []
  const keys: number[] = []
  for (let d = Math.floor(lo / 24) + chunkSizes.days; d < Math.floor(hi / 24); d += chunkSizes.days)
    keys.push(d)
  return keys
}

/**
 * Response-time histograms per UTC day (`latency_1d`, store/latency-sql.ts), each the sum of its
 * hours in `latency_1h` (kept so by store/latency-delta.ts), so a range over years reads one row a day
 * instead of 24. The backfill sums the days (lo, hi] of each chunk from the hours (store/latency-days.ts).
 */
export const m020LatencyDays: Migration = {
  version: 20,
  name: 'latency-days',
  sql: `${LATENCY_DAY_TABLE}
DELETE FROM latency_1d;`,
  backfill: {
    bounds: dayBounds,
    chunk: (db, lo, hi) =>
      rebuildDays(db, lo === null ? -1e9 : Number(lo) + 1, hi === null ? 1e9 : Number(hi) + 1),
  },
}
