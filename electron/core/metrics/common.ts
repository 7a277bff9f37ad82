import type { EffectiveRange, Percentiles } from '../../../shared/contract/results'
import type { Db } from '../store/db'
import type { TokenColumns } from '../store/writer-sql'
import { BUCKET_MS } from '../store/buckets'
import { DATA_MIN_MS, dataMaxMs } from './limits'
import type { ResolvedRange } from './range'

/** The data window's rollup buckets [lo, hi): a stored bucket outside it (or not a number) is corrupt and ignored. */
const windowBuckets = (now: number): [number, number] => [
  Math.floor(DATA_MIN_MS / BUCKET_MS),
  Math.ceil(dataMaxMs(now) / BUCKET_MS),
]

/** Start of the first stored data within the data window (for the `all` range), or null if there is none. */
export function firstDataMs(db: Db, now: number): number | null {
  const r = db
    .prepare(`SELECT MIN(bucket) AS b FROM rollup_15m WHERE bucket >= ? AND bucket < ? AND responses > 0`)
    .get(...windowBuckets(now)) as { b: number | null }
  return r.b === null ? null : r.b * BUCKET_MS
}

/** Start of the 15-minute bucket of the last stored response within the data window, or null if there is none. */
export function lastDataMs(db: Db, now: number): number | null {
  const r = db
    .prepare(`SELECT MAX(bucket) AS b FROM rollup_15m WHERE bucket >= ? AND bucket < ? AND responses > 0`)
    .get(...windowBuckets(now)) as { b: number | null }
  return r.b === null ? null : r.b * BUCKET_MS
}

export function effectiveRange(r: ResolvedRange): EffectiveRange {
  const iso = (ms: number): string => new Date(ms).toISOString()
  return {
    start: iso(r.start),
    end: iso(r.end),
    timezone: r.timezone,
    weekStart: r.weekStart,
    previous: r.prev ? { start: iso(r.prev.start), end: iso(r.prev.end) } : null,
  }
}

/** Sums read from the rollup: the token columns plus cost of priced responses, unpriced tokens and counts. */
export interface RollupSums extends TokenColumns {
  cost: number
  priced: number
  unpriced: number
  responses: number
}

/** Nearest-rank percentiles (p = ceil(q·n)-th smallest). */
export function percentiles(xs: number[]): Percentiles {
  if (xs.length === 0) return { count: 0, mean: null, p50: null, p90: null, p95: null, p99: null }
  const s = [...xs].sort((a, b) => a - b)
  const at = (q: number) => s[Math.max(0, Math.ceil(q * s.length) - 1)]!
  return {
    count: s.length,
    mean: s.reduce((a, b) => a + b, 0) / s.length,
    p50: at(0.5),
    p90: at(0.9),
    p95: at(0.95),
    p99: at(0.99),
  }
}
