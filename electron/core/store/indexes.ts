import type { Db } from './db'

/**
 * Secondary (non-unique) indexes on the big fact tables. They are derived data: a large ingest
 * drops them and rebuilds them once at the end (a sorted build is far cheaper than maintaining
 * them row by row), and every open recreates any that are missing (e.g. after a crash mid-ingest).
 */
export const SECONDARY_INDEXES: readonly { name: string; on: string }[] = [
  { name: 'responses_ts', on: 'responses(ts)' },
  { name: 'responses_session', on: 'responses(session_id, ts)' },
  { name: 'tool_calls_session', on: 'tool_calls(session_id)' },
  { name: 'tool_calls_ts', on: 'tool_calls(ts)' },
  { name: 'tool_calls_spawned', on: 'tool_calls(spawned_agent_id) WHERE spawned_agent_id IS NOT NULL' },
  { name: 'events_session_kind_ts', on: 'events(session_id, kind, ts)' },
  { name: 'events_kind_ts', on: 'events(kind, ts)' },
]

/** Replaced by a wider index; dropped on open. */
const OBSOLETE = ['events_session']

export function ensureIndexes(db: Db): void {
  for (const name of OBSOLETE) db.exec(`DROP INDEX IF EXISTS ${name}`)
  // A rebuild over a large store sorts more than fits in the cache: let the sorter spill to temp
  // files rather than memory (the connection keeps statement journals in memory otherwise; db.ts).
  db.pragma('temp_store = FILE')
  try {
    for (const i of SECONDARY_INDEXES) db.exec(`CREATE INDEX IF NOT EXISTS ${i.name} ON ${i.on}`)
  } finally {
    db.pragma('temp_store = MEMORY')
  }
}

export function dropIndexes(db: Db): void {
  for (const i of SECONDARY_INDEXES) db.exec(`DROP INDEX IF EXISTS ${i.name}`)
}
