import type { CommonArgs } from '../../../shared/contract/params'
import type { Db } from '../store/db'
import { DAY_MS } from '../store/buckets'
import { SUB_OF_RESPONSE } from '../store/session-totals-sql'
import { dimensionFilter } from './filters'

/** Only the sessions listed (a JSON array), searched by session. */
const ONLY = ` AND t.session_id IN (SELECT value FROM json_each(?))`
/**
 * A row cut by the range's start or end. Rows lie within their UTC day, so only the range's first and
 * last days can hold one: the days between are read whole.
 */
const EDGE = `t.day IN (?, ?) AND NOT (t.first_ts >= ? AND t.last_ts < ?)`

export interface SessionCacheRow {
  id: string
  model: string
  day: number
  other: number
  cr: number
}

/**
 * Input (+ cache writes) and cache reads per session, model and UTC day of the responses in [start,
 * end) that match the filters, ordered by session id, model and day, from session_totals: a row wholly
 * inside the range counts as it is; only rows that straddle an edge (the range's first and last day)
 * read their responses in it (responses_session: session, time).
 */
export function sessionRows(
  db: Db,
  args: CommonArgs,
  start: number,
  end: number,
  ids?: readonly string[],
): SessionCacheRow[] {
  const f = dimensionFilter(args.filters, 't', 't.is_subagent')
  const only = ids ? [JSON.stringify(ids)] : []
  const [first, last] = [Math.floor(start / DAY_MS), Math.floor((end - 1) / DAY_MS)]
  const span = [first, last, start, end, ...only]
  const from = `FROM session_totals t JOIN models m ON m.id = t.model_id
    WHERE t.day >= ? AND t.day <= ? AND t.last_ts >= ? AND t.first_ts < ?${ids ? ONLY : ''}${f.sql}`
  const inside = db
    .prepare(
      `SELECT t.session_id AS id, m.name AS model, t.day, SUM(t.input + t.cache_write_5m + t.cache_write_1h) AS other,
        SUM(t.cache_read) AS cr ${from} AND t.first_ts >= ? AND t.last_ts < ? GROUP BY t.session_id, m.name, t.day`,
    )
    .all(...span, ...f.args, start, end) as SessionCacheRow[]
  const edge = db
    .prepare(
      `SELECT t.session_id AS id, m.name AS model, t.day, t.project_id, t.model_id, t.source_id, t.is_subagent
       ${from} AND ${EDGE}`,
    )
    .all(...span, ...f.args, first, last, start, end) as (SessionCacheRow & Record<string, number>)[]
  const part = db.prepare(
    `SELECT COUNT(*) AS n, SUM(input + cache_write_5m + cache_write_1h) AS other, SUM(cache_read) AS cr FROM responses
     WHERE session_id = ? AND ts >= ? AND ts < ? AND IFNULL(project_id, 0) = ? AND model_id = ? AND source_id = ?
       AND ${SUB_OF_RESPONSE} = ?`,
  )
  const byKey = new Map<string, SessionCacheRow>()
  for (const row of inside) byKey.set(`${row.id}\u0000${row.model}\u0000${row.day}`, row)
  const added: SessionCacheRow[] = []
  for (const e of edge) {
    const lo = Math.max(start, e.day * DAY_MS)
    const hi = Math.min(end, (e.day + 1) * DAY_MS)
    const p = part.get(e.id, lo, hi, e.project_id, e.model_id, e.source_id, e.is_subagent) as {
      n: number
      other: number
      cr: number
    }
    if (p.n === 0) continue
    const k = `${e.id}\u0000${e.model}\u0000${e.day}`
    const row = byKey.get(k)
    if (row) {
      row.other += p.other
      row.cr += p.cr
    } else {
      const r = { id: e.id, model: e.model, day: e.day, other: p.other, cr: p.cr }
      byKey.set(k, r)
      added.push(r)
    }
  }
  // Savings are summed in (session, model, day) order, as a GROUP BY over responses gives them: the few
  // rows only the edges hold are merged into the inside rows, which come in that order.
  return merge(inside, added.sort(byOrder))
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)
const byOrder = (a: SessionCacheRow, b: SessionCacheRow): number =>
  cmp(a.id, b.id) || cmp(a.model, b.model) || a.day - b.day

function merge(a: SessionCacheRow[], b: SessionCacheRow[]): SessionCacheRow[] {
  if (b.length === 0) return a
  const out: SessionCacheRow[] = []
  let j = 0
  for (const x of a) {
    while (j < b.length && byOrder(b[j]!, x) < 0) out.push(b[j++]!)
    out.push(x)
  }
  while (j < b.length) out.push(b[j++]!)
  return out
}

/** The saving per cache-read token of a model id on a UTC day (null: unpriced). */
export type DayRate = (modelId: number, day: number) => number | null

/**
 * `rate` as a SQL expression over `t.model_id` and `t.day` for the models and days given: a CASE per
 * model over runs of days with one rate (rates change on a few dates), 0 elsewhere. Ranking only.
 */
function rateSql(pairs: [number, number][], rate: DayRate): string {
  const byModel = new Map<number, number[]>()
  for (const [m, d] of pairs) {
    let days = byModel.get(m)
    if (!days) byModel.set(m, (days = []))
    days.push(d)
  }
  const arms: string[] = []
  for (const [m, days] of byModel) {
    days.sort((a, b) => a - b)
    const runs: { lo: number; hi: number; r: number }[] = []
    for (const d of days) {
      const r = rate(m, d) ?? 0
      const last = runs[runs.length - 1]
      if (last && last.r === r) last.hi = d
      else runs.push({ lo: d, hi: d, r })
    }
    const inner = runs.map((x) => `WHEN t.day <= ${x.hi} THEN ${x.r}`).join(' ')
    arms.push(`WHEN ${m} THEN CASE ${inner} ELSE 0 END`)
  }
  return arms.length === 0 ? '0' : `CASE t.model_id ${arms.join(' ')} ELSE 0 END`
}

/**
 * The sessions that can be among the `k` that saved most in [start, end): the `k` first by the savings
 * of their rows wholly inside the range (summed in SQL; ties by session id), and every session with a
 * row cut by an edge, whose part in the range only `sessionRows` sums. `pairs` are the (model id, day)
 * cells with cache reads in the range. The caller sums these candidates exactly; `k` leaves room for
 * SQL's sums, which may differ from its own in the last bits.
 */
export function topSessionCandidates(
  db: Db,
  args: CommonArgs,
  start: number,
  end: number,
  pairs: [number, number][],
  rate: DayRate,
  k: number,
): string[] {
  const f = dimensionFilter(args.filters, 't', 't.is_subagent')
  const [first, last] = [Math.floor(start / DAY_MS), Math.floor((end - 1) / DAY_MS)]
  const top = db
    .prepare(
      `SELECT id FROM (
         SELECT t.session_id AS id, TOTAL(t.cache_read * (${rateSql(pairs, rate)})) AS saved FROM session_totals t
         WHERE t.day >= ? AND t.day <= ? AND t.first_ts >= ? AND t.last_ts < ?${f.sql} GROUP BY t.session_id, t.model_id)
       GROUP BY id ORDER BY TOTAL(saved) DESC, id LIMIT ?`,
    )
    .pluck()
    .all(first, last, start, end, ...f.args, k) as string[]
  const edge = db
    .prepare(
      `SELECT DISTINCT t.session_id FROM session_totals t
       WHERE t.day >= ? AND t.day <= ? AND t.last_ts >= ? AND t.first_ts < ?${f.sql} AND ${EDGE}`,
    )
    .pluck()
    .all(first, last, start, end, ...f.args, first, last, start, end) as string[]
  return [...new Set([...top, ...edge])].sort()
}
