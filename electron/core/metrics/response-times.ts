import type { CommonArgs, GroupBy } from '../../../shared/contract/params'
import type { Percentiles, ResponseTimesResult } from '../../../shared/contract/results'
import type { Db } from '../store/db'
import { effectiveRange, firstDataMs } from './common'
import { sessionFilter, toolCallFilter } from './filters'
import { groupEdges, groupIndex, groupLabel, resolveRange } from './range'

const DAY_MS = 86_400_000
/** Turns longer than this are someone who walked away, not a response time. */
export const MAX_TURN_MS = 4 * 3_600_000

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
  const r = resolveRange(args, now, firstDataMs(db))
  const pf = sessionFilter(args.filters, 'e.session_id')
  const turns = db
    .prepare(
      `WITH p AS (
         SELECT e.session_id, e.ts, LEAD(e.ts) OVER (PARTITION BY e.session_id ORDER BY e.ts) AS next_ts
         FROM events e WHERE e.kind = 'prompt' AND e.agent_id IS NULL AND e.ts >= ? AND e.ts < ?${pf.sql})
       SELECT p.session_id AS sessionId, p.ts,
         (SELECT d.value FROM events d WHERE d.session_id = p.session_id AND d.kind = 'turn_duration'
            AND d.ts > p.ts AND d.ts <= COALESCE(p.next_ts, p.ts + ${MAX_TURN_MS}) ORDER BY d.ts LIMIT 1) AS dur,
         (SELECT MAX(x.ts) FROM responses x WHERE x.session_id = p.session_id AND x.agent_id IS NULL AND x.is_sidechain = 0
            AND x.ts > p.ts AND x.ts < COALESCE(p.next_ts, p.ts + ${MAX_TURN_MS})) AS last
       FROM p WHERE p.ts < ?`,
    )
    .all(r.start, r.end + DAY_MS, ...pf.args, r.end) as {
    sessionId: string
    ts: number
    dur: number | null
    last: number | null
  }[]
  const tf = toolCallFilter(args.filters)
  const tools = db
    .prepare(
      `SELECT t.ts, t.result_ts - t.ts AS d FROM tool_calls t
       WHERE t.ts >= ? AND t.ts < ? AND t.result_ts IS NOT NULL AND t.result_ts >= t.ts${tf.sql}`,
    )
    .all(r.start, r.end, ...tf.args) as { ts: number; d: number }[]

  const edges = groupEdges(r.start, r.end, args.groupBy, r.timezone, r.weekStart)
  const perGroupTurns = edges.slice(0, -1).map(() => [] as number[])
  const perGroupTools = edges.slice(0, -1).map(() => [] as number[])
  const all: { sessionId: string; ts: number; d: number }[] = []
  let fromTurnDuration = 0
  for (const t of turns) {
    const d = t.dur ?? (t.last === null ? null : t.last - t.ts)
    if (d === null || d <= 0 || d > MAX_TURN_MS) continue
    if (t.dur !== null) fromTurnDuration++
    all.push({ sessionId: t.sessionId, ts: t.ts, d })
    perGroupTurns[groupIndex(edges, t.ts)]?.push(d)
  }
  for (const t of tools) perGroupTools[groupIndex(edges, t.ts)]?.push(t.d)
  return {
    range: effectiveRange(r),
    turns: { ...percentiles(all.map((t) => t.d)), fromTurnDuration },
    tools: percentiles(tools.map((t) => t.d)),
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
