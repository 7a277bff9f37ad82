import { chunkSizes, everyNth, keyRange, runIn } from './backfill-range'
import type { Db } from './db'
import type { BackfillKey } from './migrations/types'
import { addRunsSql, typeRunsSql } from './run-types-sql'

const HAS_INDEX = `SELECT COUNT(*) FROM sqlite_schema WHERE type = 'index' AND name IN ('tool_calls_spawned', 'tool_calls_agent_errors')`
const ANY_UNTYPED = `SELECT 1 FROM run_types WHERE type IS NULL OR calls IS NULL LIMIT 1`

/**
 * Types and counts the runs of `run_types` left untyped or uncounted (new runs, a sidecar, a spawning
 * call or a call of the run that changed), in the caller's transaction. Without `tool_calls_spawned` and
 * `tool_calls_agent_errors` (a bulk pass dropped them) each lookup would scan the calls, so they wait;
 * `agents` looks such a run up itself meanwhile. Returns whether it ran.
 */
export function refreshRunTypes(db: Db): boolean {
  if (db.prepare(ANY_UNTYPED).get() === undefined) return false
  if ((db.prepare(HAS_INDEX).pluck().get() as number) < 2) return false
  db.prepare(typeRunsSql('1')).run()
  return true
}

/** Adds and types the runs with ids in (lo, hi]: migration 018's backfill chunk. */
export function backfillRunTypes(db: Db, lo: BackfillKey | null = null, hi: BackfillKey | null = null): void {
  const r = keyRange('run', lo, hi)
  runIn(db.prepare(addRunsSql(r.sql)), r)
  runIn(db.prepare(typeRunsSql(r.sql)), r)
}

/** Every few hundredth run id of agent_runs: migration 018's chunk bounds. */
export function runBounds(db: Db): BackfillKey[] {
  const runs = db.prepare(`SELECT DISTINCT run FROM agent_runs ORDER BY run`).pluck().all() as string[]
  return everyNth(runs, chunkSizes.sessions)
}
