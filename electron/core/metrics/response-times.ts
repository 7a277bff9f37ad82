import type { CommonArgs, Filters, GroupBy } from '../../../shared/contract/params'
import type { Percentiles, ResponseTimesResult } from '../../../shared/contract/results'
import type { Db } from '../store/db'
import { effectiveRange, firstDataMs } from './common'
import { sessionFilter, toolCallFilter } from './filters'
import { groupEdges, groupIndex, groupLabel, resolveRange } from './range'
import { dataMaxMs } from './limits'

export { MAX_TURN_MS } from '../store/turns'

export interface Turn {
  sessionId: string
  ts: number
  durationMs: number
  fromTurnDuration: boolean
  /** Model of the turn's last main-thread response. */
  model: string | null
}

/**
 * Calls `fn` with each turn that started in [start, end), timed by the rule below, in time order; rows
 * are streamed from the `turns` table the writer keeps (store/turns.ts).
 */
export function forEachTurn(
  db: Db,
  filters: Filters,
  start: number,
  end: number,
  fn: (t: Turn) => void,
): void {
  const pf = sessionFilter(filters, 't.session_id')
  // Model names from the small models table once, not a join per turn.
  const names = new Map(db.prepare(`SELECT id, name FROM models`).raw().all() as [number, string][])
  const rows = db
    .prepare(
      `SELECT t.session_id, t.ts, t.duration_ms, t.from_turn_duration, t.model_id
       FROM turns t WHERE t.ts >= ? AND t.ts < ?${pf.sql}`,
    )
    .raw()
    .iterate(start, end, ...pf.args) as IterableIterator<[string, number, number, number, number | null]>
  for (const [sessionId, ts, durationMs, fromTurnDuration, modelId] of rows)
    fn({
      sessionId,
      ts,
      durationMs,
      fromTurnDuration: fromTurnDuration === 1,
      model: modelId === null ? null : (names.get(modelId) ?? null),
    })
}

/** Whether turn t goes before b among the slowest: by duration, then session id, then start (the order turns were once read in). */
const slower = (t: Turn, b: SlowTurn): boolean =>
  t.durationMs > b.d ||
  (t.durationMs === b.d && (t.sessionId < b.sessionId || (t.sessionId === b.sessionId && t.ts < b.ts)))
interface SlowTurn {
  sessionId: string
  ts: number
  d: number
}

/**
 * Turn time: for each human prompt or slash command (main thread), the turn runs until the next one of
 * the session. Its duration is the sum of the `system/turn_duration` lines written in that span (a turn
 * resumed by task notifications has several) when the log has them, else the
 * time from the prompt to the last main-thread response before the next prompt. Turns with no
 * response, or longer than MAX_TURN_MS, are left out. Tool time: tool_result − tool_use.
 */
export function responseTimes(
  db: Db,
  args: CommonArgs & { groupBy: GroupBy },
  now: number,
): ResponseTimesResult {
  const r = resolveRange(args, now, firstDataMs(db, now))
  // First: a request with too many groups is refused before any query runs.
  const edges = groupEdges(r.start, r.end, args.groupBy, r.timezone, r.weekStart)
  const groups = Math.max(1, edges.length - 1)
  const bins = [...HISTOGRAM_EDGES_MS, null].map((upToMs) => ({ upToMs, turns: 0, tools: 0 }))

  // Turns: streamed; each kept as (group, duration) in typed arrays, the 10 slowest aside.
  const turns = new GroupedDurations(groups)
  let fromTurnDuration = 0
  const slowest: SlowTurn[] = []
  forEachTurn(db, args.filters, r.start, r.end, (t) => {
    turns.add(groupIndex(edges, t.ts), t.durationMs)
    bins[binIndex(t.durationMs)]!.turns++
    if (t.fromTurnDuration) fromTurnDuration++
    if (slowest.length < 10 || slower(t, slowest[slowest.length - 1]!)) {
      let i = slowest.length
      while (i > 0 && slower(t, slowest[i - 1]!)) i--
      slowest.splice(i, 0, { sessionId: t.sessionId, ts: t.ts, d: t.durationMs })
      if (slowest.length > 10) slowest.pop()
    }
  })

  // Tool calls: counted first, so their durations take one array of the exact size.
  const tf = toolCallFilter(args.filters)
  const inRange = `FROM tool_calls t
       WHERE t.ts >= ? AND t.ts < ? AND t.result_ts IS NOT NULL AND t.result_ts >= t.ts AND t.result_ts < ${dataMaxMs(now)}${tf.sql}`
  const n = db
    .prepare(`SELECT COUNT(*) ${inRange}`)
    .pluck()
    .get(r.start, r.end, ...tf.args) as number
  const tools = new GroupedDurations(groups, n)
  for (const [ts, d] of db
    .prepare(`SELECT t.ts, t.result_ts - t.ts AS d ${inRange}`)
    .raw()
    .iterate(r.start, r.end, ...tf.args) as IterableIterator<[number, number]>) {
    tools.add(groupIndex(edges, ts), d)
    bins[binIndex(d)]!.tools++
  }

  const turnStats = turns.percentiles()
  const toolStats = tools.percentiles()
  return {
    range: effectiveRange(r),
    turns: { ...turnStats.all, fromTurnDuration },
    tools: toolStats.all,
    histogram: bins,
    overTime: edges.slice(0, -1).map((ms, i) => ({
      label: groupLabel(ms, args.groupBy, r.timezone),
      start: new Date(ms).toISOString(),
      turns: turnStats.perGroup[i]!,
      tools: toolStats.perGroup[i]!,
    })),
    slowestTurns: slowest.map((t) => ({
      sessionId: t.sessionId,
      promptAt: new Date(t.ts).toISOString(),
      durationMs: t.d,
    })),
  }
}

/** Upper edges (ms) of the distribution's bins; the last bin is open-ended. */
export const HISTOGRAM_EDGES_MS = [1e3, 2e3, 5e3, 10e3, 20e3, 30e3, 60e3, 120e3, 300e3, 600e3, 1800e3]

/** The bin of a duration d: the first whose edge is above d (previous edge ≤ d < edge), else the open last one. */
function binIndex(d: number): number {
  const i = HISTOGRAM_EDGES_MS.findIndex((e) => d < e)
  return i === -1 ? HISTOGRAM_EDGES_MS.length : i
}

/**
 * Durations with their group, in two typed arrays (10 bytes a value, no object per row), for exact
 * nearest-rank percentiles (`percentiles` in common.ts) per group and over all: the values are
 * bucketed by group in place (American flag sort), each group's slice sorted, then the whole.
 */
export class GroupedDurations {
  private d: Float64Array
  private g: Uint16Array
  private n = 0
  constructor(
    private readonly groups: number,
    capacity = 1024,
  ) {
    if (groups > 0xffff) throw new Error('too many groups')
    this.d = new Float64Array(Math.max(16, capacity))
    this.g = new Uint16Array(this.d.length)
  }

  add(group: number, d: number): void {
    if (this.n === this.d.length) {
      const d2 = new Float64Array(this.d.length * 2)
      d2.set(this.d)
      const g2 = new Uint16Array(d2.length)
      g2.set(this.g)
      this.d = d2
      this.g = g2
    }
    this.d[this.n] = d
    this.g[this.n] = group
    this.n++
  }

  /** Percentiles of each group and of all values (reorders the values). */
  percentiles(): { all: Percentiles; perGroup: Percentiles[] } {
    const { d, g, n, groups } = this
    const start = new Uint32Array(groups + 1)
    for (let i = 0; i < n; i++) start[g[i]! + 1]!++
    for (let b = 0; b < groups; b++) start[b + 1]! += start[b]!
    const next = start.slice(0, groups)
    for (let b = 0; b < groups; b++)
      while (next[b]! < start[b + 1]!) {
        const i = next[b]!
        let gb = g[i]!
        let dv = d[i]!
        // Carry the value to its group's next free place, and the one found there onwards, until one of b.
        while (gb !== b) {
          const j = next[gb]!++
          const tg = g[j]!
          const td = d[j]!
          g[j] = gb
          d[j] = dv
          gb = tg
          dv = td
        }
        g[i] = b
        d[i] = dv
        next[b]!++
      }
    const perGroup = Array.from({ length: groups }, (_, b) =>
      sortedStats(d.subarray(start[b]!, start[b + 1]!).sort()),
    )
    return { all: sortedStats(d.subarray(0, n).sort()), perGroup }
  }
}

/** `percentiles` of values already sorted ascending (the same sums in the same order). */
function sortedStats(s: Float64Array): Percentiles {
  if (s.length === 0) return { count: 0, mean: null, p50: null, p90: null, p95: null, p99: null }
  const at = (q: number) => s[Math.max(0, Math.ceil(q * s.length) - 1)]!
  let sum = 0
  for (let i = 0; i < s.length; i++) sum += s[i]!
  return { count: s.length, mean: sum / s.length, p50: at(0.5), p90: at(0.9), p95: at(0.95), p99: at(0.99) }
}
