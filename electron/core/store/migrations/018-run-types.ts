import { backfillRunTypes, runBounds } from '../run-types'
import { RUN_TYPES_SCHEMA } from '../run-types-sql'
import type { Migration } from './types'

/**
 * Each run's type (`run_types`, store/run-types-sql.ts), so `agents` reads it in one search instead of
 * two lookups per run; the backfill adds and types the runs of agent_runs by run id range (store/run-types.ts).
 */
export const m018RunTypes: Migration = {
  version: 18,
  name: 'run-types',
  sql: RUN_TYPES_SCHEMA,
  backfill: { bounds: runBounds, chunk: (db, lo, hi) => backfillRunTypes(db, lo, hi) },
}
