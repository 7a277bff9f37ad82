import { backfillSql, SESSION_OUTCOMES_SCHEMA } from '../session-outcomes-sql'
import type { Migration } from './types'

/**
 * Per-session outcome inputs (`session_outcomes`, store/session-outcomes-sql.ts): the schema and its
 * triggers, then the backfill of every session (store/session-outcomes.ts `backfillSessionOutcomes`
 * runs the same statements for a chunk of session ids). Derived data: running it again rebuilds it.
 */
export const m017SessionOutcomes: Migration = {
  version: 17,
  name: 'session-outcomes',
  sql: `${SESSION_OUTCOMES_SCHEMA}\n${backfillSql(() => '1')
    .map((s) => `${s};`)
    .join('\n')}`,
}
