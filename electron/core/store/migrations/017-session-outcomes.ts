import { backfillSql, SESSION_OUTCOMES_SCHEMA } from '../session-outcomes-sql'
import type { Migration } from './types'

/**
 * Cache's per-session ranking (metrics/cache-sessions.ts) reads session_totals by day; this index holds
 * every column it reads (the filters' too), so a year of sessions is read from the index alone.
 */
const CACHE_RANK_INDEX = `CREATE INDEX IF NOT EXISTS session_totals_cache ON session_totals(day, first_ts, last_ts,
  model_id, project_id, source_id, is_subagent, cache_read);`

/**
 * Per-session outcome inputs (`session_outcomes`, store/session-outcomes-sql.ts): the schema and its
 * triggers, an index for cache's per-session ranking, then the backfill of every session (store/session-outcomes.ts `backfillSessionOutcomes`
 * runs the same statements for a chunk of session ids). Derived data: running it again rebuilds it.
 */
export const m017SessionOutcomes: Migration = {
  version: 17,
  name: 'session-outcomes',
  sql: `${SESSION_OUTCOMES_SCHEMA}\n${CACHE_RANK_INDEX}\n${backfillSql(() => '1')
    .map((s) => `${s};`)
    .join('\n')}`,
}
