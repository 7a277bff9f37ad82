import type { CommonArgs, Filters, GroupBy } from '../../shared/contract/params'
import type { ModelsResult, ResponseTimesResult } from '../../shared/contract/results'
import { REQUESTS } from '../../shared/contract'
import { firstDataMs, percentiles } from '../../electron/core/metrics/common'
import { sessionFilter } from '../../electron/core/metrics/filters'
import { groupEdges, groupIndex, resolveRange } from '../../electron/core/metrics/range'
import { HISTOGRAM_EDGES_MS, MAX_TURN_MS, type Turn } from '../../electron/core/metrics/response-times'
import { DAY_MS } from '../../electron/core/store/buckets'
import { BUCKET_VALUE, bucketOf } from '../../electron/core/store/latency-buckets'
import type { Percentiles } from '../../shared/contract/results'
import type { Db } from '../../electron/core/store/db'
import { rebuildTurns } from '../../electron/core/store/turns'

/** forEachTurn as it was before the `turns` table (issue #17): correlated searches per prompt. */
export function oldForEachTurn(
  db: Db,
  filters: Filters,
  start: number,
  end: number,
  fn: (t: Turn) => void,
): void {
  const pf = sessionFilter(filters, 'e.session_id')
  const rows = db
    .prepare(
      `WITH p AS (
         SELECT e.session_id, e.ts, LEAD(e.ts) OVER (PARTITION BY e.session_id ORDER BY e.ts) AS next_ts
         FROM events e WHERE e.kind IN ('prompt', 'command') AND e.agent_id IS NULL AND e.ts >= ? AND e.ts < ?${pf.sql}),
       t AS (
         SELECT p.session_id, p.ts,
           (SELECT SUM(d.value) FROM events d WHERE d.session_id = p.session_id AND d.kind = 'turn_duration' AND d.agent_id IS NULL
              AND d.ts > p.ts AND d.ts <= COALESCE(p.next_ts, p.ts + ${MAX_TURN_MS})) AS dur,
           (SELECT x.ts || ':' || x.model_id FROM responses x WHERE x.session_id = p.session_id AND x.agent_id IS NULL
              AND x.is_sidechain = 0 AND x.ts > p.ts AND x.ts < COALESCE(p.next_ts, p.ts + ${MAX_TURN_MS})
              ORDER BY x.ts DESC LIMIT 1) AS last
         FROM p WHERE p.ts < ?)
       SELECT t.session_id AS sessionId, t.ts, t.dur, t.last, m.name AS model
       FROM t LEFT JOIN models m ON m.id = CAST(substr(t.last, instr(t.last, ':') + 1) AS INTEGER)`,
    )
    .iterate(start, end + DAY_MS, ...pf.args, end) as IterableIterator<{
    sessionId: string
    ts: number
    dur: number | null
    last: string | null
    model: string | null
  }>
  for (const t of rows) {
    const lastTs = t.last === null ? null : Number(t.last.slice(0, t.last.indexOf(':')))
    const d = t.dur ?? (lastTs === null ? null : lastTs - t.ts)
    if (d === null || d <= 0 || d > MAX_TURN_MS) continue
    fn({ sessionId: t.sessionId, ts: t.ts, durationMs: d, fromTurnDuration: t.dur !== null, model: t.model })
  }
}

type Each = (db: Db, filters: Filters, start: number, end: number, fn: (t: Turn) => void) => void

/**
 * Exact percentiles as the histograms give them (migration 016): nearest-rank over buckets lands in the
 * bucket of the exact value, so each is the value that bucket stands for.
 */
export function asEstimate(p: Percentiles): Percentiles {
  const e = (x: number | null) => (x === null ? null : BUCKET_VALUE[bucketOf(x)]!)
  return { ...p, p50: e(p.p50), p90: e(p.p90), p95: e(p.p95), p99: e(p.p99) }
}

/** The turn figures of a responseTimes answer, computed in arrays from `each`'s turns (slowest: a stable sort). */
export function turnFigures(db: Db, raw: object, now: number, each: Each = oldForEachTurn) {
  const args = REQUESTS.responseTimes.parse(raw) as CommonArgs & { groupBy: GroupBy }
  const r = resolveRange(args, now, firstDataMs(db, now))
  const edges = groupEdges(r.start, r.end, args.groupBy, r.timezone, r.weekStart)
  const turns: Turn[] = []
  each(db, args.filters, r.start, r.end, (t) => turns.push(t))
  const perGroup = edges.slice(0, -1).map(() => [] as number[])
  for (const t of turns) perGroup[groupIndex(edges, t.ts)]?.push(t.durationMs)
  const bins = [...HISTOGRAM_EDGES_MS, null].map(() => 0)
  for (const t of turns) {
    const i = HISTOGRAM_EDGES_MS.findIndex((e) => t.durationMs < e)
    bins[i === -1 ? bins.length - 1 : i]!++
  }
  return {
    turns: {
      ...asEstimate(percentiles(turns.map((t) => t.durationMs))),
      fromTurnDuration: turns.filter((t) => t.fromTurnDuration).length,
    },
    histogram: bins,
    overTime: perGroup.map((ds) => asEstimate(percentiles(ds))),
    slowestTurns: [...turns]
      .sort((a, b) => b.durationMs - a.durationMs)
      .slice(0, 10)
      .map((t) => ({
        sessionId: t.sessionId,
        promptAt: new Date(t.ts).toISOString(),
        durationMs: t.durationMs,
      })),
  }
}

/** The same figures taken from an answer. */
export function answerFigures(a: ResponseTimesResult): ReturnType<typeof turnFigures> {
  return {
    turns: a.turns,
    histogram: a.histogram.map((b) => b.turns),
    overTime: a.overTime.map((g) => g.turns),
    slowestTurns: a.slowestTurns,
  }
}

/** Per model, the mean turn time (models' avgResponseMs) from `each`'s turns. */
export function modelTurnMeans(
  db: Db,
  raw: object,
  now: number,
  each: Each = oldForEachTurn,
): Map<string, number> {
  const args = REQUESTS.models.parse(raw) as CommonArgs
  const r = resolveRange(args, now, firstDataMs(db, now))
  const sums = new Map<string, { sum: number; n: number }>()
  each(db, args.filters, r.start, r.end, (t) => {
    if (t.model === null) return
    const m = sums.get(t.model) ?? { sum: 0, n: 0 }
    m.sum += t.durationMs
    m.n++
    sums.set(t.model, m)
  })
  return new Map([...sums].map(([k, v]) => [k, v.sum / v.n]))
}

export const answerMeans = (a: ModelsResult): Map<string, number> =>
  new Map(a.models.filter((m) => m.avgResponseMs !== null).map((m) => [m.model, m.avgResponseMs!]))

/** Every stored turn, ordered, with its model's name (ids depend on the order models were first seen). */
export function turnRows(db: Db): unknown[] {
  return db
    .prepare(
      `SELECT t.session_id, t.ts, t.duration_ms, t.from_turn_duration, m.name AS model
         FROM turns t LEFT JOIN models m ON m.id = t.model_id ORDER BY t.session_id, t.ts`,
    )
    .all()
}

/** The turns a from-scratch rebuild gives, without changing the store (rolled back). */
export function rebuiltTurnRows(db: Db): unknown[] {
  db.exec('BEGIN')
  try {
    rebuildTurns(db)
    return turnRows(db)
  } finally {
    db.exec('ROLLBACK')
  }
}
