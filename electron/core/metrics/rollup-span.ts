import { BUCKET_MS, DAY_MS } from '../store/buckets'
import type { SqlPart } from './filters'

const PER_DAY = DAY_MS / BUCKET_MS

/** A piece of group `g`: buckets (rollup_15m) or UTC days (rollup_1d) from `lo` to `hi`, exclusive. */
type Piece = [g: number, lo: number, hi: number]

/**
 * Splits each group [edges[g], edges[g + 1]) of 15-minute bucket numbers into the whole UTC days
 * inside it and the buckets before and after them, so a long group reads one row per day and cell.
 */
export function splitByDay(edges: readonly number[]): { quarters: Piece[]; days: Piece[] } {
  const quarters: Piece[] = []
  const days: Piece[] = []
  for (let g = 0; g + 1 < edges.length; g++) {
    const [lo, hi] = [edges[g]!, edges[g + 1]!]
    if (!(hi > lo)) continue
    const [d0, d1] = [Math.ceil(lo / PER_DAY), Math.floor(hi / PER_DAY)]
    if (d1 <= d0) {
      quarters.push([g, lo, hi])
      continue
    }
    if (d0 * PER_DAY > lo) quarters.push([g, lo, d0 * PER_DAY])
    days.push([g, d0, d1])
    if (hi > d1 * PER_DAY) quarters.push([g, d1 * PER_DAY, hi])
  }
  return { quarters, days }
}

const CELL = `r.project_id, r.model_id, r.source_id, r.is_subagent, r.input, r.output, r.cache_write_5m,
  r.cache_write_1h, r.cache_read, r.cost, r.unpriced_tokens, r.unpriced_responses, r.responses`

/**
 * A common table `rollup_rows (g, bucket, project_id, model_id, source_id, is_subagent, <the
 * rollup's sums>)` holding the rollup of each group given by 15-minute bucket edges: whole UTC days
 * from `rollup_1d` (bucket = the day's first bucket), the rest from `rollup_15m`. Start the query
 * with `WITH ${sql}` and bind `args` first. One group: `[lo, hi]`.
 */
export function rollupRows(edges: readonly number[]): SqlPart {
  const { quarters, days } = splitByDay(edges)
  return {
    sql: `q_(g, lo, hi) AS (SELECT value ->> 0, value ->> 1, value ->> 2 FROM json_each(?)),
      d_(g, lo, hi) AS (SELECT value ->> 0, value ->> 1, value ->> 2 FROM json_each(?)),
      rollup_rows AS (
        SELECT q_.g AS g, r.bucket AS bucket, ${CELL} FROM q_ CROSS JOIN rollup_15m r ON r.bucket >= q_.lo AND r.bucket < q_.hi
        UNION ALL
        SELECT d_.g, r.day * ${PER_DAY}, ${CELL} FROM d_ CROSS JOIN rollup_1d r ON r.day >= d_.lo AND r.day < d_.hi)`,
    args: [JSON.stringify(quarters), JSON.stringify(days)],
  }
}

/** `rollupRows` of one range [start, end) in ms (15-minute edges). */
export const rollupRange = (start: number, end: number): SqlPart =>
  rollupRows([Math.floor(start / BUCKET_MS), Math.ceil(end / BUCKET_MS)])
