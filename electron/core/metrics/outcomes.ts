import type { Db } from '../store/db'
import { PROBE_SQL } from '../store/session-outcomes-sql'
import { dimensionFilter } from './filters'
import { dataMaxMs, inWindow } from './limits'
import { groupIndex } from './range'

export type Outcome = 'endedNormally' | 'interrupted' | 'apiError' | 'noReply'
const KINDS: readonly Outcome[] = ['endedNormally', 'interrupted', 'apiError', 'noReply']

/** Inputs of a session's outcome: last reply, prompt, interruption and API error (null: none). */
export interface OutcomeInputs {
  lr: number | null
  lp: number | null
  li: number | null
  la: number | null
}

/** What came last on the main thread: an API error, an interruption, a prompt without a reply, else a normal end. */
export function outcomeOf(s: OutcomeInputs): Outcome {
  const lr = s.lr ?? -1
  const after = Math.max(lr, s.lp ?? -1)
  return s.la !== null && s.la >= after
    ? 'apiError'
    : s.li !== null && s.li >= after
      ? 'interrupted'
      : s.lp !== null && s.lp > lr
        ? 'noReply'
        : 'endedNormally'
}

/** outcomeOf in SQL over `session_outcomes` (alias s), as an index into KINDS. */
const AFTER = `MAX(IFNULL(s.last_reply, -1), IFNULL(s.last_prompt, -1))`
const OUTCOME_SQL = `CASE WHEN s.last_api_error >= ${AFTER} THEN 2 WHEN s.last_interrupt >= ${AFTER} THEN 1
  WHEN s.last_prompt > IFNULL(s.last_reply, -1) THEN 3 ELSE 0 END`
/** A row the stored inputs cannot answer: marked dirty, or holding an instant past the data window. */
const EXACT = (
  max: number,
) => `NOT s.dirty AND IFNULL(s.last_prompt, 0) < ${max} AND IFNULL(s.last_interrupt, 0) < ${max}
  AND IFNULL(s.last_api_error, 0) < ${max} AND IFNULL(s.last_reply, 0) < ${max}`

/**
 * Session outcomes per group: a session in [start, end) (its span overlaps it) counts in the group of
 * its last activity (clamped to end − 1). `edges` are the group edges. Counted per group in SQL from
 * `session_outcomes` (migration 017) through its covering index; a session whose row is dirty or holds
 * a corrupt instant past the data window is probed in the facts as before.
 */
export function outcomeCounts(
  db: Db,
  filters: { projects?: string[]; sources?: string[] },
  start: number,
  end: number,
  edges: number[],
  now: number,
): { total: Record<Outcome, number>; perGroup: Record<Outcome, number>[] } {
  const n = edges.length - 1
  const total: Record<Outcome, number> = { endedNormally: 0, interrupted: 0, apiError: 0, noReply: 0 }
  const perGroup = Array.from({ length: n }, () => ({ ...total }))
  const sf = dimensionFilter({ projects: filters.projects, sources: filters.sources }, 's', '0')
  // `+`: the groups' bounds, not the window's, search the index.
  const [lw, fw] = [inWindow('+s.last_ts', now), inWindow('s.first_ts', now)]
  const max = dataMaxMs(now)
  // Group g holds last activity in [lo, hi); the first starts at the range, the last runs to the window's end.
  const lows = edges.slice(0, n).map((ms, i) => (i === 0 ? Math.max(ms, start) : ms))
  const count = (g: number, k: Outcome) => {
    total[k]++
    const p = perGroup[g]
    if (p) p[k]++
  }
  const rows = db
    .prepare(
      `WITH grp(g, lo, hi) AS (SELECT key, value, LEAD(value, 1, ${max}) OVER (ORDER BY key) FROM json_each(?))
       SELECT grp.g AS g, CASE WHEN ${EXACT(max)} THEN ${OUTCOME_SQL} ELSE -1 END AS k, COUNT(*) AS n
       FROM grp CROSS JOIN session_outcomes s ON s.last_ts >= grp.lo AND s.last_ts < grp.hi
       WHERE s.first_ts < ?${lw.sql}${fw.sql}${sf.sql} GROUP BY 1, 2`,
    )
    .all(JSON.stringify(lows), end, ...lw.args, ...fw.args, ...sf.args) as {
    g: number
    k: number
    n: number
  }[]
  let inexact = false
  for (const r of rows) {
    if (r.k < 0) {
      inexact = true
      continue
    }
    const k = KINDS[r.k]!
    total[k] += r.n
    perGroup[r.g]![k] += r.n
  }
  if (!inexact) return { total, perGroup }
  const probe = db.prepare(PROBE_SQL)
  for (const s of db
    .prepare(
      `SELECT s.session_id AS id, s.last_ts AS lt FROM session_outcomes s
       WHERE s.last_ts >= ? AND s.first_ts < ?${lw.sql}${fw.sql}${sf.sql} AND NOT (${EXACT(max)})`,
    )
    .all(start, end, ...lw.args, ...fw.args, ...sf.args) as { id: string; lt: number }[]) {
    count(groupIndex(edges, Math.min(s.lt, end - 1)), outcomeOf(probe.get({ s: s.id, max }) as OutcomeInputs))
  }
  return { total, perGroup }
}
