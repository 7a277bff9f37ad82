import type { Filters } from '../../../shared/contract/params'
import type { Db } from '../store/db'
import { dimensionFilter, responsesFilter } from './filters'

/**
 * Distinct sessions with a response in each group [edges[i], edges[i+1]) that matches the filters
 * (or, `perProject`, per group and project with no other filter: the projects metric's rule), read
 * from session_totals. A session whose matching rows lie wholly inside the group counts at once;
 * only one straddling a group edge is probed in `responses` (responses_session: session, time), so
 * the cost follows the answer, not the history. A row's first/last may be wider than its responses
 * (session-totals.ts), never narrower, so a probe decides every doubtful case.
 */
export function sessionsPerGroup(
  db: Db,
  edges: number[],
  filters: Filters,
  perProject = false,
): { g: number; project: number | null; n: number }[] {
  const tf = perProject ? { sql: '', args: [] } : dimensionFilter(filters, 't', 't.is_subagent')
  const probe = perProject
    ? { sql: ' AND r.project_id = c.project', args: [] }
    : responsesFilter(filters, 'r')
  const project = perProject ? 't.project_id' : 'NULL'
  return db
    .prepare(
      `WITH grp(g, lo, hi) AS (SELECT key, value, LEAD(value) OVER (ORDER BY key) FROM json_each(?)),
       c AS (SELECT grp.g AS g, grp.lo AS lo, grp.hi AS hi, t.session_id AS id, ${project} AS project,
           MAX(t.first_ts >= grp.lo AND t.last_ts < grp.hi) AS inside
         FROM grp JOIN session_totals t ON t.day >= grp.lo / 86400000 AND t.day <= (grp.hi - 1) / 86400000
           AND t.last_ts >= grp.lo AND t.first_ts < grp.hi
         WHERE grp.hi IS NOT NULL${tf.sql} GROUP BY grp.g, t.session_id, ${project})
       SELECT g, project, COUNT(*) AS n FROM c
       WHERE inside OR EXISTS (SELECT 1 FROM responses r WHERE r.session_id = c.id AND r.ts >= c.lo AND r.ts < c.hi${probe.sql})
       GROUP BY g, project`,
    )
    .all(JSON.stringify(edges), ...tf.args, ...probe.args) as {
    g: number
    project: number | null
    n: number
  }[]
}
