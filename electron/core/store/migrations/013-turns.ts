import { LatencyDelta } from '../latency-delta'
import { chunkSizes, everyNth, keyRange } from '../backfill-range'
import { MARK_ALL_TURNS_SQL, recomputeTurns } from '../turns'
import type { Migration } from './types'

/**
 * Precomputed turns (ARCHITECTURE.md, Response times): one row per turn forEachTurn yields, by session
 * and by time, so response times and models read a range of turns instead of searching the events
 * and responses of every prompt. The writer keeps them (store/turns.ts): `turns_dirty` lists the
 * sessions whose turns from `from_ts` on are to be recomputed, in the transaction that changed them.
 * Existing stores: every session is listed here, and the backfill recomputes them by session range
 * once the session indexes exist (store/db.ts); this migration only creates them if a crashed bulk
 * pass left them dropped, so the recompute searches them. Derived data: running this again rebuilds it.
 */
export const m013Turns: Migration = {
  version: 13,
  name: 'turns',
  sql: `
CREATE TABLE IF NOT EXISTS turns (
  session_id TEXT NOT NULL,
  ts INTEGER NOT NULL,
  duration_ms INTEGER NOT NULL,
  from_turn_duration INTEGER NOT NULL,
  model_id INTEGER,
  PRIMARY KEY (session_id, ts)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS turns_ts ON turns(ts, duration_ms, from_turn_duration, model_id);
CREATE TABLE IF NOT EXISTS turns_dirty (session_id TEXT PRIMARY KEY, from_ts INTEGER NOT NULL) WITHOUT ROWID;
DELETE FROM turns;
CREATE INDEX IF NOT EXISTS events_session_kind_ts ON events(session_id, kind, ts);
CREATE INDEX IF NOT EXISTS responses_session ON responses(session_id, ts);
${MARK_ALL_TURNS_SQL};
`,
  backfill: {
    bounds: (db) =>
      everyNth(
        db.prepare(`SELECT session_id FROM turns_dirty ORDER BY session_id`).pluck().all() as string[],
        chunkSizes.sessions,
      ),
    chunk(db, lo, hi) {
      const r = keyRange('session_id', lo, hi)
      const dirty = db
        .prepare(`SELECT session_id, from_ts FROM turns_dirty WHERE ${r.sql}`)
        .raw()
        .all(r.params) as [string, number][]
      // The histograms (016) follow the turns; on an upgrade 016's own backfill counts them again.
      const latency = new LatencyDelta()
      for (const [session, from] of dirty) recomputeTurns(db, session, from, latency)
      latency.write(db)
      db.prepare(`DELETE FROM turns_dirty WHERE ${r.sql}`).run(r.params)
    },
  },
}
