import { chunkSizes } from '../backfill-range'
import { backfillLatency } from '../latency-backfill'
import { LATENCY_TABLES } from '../latency-sql'
import type { Backfill, Migration } from './types'

/** Chunk ends every chunkSizes.days days of UTC hours, from the first turn or tool call to the last. */
const hourBounds: Backfill['bounds'] = (db) => {
  const [lo, hi] = db
    .prepare(
      `SELECT MIN(ts) / 3600000, MAX(ts) / 3600000 FROM (SELECT MIN(ts) AS ts FROM turns UNION ALL
       SELECT MAX(ts) FROM turns UNION ALL SELECT MIN(ts) FROM tool_calls UNION ALL SELECT MAX(ts) FROM tool_calls)`,
    )
    .raw()
    .get() as [number | null, number | null]
  if (lo === null || hi === null) return []
  const step = chunkSizes.days * 24
  const keys: number[] = []
  for (let h = Math.floor(lo) + step; h < hi; h += step) keys.push(h)
  return keys
}

/**
 * Response-time histograms per UTC hour (`latency_1h`, store/latency-sql.ts), so percentiles over
 * months read a few rows per hour instead of every turn and tool call. The counting runs in JS (the
 * buckets are computed there): the backfill counts the hours (lo, hi] of each chunk from the facts
 * (store/latency-backfill.ts). Derived data: running this again counts it again.
 */
export const m016LatencyHistograms: Migration = {
  version: 16,
  name: 'latency-histograms',
  sql: `${LATENCY_TABLES}
DELETE FROM latency_1h;
DELETE FROM latency_orphans;`,
  backfill: {
    bounds: hourBounds,
    chunk: (db, lo, hi) =>
      backfillLatency(db, lo === null ? -1e9 : Number(lo) + 1, hi === null ? 1e9 : Number(hi) + 1),
  },
}
