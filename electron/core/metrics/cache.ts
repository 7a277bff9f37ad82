import { cacheHitRate } from '../../../shared/tokens'
import type { CommonArgs, GroupBy } from '../../../shared/contract/params'
import type { CacheResult } from '../../../shared/contract/results'
import type { PriceBook } from '../prices/price-book'
import type { Db } from '../store/db'
import { BUCKET_MS, DAY_MS } from '../store/buckets'
import { effectiveRange, firstDataMs } from './common'
import { dimensionFilter } from './filters'
import { sessionRows, topSessionCandidates } from './cache-sessions'
import { groupEdges, groupLabel, resolveRange } from './range'
import { rollupRows } from './rollup-span'

/** Sessions listed by savings (ARCHITECTURE.md, Bounds: per-session cache rows 20). */
const TOP_SESSIONS = 20

const ONE = { input: 0, output: 0, cacheWrite5m: 0, cacheWrite1h: 0, cacheRead: 0 }

/**
 * Cache efficiency: hit rate = cache reads / (input + cache writes + cache reads); saved = cache reads
 * × (input rate − cache-read rate) of the model on that day, at the base (not long-context) rate.
 * Unpriced models count toward the hit rate but save nothing we can price.
 */
export function cache(
  db: Db,
  args: CommonArgs & { groupBy: GroupBy },
  now: number,
  prices: PriceBook,
): CacheResult {
  const r = resolveRange(args, now, firstDataMs(db, now))
  // First: a request with too many groups is refused before any query runs.
  const edges = groupEdges(r.start, r.end, args.groupBy, r.timezone, r.weekStart)
  const f = dimensionFilter(args.filters, 'r', 'r.is_subagent')
  // Per group (edges clamped to the range) and UTC day: a model's rates are those of the response's day.
  const rr = rollupRows(
    edges.map((ms, i) =>
      Math.floor(
        (i === 0 ? Math.max(ms, r.start) : i === edges.length - 1 ? Math.min(ms, r.end) : ms) / BUCKET_MS,
      ),
    ),
  )
  const rows = db
    .prepare(
      `WITH ${rr.sql} SELECT r.g, r.bucket, m.id AS model_id, m.name AS model, p.path, SUM(r.input + r.cache_write_5m + r.cache_write_1h) AS other,
        SUM(r.cache_read) AS cr FROM rollup_rows r CROSS JOIN models m ON m.id = r.model_id CROSS JOIN projects p ON p.id = r.project_id
       WHERE 1${f.sql} GROUP BY r.g, r.bucket / ${DAY_MS / BUCKET_MS}, m.name, p.path`,
    )
    .all(...rr.args, ...f.args) as {
    g: number
    bucket: number
    model_id: number
    model: string
    path: string
    other: number
    cr: number
  }[]
  // The saving per cache-read token of a model on a UTC day, looked up once per model and day (a long
  // range has tens of thousands of rows, but only models × days distinct rates).
  const perToken = new Map<string, number | null>()
  const saved = (model: string, ts: number, cr: number): number => {
    const key = `${model}\u0000${Math.floor(ts / DAY_MS)}`
    let d = perToken.get(key)
    if (d === undefined) {
      const asInput = prices.cost({ ...ONE, input: 1 }, model, ts)
      const asRead = prices.cost({ ...ONE, cacheRead: 1 }, model, ts)
      perToken.set(key, (d = asInput === null || asRead === null ? null : asInput - asRead))
    }
    return d === null ? 0 : cr * d
  }
  const names = new Map<number, string>()
  const pairs: [number, number][] = []
  const perDay = (m: number, day: number) => perToken.get(`${names.get(m)}\u0000${day}`) ?? null
  const points = edges.slice(0, -1).map((ms) => ({
    label: groupLabel(ms, args.groupBy, r.timezone),
    start: new Date(ms).toISOString(),
    other: 0,
    cr: 0,
    savedUsd: 0,
  }))
  const projects = new Map<string, { other: number; cr: number; savedUsd: number }>()
  const total = { other: 0, cr: 0, savedUsd: 0 }
  for (const row of rows) {
    const s = saved(row.model, row.bucket * BUCKET_MS, row.cr)
    if (row.cr > 0 && !names.has(row.model_id)) names.set(row.model_id, row.model)
    if (row.cr > 0) pairs.push([row.model_id, Math.floor((row.bucket * BUCKET_MS) / DAY_MS)])
    let p = projects.get(row.path)
    if (!p) projects.set(row.path, (p = { other: 0, cr: 0, savedUsd: 0 }))
    for (const acc of [points[row.g], p, total]) {
      if (!acc) continue
      acc.other += row.other
      acc.cr += row.cr
      acc.savedUsd += s
    }
  }
  // Per session: only the candidates for the top list are summed here (cache-sessions.ts).
  const ids = topSessionCandidates(
    db,
    args,
    r.start,
    r.end,
    pairs,
    (m, day) => perDay(m, day),
    2 * TOP_SESSIONS,
  )
  const sessions = new Map<string, { other: number; cr: number; savedUsd: number }>()
  for (const row of sessionRows(db, args, r.start, r.end, ids)) {
    let s = sessions.get(row.id)
    if (!s) sessions.set(row.id, (s = { other: 0, cr: 0, savedUsd: 0 }))
    s.other += row.other
    s.cr += row.cr
    s.savedUsd += saved(row.model, row.day * DAY_MS, row.cr)
  }
  const rate = (a: { other: number; cr: number }) => cacheHitRate(a.cr, a.other)
  return {
    range: effectiveRange(r),
    hitRate: rate(total),
    savedUsd: total.savedUsd,
    overTime: points.map((p) => ({ label: p.label, start: p.start, hitRate: rate(p), savedUsd: p.savedUsd })),
    byProject: [...projects.entries()]
      .map(([path, p]) => ({ path, hitRate: rate(p), savedUsd: p.savedUsd }))
      .sort((a, b) => b.savedUsd - a.savedUsd),
    bySession: [...sessions.entries()]
      .map(([id, x]) => ({ id, hitRate: rate(x), savedUsd: x.savedUsd }))
      .sort((a, b) => b.savedUsd - a.savedUsd)
      .slice(0, TOP_SESSIONS),
  }
}
