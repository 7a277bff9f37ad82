import { refreshActivity } from './activity-delta'
import type { Db } from './db'
import { refreshTurns } from './turns'

/**
 * The derived rows a bulk pass (session indexes dropped) or an upgrade left to recompute: turns (with
 * the outcome inputs, run types and response-time histograms they carry) and the activity moves of
 * sessions whose project or source was filled late. Each waits while the session indexes are missing.
 */
export function refreshDeferred(db: Db): void {
  refreshTurns(db)
  refreshActivity(db)
}
