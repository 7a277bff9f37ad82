import { SESSION_OUTCOMES_SCHEMA } from '../session-outcomes-sql'
import { backfillSessionOutcomes } from '../session-outcomes'
import { sessionBounds } from './011-activity-rollup'
import type { Migration } from './types'

/**
 * Cache's per-session ranking (metrics/cache-sessions.ts) reads session_totals by day; this index holds
 * every column it reads (the filters' too), so a year of sessions is read from the index alone.
 */
const CACHE_RANK_INDEX = `CREATE INDEX IF NOT EXISTS session_totals_cache ON session_totals(day, first_ts, last_ts,
  model_id, project_id, source_id, is_subagent, cache_read);`

/**
 * Per-session outcome inputs (`session_outcomes`, store/session-outcomes-sql.ts): the schema and its
 * triggers and an index for cache's per-session ranking; the backfill fills every session's row by
 * session range (store/session-outcomes.ts). Derived data: running it again rebuilds it.
 */
export const m017SessionOutcomes: Migration = {
  version: 17,
  name: 'session-outcomes',
  sql: `${SESSION_OUTCOMES_SCHEMA}\n${CACHE_RANK_INDEX}\nDELETE FROM session_outcomes;`,
  backfill: { bounds: sessionBounds, chunk: (db, lo, hi) => backfillSessionOutcomes(db, lo, hi) },
}
