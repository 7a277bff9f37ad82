import { ACTIVITY_CLEAR, ACTIVITY_TABLES, activityAdd } from '../activity-sql'
import { chunkSizes, everyNth, keyRange, runIn } from '../backfill-range'
import type { Backfill, Migration } from './types'

/** Chunk ends every chunkSizes.sessions sessions of the `sessions` table (facts of other ids fall in some range). */
export const sessionBounds: Backfill['bounds'] = (db) =>
  everyNth(db.prepare(`SELECT id FROM sessions ORDER BY id`).pluck().all() as string[], chunkSizes.sessions)

/**
 * The activity rollup (`activity_15m`, store/activity-sql.ts): prompts, turn durations, interruptions,
 * API errors and tool calls per 15-minute bucket; the backfill builds it from the fact tables by
 * session range, and the writer keeps it up to date from then on. Derived data, so running this again
 * (a store set back) rebuilds it.
 */
export const m011ActivityRollup: Migration = {
  version: 11,
  name: 'activity-rollup',
  sql: `${ACTIVITY_TABLES}\n${ACTIVITY_CLEAR}`,
  backfill: {
    bounds: sessionBounds,
    chunk(db, lo, hi) {
      const r = keyRange('session_id', lo, hi)
      for (const q of activityAdd(r.sql)) runIn(db.prepare(q), r)
    },
  },
}
