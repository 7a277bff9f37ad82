import { IANAZone } from 'luxon'
import type { CommonArgs } from '../../../shared/contract/params'
import type { HeatmapCell, HeatmapResult } from '../../../shared/contract/results'
import type { Db } from '../store/db'
import { BUCKET_MS, DAY_MS } from '../store/buckets'
import { effectiveRange, firstDataMs } from './common'
import { activityFilter, dimensionFilter } from './filters'
import { resolveRange } from './range'

/**
 * Local ISO weekday (1–7) and hour of instants, from the zone's offset at each instant (DST-correct).
 * Zone lookups are slow, so a UTC day whose start and end have the same offset (every day but the two
 * with a transition) costs one lookup pair; transition days are resolved per instant.
 */
function slotter(zone: IANAZone): (ms: number) => { weekday: number; hour: number } {
  const days = new Map<number, number | null>()
  return (ms) => {
    const day = Math.floor(ms / DAY_MS)
    let off = days.get(day)
    if (off === undefined) {
      const a = zone.offset(day * DAY_MS)
      off = a === zone.offset((day + 1) * DAY_MS - 1) ? a : null
      days.set(day, off)
    }
    const local = new Date(ms + (off ?? zone.offset(ms)) * 60_000)
    return { weekday: ((local.getUTCDay() + 6) % 7) + 1, hour: local.getUTCHours() }
  }
}

/**
 * Weekday × hour in the time zone: responses and cost (rollup), human prompts and the mean turn
 * duration (`system/turn_duration`, by the time the turn ended). Peak = the hour / weekday with the
 * most responses.
 */
export function heatmap(db: Db, args: CommonArgs, now: number): HeatmapResult {
  const r = resolveRange(args, now, firstDataMs(db, now))
  const localSlot = slotter(IANAZone.create(r.timezone))
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
  // Everything here is counted per 15-minute bucket, and a bucket lies within one local hour.
  const cell = (bucket: number) => {
    const s = localSlot(bucket * BUCKET_MS)
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
    const c = cell(row.bucket)
    c.responses += row.n
    c.cost += row.cost
  }
  const pf = activityFilter(args.filters, 'events')
  const events = db
    .prepare(
      `SELECT a.bucket, a.kind, SUM(a.n) AS n, SUM(a.value_sum) AS total, SUM(a.value_n) AS valued
       FROM activity_15m a WHERE a.kind IN ('prompt', 'turn_duration') AND a.bucket >= ? AND a.bucket < ?
        AND a.is_subagent = 0${pf.sql}
       GROUP BY a.bucket, a.kind`,
    )
    .all(r.start / BUCKET_MS, r.end / BUCKET_MS, ...pf.args) as {
    bucket: number
    kind: string
    n: number
    total: number | null
    valued: number
  }[]
  for (const e of events) {
    const c = cell(e.bucket)
    if (e.kind === 'prompt') c.prompts += e.n
    else {
      c.durSum += e.total ?? 0
      c.durN += e.valued
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
