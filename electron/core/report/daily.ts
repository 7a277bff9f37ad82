import { DateTime } from 'luxon'
import type { SeriesPoint } from '../../../shared/contract/results'
import { firstDataMs, lastDataMs } from '../metrics/common'
import { series } from '../metrics/series'
import { BUCKET_MS, DAY_MS } from '../store/buckets'
import type { Db } from '../store/db'
import { dayStartMs } from './time'
import { DATA_MIN_MS, dataMaxMs } from '../metrics/limits'

const CHUNK_DAYS = 1000

export interface DailyQuery {
  since?: string
  until?: string
  timezone: string
  project?: string
}

export interface TokenFields {
  inputTokens: number
  outputTokens: number
  cacheCreationTokens: number
  cacheReadTokens: number
  /** Observatory extras: the cache-write split and tokens whose model has no known price. */
  cacheCreation5mTokens: number
  cacheCreation1hTokens: number
  unpricedTokens: number
}

export interface ModelBreakdown extends Omit<
  TokenFields,
  'unpricedTokens' | 'cacheCreation5mTokens' | 'cacheCreation1hTokens'
> {
  modelName: string
  /** null when the model has no known price (never 0). */
  cost: number | null
  cacheCreation5mTokens: number
  cacheCreation1hTokens: number
}

export interface DailyRow extends TokenFields {
  date: string
  totalTokens: number
  /** Sum over priced responses; null when nothing that day could be priced. */
  totalCost: number | null
  modelsUsed: string[]
  modelBreakdowns: ModelBreakdown[]
}

export interface DailyReport {
  daily: DailyRow[]
  totals: TokenFields & { totalTokens: number; totalCost: number | null }
}

const total = (f: TokenFields): number =>
  f.inputTokens + f.outputTokens + f.cacheCreationTokens + f.cacheReadTokens

function fields(k: SeriesPoint['tokens'], unpriced: number): TokenFields {
  return {
    inputTokens: k.input,
    outputTokens: k.output,
    cacheCreationTokens: k.cacheWrite5m + k.cacheWrite1h,
    cacheReadTokens: k.cacheRead,
    cacheCreation5mTokens: k.cacheWrite5m,
    cacheCreation1hTokens: k.cacheWrite1h,
    unpricedTokens: unpriced,
  }
}

/**
 * Tokens and cost per local day: the daily series of the metrics engine (same rollup, same DST-correct
 * day edges) in the shape of `ccusage daily --json` (v16) plus Observatory's extra fields. Without
 * `since` it starts at the first stored day; without `until` it runs to the last stored response.
 */
export function dailyReport(db: Db, q: DailyQuery, now = Date.now()): DailyReport {
  const zone = { zone: q.timezone }
  const startOfDay = (ms: number): number => DateTime.fromMillis(ms, zone).startOf('day').toMillis()
  const first = firstDataMs(db, now)
  const last = lastDataMs(db, now)
  // Days outside the data window hold no valid response: clamped to it, so no stored value can
  // make the range huge or unrepresentable.
  const start = Math.max(q.since ? dayStartMs(q.since, q.timezone) : startOfDay(first ?? now), DATA_MIN_MS)
  const end = Math.min(
    q.until
      ? DateTime.fromISO(q.until, zone).plus({ days: 1 }).startOf('day').toMillis()
      : Math.max(now, (last ?? now) + BUCKET_MS),
    dataMaxMs(now),
  )
  if (first === null || !(end > start)) return emptyReport()
  // In chunks of local days, each within a series' point bound (ARCHITECTURE.md, "Bounds").
  const points: SeriesPoint[] = []
  for (let a = start; a < end;) {
    const b = Math.min(end, startOfDay(a + CHUNK_DAYS * DAY_MS))
    const s = series(
      db,
      {
        range: { start: new Date(a).toISOString(), end: new Date(b).toISOString() },
        timezone: q.timezone,
        weekStart: 1,
        filters: q.project ? { projects: [q.project] } : {},
        groupBy: 'day',
        breakdownBy: 'model',
      },
      now,
    )
    points.push(...s.points)
    a = b
  }
  const daily: DailyRow[] = points
    .filter((p) => p.responses > 0)
    .map((p) => {
      const f = fields(p.tokens, p.unpricedTokens)
      return {
        date: p.label,
        ...f,
        totalTokens: total(f),
        totalCost: p.cost,
        modelsUsed: p.breakdown.map((b) => b.key),
        modelBreakdowns: p.breakdown.map((b) => ({
          modelName: b.key,
          inputTokens: b.kinds.input,
          outputTokens: b.kinds.output,
          cacheCreationTokens: b.kinds.cacheWrite5m + b.kinds.cacheWrite1h,
          cacheReadTokens: b.kinds.cacheRead,
          cacheCreation5mTokens: b.kinds.cacheWrite5m,
          cacheCreation1hTokens: b.kinds.cacheWrite1h,
          cost: b.cost,
        })),
      }
    })
  return withTotals(daily)
}

const noTokens = (): TokenFields =>
  fields({ input: 0, output: 0, cacheWrite5m: 0, cacheWrite1h: 0, cacheRead: 0 }, 0)

function emptyReport(): DailyReport {
  return { daily: [], totals: { ...noTokens(), totalTokens: 0, totalCost: null } }
}

function withTotals(daily: DailyRow[]): DailyReport {
  const totals = noTokens()
  let cost: number | null = null
  for (const d of daily) {
    for (const k of Object.keys(totals) as (keyof TokenFields)[]) totals[k] += d[k]
    if (d.totalCost !== null) cost = (cost ?? 0) + d.totalCost
  }
  return { daily, totals: { ...totals, totalTokens: total(totals), totalCost: cost } }
}
