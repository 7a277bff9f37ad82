import { ACTIVITY_REBUILD, ACTIVITY_TABLES } from '../activity-sql'
import type { Migration } from './types'

/**
 * The activity rollup (`activity_15m`, store/activity-sql.ts): prompts, turn durations, interruptions,
 * API errors and tool calls per 15-minute bucket, built here from the fact tables; the writer keeps it
 * up to date from then on. Derived data, so running this again (a store set back) rebuilds it.
 */
export const m011ActivityRollup: Migration = {
  version: 11,
  name: 'activity-rollup',
  sql: `${ACTIVITY_TABLES}\n${ACTIVITY_REBUILD}`,
}
