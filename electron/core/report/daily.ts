import type { Db } from '../store/db'
import type { TokenColumns } from '../store/writer-sql'
import { BUCKET_MS, DayFormatter, dayStartMs } from './time'

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

interface Row extends TokenColumns {
  bucket: number
  model: string
  cost: number
  unpriced: number
  unpriced_responses: number
  responses: number
}

function emptyFields(): TokenFields {
  return {
    inputTokens: 0,
    outputTokens: 0,
    cacheCreationTokens: 0,
    cacheReadTokens: 0,
    cacheCreation5mTokens: 0,
    cacheCreation1hTokens: 0,
    unpricedTokens: 0,
  }
}

function addRow(f: TokenFields, r: Row): void {
  f.inputTokens += r.input
  f.outputTokens += r.output
  f.cacheCreationTokens += r.cw5m + r.cw1h
  f.cacheCreation5mTokens += r.cw5m
  f.cacheCreation1hTokens += r.cw1h
  f.cacheReadTokens += r.cr
  f.unpricedTokens += r.unpriced
}

const total = (f: TokenFields): number =>
  f.inputTokens + f.outputTokens + f.cacheCreationTokens + f.cacheReadTokens

/**
 * Tokens and cost per local day, from the 15-minute rollup. Output matches `ccusage daily --json`
 * (v16) plus Observatory's extra fields. Days are cut in `timezone`.
 */
export function dailyReport(db: Db, q: DailyQuery): DailyReport {
  const where: string[] = []
  const args: (string | number)[] = []
  if (q.since) {
    where.push('r.bucket >= ?')
    args.push(Math.floor(dayStartMs(q.since, q.timezone) / BUCKET_MS))
  }
  if (q.until) {
    where.push('r.bucket < ?')
    args.push(Math.ceil(dayStartMs(q.until, q.timezone) / BUCKET_MS) + 96)
  }
  if (q.project) {
    where.push('(p.name = ? OR p.path = ?)')
    args.push(q.project, q.project)
  }
  const rows = db
    .prepare(
      `SELECT r.bucket, m.name AS model, SUM(r.input) AS input, SUM(r.output) AS output, SUM(r.cache_write_5m) AS cw5m,
        SUM(r.cache_write_1h) AS cw1h, SUM(r.cache_read) AS cr, SUM(r.cost) AS cost, SUM(r.unpriced_tokens) AS unpriced,
        SUM(r.unpriced_responses) AS unpriced_responses, SUM(r.responses) AS responses
       FROM rollup_15m r JOIN models m ON m.id = r.model_id JOIN projects p ON p.id = r.project_id
       ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       GROUP BY r.bucket, m.name HAVING SUM(r.responses) > 0 ORDER BY r.bucket`,
    )
    .all(...args) as Row[]

  const fmt = new DayFormatter(q.timezone)
  const days = new Map<
    string,
    { f: TokenFields; cost: number; priced: number; models: Map<string, ModelBreakdown> }
  >()
  const totals = emptyFields()
  let totalCost = 0
  let totalPriced = 0
  for (const r of rows) {
    const date = fmt.day(r.bucket * BUCKET_MS)
    if (q.until && date > q.until) continue
    let d = days.get(date)
    if (!d) days.set(date, (d = { f: emptyFields(), cost: 0, priced: 0, models: new Map() }))
    addRow(d.f, r)
    addRow(totals, r)
    const priced = r.responses - r.unpriced_responses
    d.cost += r.cost
    d.priced += priced
    totalCost += r.cost
    totalPriced += priced
    let m = d.models.get(r.model)
    if (!m) {
      m = {
        modelName: r.model,
        inputTokens: 0,
        outputTokens: 0,
        cacheCreationTokens: 0,
        cacheReadTokens: 0,
        cacheCreation5mTokens: 0,
        cacheCreation1hTokens: 0,
        cost: null,
      }
      d.models.set(r.model, m)
    }
    m.inputTokens += r.input
    m.outputTokens += r.output
    m.cacheCreationTokens += r.cw5m + r.cw1h
    m.cacheCreation5mTokens += r.cw5m
    m.cacheCreation1hTokens += r.cw1h
    m.cacheReadTokens += r.cr
    if (priced > 0) m.cost = (m.cost ?? 0) + r.cost
  }
  const daily: DailyRow[] = [...days.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([date, d]) => {
      const breakdowns = [...d.models.values()].sort((a, b) => (b.cost ?? -1) - (a.cost ?? -1))
      return {
        date,
        ...d.f,
        totalTokens: total(d.f),
        totalCost: d.priced > 0 ? d.cost : null,
        modelsUsed: breakdowns.map((b) => b.modelName),
        modelBreakdowns: breakdowns,
      }
    })
  return {
    daily,
    totals: { ...totals, totalTokens: total(totals), totalCost: totalPriced > 0 ? totalCost : null },
  }
}
