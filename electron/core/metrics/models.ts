import { cacheHitRate } from '../../../shared/tokens'
import type { CommonArgs } from '../../../shared/contract/params'
import type { ModelsResult } from '../../../shared/contract/results'
import type { Db } from '../store/db'
import { effectiveRange, firstDataMs } from './common'
import { dimensionFilter } from './filters'
import { resolveRange } from './range'
import { rollupRange } from './rollup-span'
import { delta } from './summary'
import { forEachTurn } from './response-times'

interface Row {
  model: string
  responses: number
  cost: number
  priced: number
  input: number
  output: number
  cw: number
  cr: number
}

function perModel(db: Db, args: CommonArgs, start: number, end: number): Map<string, Row> {
  const f = dimensionFilter(args.filters, 'r', 'r.is_subagent')
  const rr = rollupRange(start, end)
  const rows = db
    .prepare(
      `WITH ${rr.sql} SELECT m.name AS model, SUM(r.responses) AS responses, SUM(r.cost) AS cost, SUM(r.responses - r.unpriced_responses) AS priced,
        SUM(r.input) AS input, SUM(r.output) AS output, SUM(r.cache_write_5m + r.cache_write_1h) AS cw, SUM(r.cache_read) AS cr
       FROM rollup_rows r CROSS JOIN models m ON m.id = r.model_id
       WHERE 1${f.sql} GROUP BY m.name HAVING SUM(r.responses) > 0`,
    )
    .all(...rr.args, ...f.args) as Row[]
  return new Map(rows.map((r) => [r.model, r]))
}

/**
 * Per model: responses, cost, average input/output tokens per response, cache hit rate, share, trend,
 * and the mean time of the turns that model ended (see responseTimes).
 */
export function models(db: Db, args: CommonArgs, now: number): ModelsResult {
  const r = resolveRange(args, now, firstDataMs(db, now))
  const cur = perModel(db, args, r.start, r.end)
  const prev = r.prev ? perModel(db, args, r.prev.start, r.prev.end) : null
  const all = [...cur.values()].reduce((n, m) => n + m.responses, 0)
  // Durations are whole milliseconds, so a running sum is the exact mean; turns are streamed.
  const turnTimes = new Map<string, { sum: number; n: number }>()
  forEachTurn(db, args.filters, r.start, r.end, (t) => {
    if (t.model === null) return
    const m = turnTimes.get(t.model) ?? { sum: 0, n: 0 }
    m.sum += t.durationMs
    m.n++
    turnTimes.set(t.model, m)
  })
  return {
    range: effectiveRange(r),
    models: [...cur.values()]
      .map((m) => ({
        model: m.model,
        responses: m.responses,
        cost: m.priced > 0 ? m.cost : null,
        avgInputTokens: m.input / m.responses,
        avgOutputTokens: m.output / m.responses,
        cacheHitRate: cacheHitRate(m.cr, m.input + m.cw),
        share: all > 0 ? m.responses / all : 0,
        avgResponseMs: meanOf(turnTimes.get(m.model)),
        trend: delta(m.responses, prev ? (prev.get(m.model)?.responses ?? 0) : null, prev !== null),
      }))
      .sort((a, b) => (b.cost ?? -1) - (a.cost ?? -1) || b.responses - a.responses),
  }
}

const meanOf = (t: { sum: number; n: number } | undefined): number | null => (t ? t.sum / t.n : null)
