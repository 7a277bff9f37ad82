import type { CommonArgs, Filters, GroupBy } from '../../../shared/contract/params'
import type { ResponseTimesResult } from '../../../shared/contract/results'
import type { Db } from '../store/db'
import { effectiveRange, firstDataMs, percentiles } from './common'
import { sessionFilter, toolCallFilter } from './filters'
import { groupEdges, groupIndex, groupLabel, resolveRange } from './range'
import { DAY_MS } from '../store/buckets'
import { dataMaxMs } from './limits'

/** Turns longer than this are someone who walked away, not a response time. */
export const MAX_TURN_MS = 4 * 3_600_000

export interface Turn {
  sessionId: string
  ts: number
  durationMs: number
  fromTurnDuration: boolean
  /** Model of the turn's last main-thread response. */
  model: string | null
}

/** The turns that started in [start, end), timed by the rule above (see responseTimes). */
export function turnsIn(db: Db, filters: Filters, start: number, end: number): Turn[] {
  const pf = sessionFilter(filters, 'e.session_id')
  const rows = db
    .prepare(
      `WITH p AS (
         SELECT e.session_id, e.ts, LEAD(e.ts) OVER (PARTITION BY e.session_id ORDER BY e.ts) AS next_ts
         FROM events e WHERE e.kind = 'prompt' AND e.agent_id IS NULL AND e.ts >= ? AND e.ts < ?${pf.sql}),
       t AS (
         SELECT p.session_id, p.ts,
           (SELECT d.value FROM events d WHERE d.session_id = p.session_id AND d.kind = 'turn_duration'
              AND d.ts > p.ts AND d.ts <= COALESCE(p.next_ts, p.ts + ${MAX_TURN_MS}) ORDER BY d.ts LIMIT 1) AS dur,
           (SELECT x.ts || ':' || x.model_id FROM responses x WHERE x.session_id = p.session_id AND x.agent_id IS NULL
              AND x.is_sidechain = 0 AND x.ts > p.ts AND x.ts < COALESCE(p.next_ts, p.ts + ${MAX_TURN_MS})
              ORDER BY x.ts DESC LIMIT 1) AS last
         FROM p WHERE p.ts < ?)
       SELECT t.session_id AS sessionId, t.ts, t.dur, t.last, m.name AS model
       FROM t LEFT JOIN models m ON m.id = CAST(substr(t.last, instr(t.last, ':') + 1) AS INTEGER)`,
    )
    .all(start, end + DAY_MS, ...pf.args, end) as {
    sessionId: string
    ts: number
    dur: number | null
    last: string | null
    model: string | null
  }[]
  const out: Turn[] = []
  for (const t of rows) {
    const lastTs = t.last === null ? null : Number(t.last.slice(0, t.last.indexOf(':')))
    const d = t.dur ?? (lastTs === null ? null : lastTs - t.ts)
    if (d === null || d <= 0 || d > MAX_TURN_MS) continue
    out.push({
      sessionId: t.sessionId,
      ts: t.ts,
      durationMs: d,
      fromTurnDuration: t.dur !== null,
      model: t.model,
    })
  }
  return out
}

/**
 * Turn time: for each human prompt (main thread), the turn runs until the next prompt of the session.
 * Its duration is the `system/turn_duration` written in that span when the log has one, else the
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
  const turns = turnsIn(db, args.filters, r.start, r.end)
  const tf = toolCallFilter(args.filters)
  const tools = db
    .prepare(
      `SELECT t.ts, t.result_ts - t.ts AS d FROM tool_calls t
       WHERE t.ts >= ? AND t.ts < ? AND t.result_ts IS NOT NULL AND t.result_ts >= t.ts AND t.result_ts < ${dataMaxMs(now)}${tf.sql}`,
    )
    .all(r.start, r.end, ...tf.args) as { ts: number; d: number }[]

  const perGroupTurns = edges.slice(0, -1).map(() => [] as number[])
  const perGroupTools = edges.slice(0, -1).map(() => [] as number[])
  const all = turns.map((t) => ({ sessionId: t.sessionId, ts: t.ts, d: t.durationMs }))
  for (const t of all) perGroupTurns[groupIndex(edges, t.ts)]?.push(t.d)
  for (const t of tools) perGroupTools[groupIndex(edges, t.ts)]?.push(t.d)
  return {
    range: effectiveRange(r),
    turns: {
      ...percentiles(all.map((t) => t.d)),
      fromTurnDuration: turns.filter((t) => t.fromTurnDuration).length,
    },
    tools: percentiles(tools.map((t) => t.d)),
    histogram: histogram(
      all.map((t) => t.d),
      tools.map((t) => t.d),
    ),
    overTime: edges.slice(0, -1).map((ms, i) => ({
      label: groupLabel(ms, args.groupBy, r.timezone),
      start: new Date(ms).toISOString(),
      turns: percentiles(perGroupTurns[i]!),
      tools: percentiles(perGroupTools[i]!),
    })),
    slowestTurns: all
      .sort((a, b) => b.d - a.d)
      .slice(0, 10)
      .map((t) => ({ sessionId: t.sessionId, promptAt: new Date(t.ts).toISOString(), durationMs: t.d })),
  }
}

/** Upper edges (ms) of the distribution's bins; the last bin is open-ended. */
export const HISTOGRAM_EDGES_MS = [1e3, 2e3, 5e3, 10e3, 20e3, 30e3, 60e3, 120e3, 300e3, 600e3, 1800e3]

/** Counts of turn and tool durations per bin: a bin holds durations d with previous edge ≤ d < its edge. */
export function histogram(turns: number[], tools: number[]): ResponseTimesResult['histogram'] {
  const bins = [...HISTOGRAM_EDGES_MS, null].map((upToMs) => ({ upToMs, turns: 0, tools: 0 }))
  const bin = (d: number) => {
    const i = HISTOGRAM_EDGES_MS.findIndex((e) => d < e)
    return bins[i === -1 ? bins.length - 1 : i]!
  }
  for (const d of turns) bin(d).turns++
  for (const d of tools) bin(d).tools++
  return bins
}
