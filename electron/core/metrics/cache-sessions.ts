import type { CommonArgs } from '../../../shared/contract/params'
import type { Db } from '../store/db'
import { DAY_MS } from '../store/buckets'
import { SUB_OF_RESPONSE } from '../store/session-totals-sql'
import { dimensionFilter } from './filters'

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
export function sessionRows(db: Db, args: CommonArgs, start: number, end: number): SessionCacheRow[] {
  const f = dimensionFilter(args.filters, 't', 't.is_subagent')
  const span = [Math.floor(start / DAY_MS), Math.floor((end - 1) / DAY_MS), start, end]
  const from = `FROM session_totals t JOIN models m ON m.id = t.model_id
    WHERE t.day >= ? AND t.day <= ? AND t.last_ts >= ? AND t.first_ts < ?${f.sql}`
  const inside = db
    .prepare(
      `SELECT t.session_id AS id, m.name AS model, t.day, SUM(t.input + t.cache_write_5m + t.cache_write_1h) AS other,
        SUM(t.cache_read) AS cr ${from} AND t.first_ts >= ? AND t.last_ts < ? GROUP BY t.session_id, m.name, t.day`,
    )
    .all(...span, ...f.args, start, end) as SessionCacheRow[]
  const edge = db
    .prepare(
      `SELECT t.session_id AS id, m.name AS model, t.day, t.project_id, t.model_id, t.source_id, t.is_subagent
       ${from} AND NOT (t.first_ts >= ? AND t.last_ts < ?)`,
    )
    .all(...span, ...f.args, start, end) as (SessionCacheRow & Record<string, number>)[]
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
