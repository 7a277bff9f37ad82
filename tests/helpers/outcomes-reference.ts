import type { CommonArgs, GroupBy } from '../../shared/contract/params'
import type { Db } from '../../electron/core/store/db'
import { firstDataMs } from '../../electron/core/metrics/common'
import { dimensionFilter } from '../../electron/core/metrics/filters'
import { dataMaxMs, inWindow } from '../../electron/core/metrics/limits'
import { outcomeOf, type Outcome } from '../../electron/core/metrics/outcomes'
import { groupEdges, groupIndex, resolveRange } from '../../electron/core/metrics/range'

type Counts = Record<Outcome, number>
const zero = (): Counts => ({ endedNormally: 0, interrupted: 0, apiError: 0, noReply: 0 })

/**
 * `tools`' session outcomes as computed before migration 017 (four searches of the facts per session
 * in the range): the reference `session_outcomes` must reproduce, in total and per group.
 */
export function outcomesReference(
  db: Db,
  args: CommonArgs & { groupBy: GroupBy },
  now: number,
): { outcomes: Counts; overTime: Counts[] } {
  const r = resolveRange(args, now, firstDataMs(db, now))
  const edges = groupEdges(r.start, r.end, args.groupBy, r.timezone, r.weekStart)
  const overTime = edges.slice(0, -1).map(zero)
  const sf = dimensionFilter({ projects: args.filters.projects, sources: args.filters.sources }, 's', '0')
  const [lw, fw] = [inWindow('s.last_ts', now), inWindow('s.first_ts', now)]
  const max = dataMaxMs(now)
  const last = (kind: string) =>
    `(SELECT MAX(ts) FROM events WHERE session_id = s.id AND kind = '${kind}' AND ts < ${max})`
  const sessions = db
    .prepare(
      `SELECT s.last_ts AS lt, ${last('prompt')} AS lp, ${last('interrupt')} AS li, ${last('api_error')} AS la,
        (SELECT MAX(ts) FROM responses WHERE session_id = s.id AND agent_id IS NULL AND is_sidechain = 0 AND ts < ${max}) AS lr
       FROM sessions s WHERE s.last_ts >= ? AND s.first_ts < ?${lw.sql}${fw.sql}${sf.sql}`,
    )
    .all(r.start, r.end, ...lw.args, ...fw.args, ...sf.args) as {
    lt: number
    lp: number | null
    li: number | null
    la: number | null
    lr: number | null
  }[]
  const outcomes = zero()
  for (const s of sessions) {
    const o = outcomeOf(s)
    outcomes[o]++
    const p = overTime[groupIndex(edges, Math.min(s.lt, r.end - 1))]
    if (p) p[o]++
  }
  return { outcomes, overTime }
}

/** Rows of `session_outcomes` that differ from a recount from sessions, events and responses (empty: exact). */
export function sessionOutcomesMismatch(db: Db): unknown[] {
  const num = (c: string) => `typeof(${c}.ts) IN ('integer', 'real')`
  return db
    .prepare(
      `WITH want AS (
        SELECT id AS session_id, s.first_ts, s.last_ts, s.project_id, s.source_id,
          (SELECT MAX(ts) FROM events e WHERE e.session_id = s.id AND e.kind = 'prompt' AND ${num('e')}) AS lp,
          (SELECT MAX(ts) FROM events e WHERE e.session_id = s.id AND e.kind = 'interrupt' AND ${num('e')}) AS li,
          (SELECT MAX(ts) FROM events e WHERE e.session_id = s.id AND e.kind = 'api_error' AND ${num('e')}) AS la,
          (SELECT MAX(ts) FROM responses y WHERE y.session_id = s.id AND y.agent_id IS NULL AND y.is_sidechain = 0
            AND ${num('y')}) AS lr
        FROM sessions s),
      got AS (SELECT session_id, first_ts, last_ts, project_id, source_id, last_prompt AS lp, last_interrupt AS li,
        last_api_error AS la, last_reply AS lr FROM session_outcomes WHERE last_ts IS NOT NULL AND NOT dirty)
      SELECT 'missing' AS what, * FROM (SELECT * FROM want EXCEPT SELECT * FROM got)
      UNION ALL SELECT 'extra', * FROM (SELECT * FROM got EXCEPT SELECT * FROM want)`,
    )
    .all()
}
