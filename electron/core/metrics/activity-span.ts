import type { Filters } from '../../../shared/contract/params'
import { activityFilter, type SqlPart } from './filters'
import { splitByDay } from './rollup-span'

const CELL = `a.kind, a.project_id, a.source_id, a.is_subagent, a.name, a.n, a.errors`

/**
 * A common table `activity_rows (g, kind, project_id, source_id, is_subagent, name, n, errors)`
 * holding the activity of `kinds` in each group given by 15-minute bucket edges: whole UTC days from
 * `activity_1d` (its rows over all projects and sources when no project or source filter applies), the
 * rest from `activity_15m` (as rollupRows, metrics/rollup-span.ts); the filters as activityFilter's `of`. Start the query with `WITH ${sql}`, bind `args`
 * first. One group: `[lo, hi]`.
 */
export function activityRows(
  edges: readonly number[],
  kinds: readonly string[],
  filters: Filters,
  of: 'events' | 'tools',
): SqlPart {
  const filter = activityFilter(filters, of)
  // A project or source filter never matches -1; without one, the day's rows over all of them.
  const all = filters.projects?.length || filters.sources?.length ? '' : ' AND a.project_id = -1'
  const { quarters, days } = splitByDay(edges)
  const k = kinds.map((x) => `'${x}'`).join(', ')
  return {
    sql: `aq_(g, lo, hi) AS (SELECT value ->> 0, value ->> 1, value ->> 2 FROM json_each(?)),
      ad_(g, lo, hi) AS (SELECT value ->> 0, value ->> 1, value ->> 2 FROM json_each(?)),
      activity_rows AS (
        SELECT aq_.g AS g, ${CELL} FROM aq_ CROSS JOIN activity_15m a
          ON a.kind IN (${k}) AND a.bucket >= aq_.lo AND a.bucket < aq_.hi WHERE 1${filter.sql}
        UNION ALL
        SELECT ad_.g, ${CELL} FROM ad_ CROSS JOIN activity_1d a
          ON a.kind IN (${k}) AND a.day >= ad_.lo AND a.day < ad_.hi WHERE 1${all}${filter.sql})`,
    args: [JSON.stringify(quarters), JSON.stringify(days), ...filter.args, ...filter.args],
  }
}
