import { keyRange, runIn } from './backfill-range'
import type { Db } from './db'
import type { BackfillKey } from './migrations/types'
import { backfillSql, REFRESH_DIRTY_SQL } from './session-outcomes-sql'

const HAS_INDEXES = `SELECT COUNT(*) FROM sqlite_schema WHERE type = 'index'
  AND name IN ('events_session_kind_ts', 'responses_session')`
const ANY_DIRTY = `SELECT 1 FROM session_outcomes WHERE dirty LIMIT 1`

/**
 * Recomputes the `session_outcomes` rows marked dirty (a maximum went or moved), in the caller's
 * transaction. Without the session indexes (a bulk pass dropped them) each would scan the facts, so
 * they wait; `tools` asks the facts for a dirty session meanwhile. Returns whether it ran.
 */
export function refreshOutcomes(db: Db): boolean {
  if (db.prepare(ANY_DIRTY).get() === undefined) return false
  if ((db.prepare(HAS_INDEXES).pluck().get() as number) < 2) return false
  db.prepare(REFRESH_DIRTY_SQL).run()
  return true
}

/**
 * Rebuilds the rows of the sessions with ids in (lo, hi] (null: unbounded) from the facts; idempotent,
 * so migration 017's backfill runs it in chunks of session ids. Runs in the caller's transaction.
 */
export function backfillSessionOutcomes(
  db: Db,
  lo: BackfillKey | null = null,
  hi: BackfillKey | null = null,
): void {
  const cond = (col: string) => keyRange(col, lo, hi)
  for (const sql of backfillSql((col) => cond(col).sql)) runIn(db.prepare(sql), cond('x'))
}
