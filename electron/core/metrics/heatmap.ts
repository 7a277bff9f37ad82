import { IANAZone } from 'luxon'
import type { CommonArgs } from '../../../shared/contract/params'
import type { HeatmapCell, HeatmapResult } from '../../../shared/contract/results'
import type { Db } from '../store/db'
import { BUCKET_MS } from '../report/time'
import { effectiveRange, firstDataMs } from './common'
import { dimensionFilter, sessionFilter } from './filters'
import { resolveRange } from './range'

/** Local ISO weekday (1–7) and hour of an instant, from the zone's offset at that instant (DST-correct). */
function localSlot(zone: IANAZone, ms: number): { weekday: number; hour: number } {
  const local = new Date(ms + zone.offset(ms) * 60_000)
  return { weekday: ((local.getUTCDay() + 6) % 7) + 1, hour: local.getUTCHours() }
}

/**
 * Weekday × hour in the time zone: responses and cost (rollup), human prompts and the mean turn
 * duration (`system/turn_duration`, by the time the turn ended). Peak = the hour / weekday with the
 * most responses.
 */
export function heatmap(db: Db, args: CommonArgs, now: number): HeatmapResult {
  const r = resolveRange(args, now, firstDataMs(db))
  const zone = IANAZone.create(r.timezone)
  const cells: (HeatmapCell & { durSum: number; durN: number })[] = []
  for (let weekday = 1; weekday <= 7; weekday++)
    for (let hour = 0; hour < 24; hour++)
      cells.push({
        weekday,
        hour,
        responses: 0,
        prompts: 0,
        cost: 0,
        avgResponseMs: null,
        durSum: 0,
        durN: 0,
      })
  const cell = (ms: number) => {
    const s = localSlot(zone, ms)
    return cells[(s.weekday - 1) * 24 + s.hour]!
  }
  const f = dimensionFilter(args.filters, 'r', 'r.is_subagent')
  const rows = db
    .prepare(
      `SELECT bucket, SUM(responses) AS n, SUM(cost) AS cost FROM rollup_15m r
       WHERE r.bucket >= ? AND r.bucket < ?${f.sql} GROUP BY bucket`,
    )
    .all(r.start / BUCKET_MS, r.end / BUCKET_MS, ...f.args) as { bucket: number; n: number; cost: number }[]
  for (const row of rows) {
    const c = cell(row.bucket * BUCKET_MS)
    c.responses += row.n
    c.cost += row.cost
  }
  const pf = sessionFilter(args.filters, 'e.session_id')
  const events = db
    .prepare(
      `SELECT e.kind, e.ts, e.value FROM events e WHERE e.kind IN ('prompt', 'turn_duration')
       AND e.agent_id IS NULL AND e.ts >= ? AND e.ts < ?${pf.sql}`,
    )
    .all(r.start, r.end, ...pf.args) as { kind: string; ts: number; value: number | null }[]
  for (const e of events) {
    const c = cell(e.ts)
    if (e.kind === 'prompt') c.prompts++
    else if (e.value !== null) {
      c.durSum += e.value
      c.durN++
    }
  }
  const byHour = new Array<number>(24).fill(0)
  const byDay = new Array<number>(8).fill(0)
  for (const c of cells) {
    byHour[c.hour]! += c.responses
    byDay[c.weekday]! += c.responses
  }
  const peak = (xs: number[], from: number): number | null => {
    let best: number | null = null
    for (let i = from; i < xs.length; i++) if (xs[i]! > 0 && (best === null || xs[i]! > xs[best]!)) best = i
    return best
  }
  return {
    range: effectiveRange(r),
    cells: cells.map(({ durSum, durN, ...c }) => ({ ...c, avgResponseMs: durN > 0 ? durSum / durN : null })),
    peakHour: peak(byHour, 0),
    peakWeekday: peak(byDay, 1),
  }
}
