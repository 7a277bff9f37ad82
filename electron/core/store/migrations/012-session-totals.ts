import { keyRange, runIn } from '../backfill-range'
import { sessionBounds } from './011-activity-rollup'
import type { Migration } from './types'
import { SESSION_TOTALS_COLUMNS, sessionTotalsSelect } from '../session-totals-sql'

/**
 * Per-session totals (ARCHITECTURE.md, "Session totals"): one row per session × UTC day of the
 * response × project × model × source × main/subagent, maintained by the writer with the rollup's
 * deltas, so the sessions list, session counts and per-session cache figures never aggregate the
 * responses of a range. Derived data: the backfill builds it from the stored responses by session
 * range (running this again on a store set back to an older version rebuilds it).
 */
export const m012SessionTotals: Migration = {
  version: 12,
  name: 'session-totals',
  sql: `
CREATE TABLE IF NOT EXISTS session_totals (
  session_id TEXT NOT NULL,
  day INTEGER NOT NULL,
  project_id INTEGER NOT NULL,
  model_id INTEGER NOT NULL,
  source_id INTEGER NOT NULL,
  is_subagent INTEGER NOT NULL,
  input INTEGER NOT NULL,
  output INTEGER NOT NULL,
  cache_write_5m INTEGER NOT NULL,
  cache_write_1h INTEGER NOT NULL,
  cache_read INTEGER NOT NULL,
  cost REAL NOT NULL,
  priced INTEGER NOT NULL,
  unpriced_tokens INTEGER NOT NULL,
  responses INTEGER NOT NULL,
  first_ts INTEGER NOT NULL,
  last_ts INTEGER NOT NULL,
  PRIMARY KEY (session_id, day, project_id, model_id, source_id, is_subagent)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS session_totals_day ON session_totals(day, first_ts, last_ts);
DELETE FROM session_totals;
`,
  backfill: {
    bounds: sessionBounds,
    chunk(db, lo, hi) {
      const r = keyRange('session_id', lo, hi)
      runIn(
        db.prepare(`INSERT INTO session_totals (${SESSION_TOTALS_COLUMNS}) ${sessionTotalsSelect(r.sql)}`),
        r,
      )
    },
  },
}
