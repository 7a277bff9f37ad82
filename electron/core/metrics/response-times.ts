import type { CommonArgs, Filters, GroupBy } from '../../../shared/contract/params'
import type { ResponseTimesResult } from '../../../shared/contract/results'
import type { Db } from '../store/db'
import { effectiveRange, firstDataMs } from './common'
import { activityFilter, sessionFilter, toolCallFilter } from './filters'
import { groupEdges, groupIndex, groupLabel, resolveRange } from './range'
import { GroupHists } from './latency-hist'
import { latencyPlan } from './latency-plan'
import { BUCKET_BIN, BUCKETS, bucketLow, HISTOGRAM_EDGES_MS, RELATIVE_ERROR } from '../store/latency-buckets'
import { LATENCY_KIND, timedTool } from '../store/latency-sql'
import { ALL_DIMS } from '../store/latency-delta'

const HOUR_MS = 3_600_000
const DAY_MS = 24 * HOUR_MS

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

/**
 * Turns and tool calls in [start, end) by group: whole UTC days from `latency_1d`, the other whole UTC
 * hours from `latency_1h`, the rest from the facts (metrics/latency-plan.ts).
 */
function gather(
  db: Db,
  filters: Filters,
  edges: number[],
  start: number,
  end: number,
  useDays: boolean,
): { turns: GroupHists; tools: GroupHists; fromTurnDuration: number } {
  const groups = Math.max(1, edges.length - 1)
  const turns = new GroupHists(groups)
  const tools = new GroupHists(groups)
  let fromTurnDuration = 0
  const p = latencyPlan(edges, start, end, useDays)
  const noTurns = filters.thread === 'subagent'
  let g = 0
  for (const [kind, of] of [
    [LATENCY_KIND.turn, 'events'],
    [LATENCY_KIND.tool, 'tools'],
  ] as const) {
    if (kind === LATENCY_KIND.turn && noTurns) continue
    // Without a project or source filter, the rows over all of them.
    const f =
      filters.projects?.length || filters.sources?.length ? activityFilter(filters, of) : allDims(filters, of)
    const h = kind === LATENCY_KIND.turn ? turns : tools
    for (const [table, col, ms, spans] of [
      ['latency_1d', 'day', DAY_MS, p.days],
      ['latency_1h', 'hour', HOUR_MS, p.hours],
    ] as const) {
      if (spans.length === 0) continue
      const sql = db.prepare(
        `SELECT a.${col}, a.n, a.sum, a.flagged, a.hist FROM ${table} a
         WHERE a.kind = ? AND a.${col} >= ? AND a.${col} < ?${f.sql}`,
      )
      // Days in one read from the first to the last (a few rows a day, keyed by project first), the
      // days between spans skipped; hours span by span (every project's row of every hour lies between).
      const [from, to] = [spans[0]![0], spans[spans.length - 1]![1]]
      const skip = col === 'day' ? daysOutside(spans, from, to) : undefined
      for (const [lo, hi] of skip ? [[from, to] as const] : spans)
        for (const [at, n, sum, flagged, hist] of sql
          .raw()
          .iterate(kind, lo, hi, ...f.args) as IterableIterator<
          [number, number, number, number, Uint8Array]
        >) {
          if (skip?.[at - from]) continue
          // Rows mostly come in time order: the last row's group first, else a search.
          const t = at * ms
          if (!(t >= edges[g]! && (g + 2 >= edges.length || t < edges[g + 1]!))) g = groupIndex(edges, t)
          h.hour(g, n, sum, hist)
          if (kind === LATENCY_KIND.turn) fromTurnDuration += flagged
        }
    }
  }
  const pf = sessionFilter(filters, 't.session_id')
  const turnSql = db.prepare(
    `SELECT t.ts, t.duration_ms, t.from_turn_duration FROM turns t WHERE t.ts >= ? AND t.ts < ?${pf.sql}`,
  )
  const tf = toolCallFilter(filters, '+t.session_id')
  const toolSql = db.prepare(
    `SELECT t.ts, t.result_ts - t.ts FROM tool_calls t WHERE t.ts >= ? AND t.ts < ? AND ${timedTool('t.')}${tf.sql}`,
  )
  for (const [a, b] of p.facts) {
    if (!noTurns)
      for (const [ts, d, f] of turnSql.raw().iterate(a, b, ...pf.args) as IterableIterator<
        [number, number, number]
      >) {
        turns.value(groupIndex(edges, ts), d)
        if (f === 1) fromTurnDuration++
      }
    for (const [ts, d] of toolSql.raw().iterate(a, b, ...tf.args) as IterableIterator<[number, number]>)
      tools.value(groupIndex(edges, ts), d)
  }
  return { turns, tools, fromTurnDuration }
}

/** Marks (1) the keys in [from, to) that no span covers. */
function daysOutside(spans: [number, number][], from: number, to: number): Uint8Array {
  const out = new Uint8Array(to - from).fill(1)
  for (const [a, b] of spans) out.fill(0, a - from, b - from)
  return out
}

/** The filter on the rows over all projects and sources: the thread alone. */
function allDims(filters: Filters, of: 'events' | 'tools'): { sql: string; args: number[] } {
  const f = activityFilter({ thread: filters.thread }, of)
  return { sql: `${f.sql} AND a.project_id = ? AND a.source_id = ?`, args: [...ALL_DIMS] }
}

/** The 10 slowest turns in the range, slowest first (ties: session id, then start): exact. */
function slowestTurns(db: Db, filters: Filters, start: number, end: number, turns: GroupHists) {
  if (filters.thread === 'subagent') return []
  // Only turns in the buckets that hold the 10 slowest need to be read.
  const min = bucketLow(GroupHists.topBucket(turns.total(), 10))
  const pf = sessionFilter(filters, 't.session_id')
  const rows = db
    .prepare(
      `SELECT t.session_id, t.ts, t.duration_ms FROM turns t
       WHERE t.duration_ms >= ? AND t.ts >= ? AND t.ts < ?${pf.sql}
       ORDER BY t.duration_ms DESC, t.session_id, t.ts LIMIT 10`,
    )
    .raw()
    .all(min, start, end, ...pf.args) as [string, number, number][]
  return rows.map(([sessionId, ts, durationMs]) => ({
    sessionId,
    promptAt: new Date(ts).toISOString(),
    durationMs,
  }))
}

/**
 * Turn time: for each human prompt or slash command (main thread), the turn runs until the next one of
 * the session. Its duration is the sum of the `system/turn_duration` lines written in that span (a turn
 * resumed by task notifications has several) when the log has them, else the
 * time from the prompt to the last main-thread response before the next prompt. Turns with no
 * response, or longer than MAX_TURN_MS, are left out. Tool time: tool_result − tool_use.
 * Percentiles are estimates within RELATIVE_ERROR (ARCHITECTURE.md, Response times); the rest is exact.
 */
export function responseTimes(
  db: Db,
  args: CommonArgs & { groupBy: GroupBy },
  now: number,
): ResponseTimesResult {
  return answer(db, args, now, true)
}

/** The same answer read from hours alone (tests: whole days must merge to the same buckets). */
export function responseTimesFromHours(
  db: Db,
  args: CommonArgs & { groupBy: GroupBy },
  now: number,
): ResponseTimesResult {
  return answer(db, args, now, false)
}

function answer(
  db: Db,
  args: CommonArgs & { groupBy: GroupBy },
  now: number,
  useDays: boolean,
): ResponseTimesResult {
  const r = resolveRange(args, now, firstDataMs(db, now))
  // First: a request with too many groups is refused before any query runs.
  const edges = groupEdges(r.start, r.end, args.groupBy, r.timezone, r.weekStart)
  const { turns, tools, fromTurnDuration } = gather(db, args.filters, edges, r.start, r.end, useDays)
  const [turnAll, toolAll] = [turns.total(), tools.total()]
  const bins = [...HISTOGRAM_EDGES_MS, null].map((upToMs) => ({ upToMs, turns: 0, tools: 0 }))
  for (let b = 0; b < BUCKETS; b++) {
    bins[BUCKET_BIN[b]!]!.turns += turnAll[b]!
    bins[BUCKET_BIN[b]!]!.tools += toolAll[b]!
  }
  const turnStats = turns.percentiles()
  const toolStats = tools.percentiles()
  return {
    range: effectiveRange(r),
    estimate: { relativeError: RELATIVE_ERROR },
    turns: { ...turnStats.all, fromTurnDuration },
    tools: toolStats.all,
    histogram: bins,
    overTime: edges.slice(0, -1).map((ms, i) => ({
      label: groupLabel(ms, args.groupBy, r.timezone),
      start: new Date(ms).toISOString(),
      turns: turnStats.perGroup[i]!,
      tools: toolStats.perGroup[i]!,
    })),
    slowestTurns: slowestTurns(db, args.filters, r.start, r.end, turns),
  }
}

export { HISTOGRAM_EDGES_MS }
