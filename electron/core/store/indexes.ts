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
  { name: 'responses_project', on: 'responses(project_id, ts)' },
  // Tools' top errors read only the errors in the range (the counts come from activity_15m), from the
  // index alone: with the text and the filters' columns in it, no error's row is read.
  {
    name: 'tool_calls_errors_text',
    on: 'tool_calls(ts, name, error_text, session_id, agent_id, is_error) WHERE is_error',
  },
  // A run's tool calls in a range (agents): searched per run listed, never all calls of the range.
  // With is_error in it, a run's calls and errors are counted from the index alone.
  { name: 'tool_calls_agent_errors', on: 'tool_calls(agent_id, ts, is_error) WHERE agent_id IS NOT NULL' },
  // A session's summary title (report/sessions.ts sessionTitleSql) joins its leafs: without it, every
  // title of a sessions page scanned all leafs of the history.
  { name: 'leafs_session', on: 'leafs(session_id)' },
]

/** Replaced by wider indexes; dropped on open. */
const OBSOLETE = ['events_session', 'tool_calls_errors', 'tool_calls_agent']

/** Runs `fn` in one transaction, with the sorter spilling to temp files. */
function inOneTransaction(db: Db, fn: () => void): void {
  // A build over a large store sorts more than fits in the cache; temp_store cannot change inside a
  // transaction, so it is set around it.
  db.pragma('temp_store = FILE')
  try {
    db.transaction(fn)()
  } finally {
    db.pragma('temp_store = MEMORY')
  }
}

/**
 * Creates the missing secondary indexes, then drops obsolete ones, all in one transaction: a full
 * disk half-way leaves the store exactly as it was, never with only some of them.
 */
export function ensureIndexes(db: Db): void {
  const have = indexNames(db)
  const missing = SECONDARY_INDEXES.filter((i) => !have.has(i.name))
  const obsolete = OBSOLETE.filter((n) => have.has(n))
  if (missing.length === 0 && obsolete.length === 0) return
  inOneTransaction(db, () => {
    for (const i of missing) db.exec(`CREATE INDEX ${i.name} ON ${i.on}`)
    for (const name of obsolete) db.exec(`DROP INDEX ${name}`)
  })
}

/** Drops and recreates every secondary index in one transaction (doctor): all or nothing. */
export function rebuildIndexes(db: Db): void {
  inOneTransaction(db, () => {
    for (const i of SECONDARY_INDEXES) {
      db.exec(`DROP INDEX IF EXISTS ${i.name}`)
      db.exec(`CREATE INDEX ${i.name} ON ${i.on}`)
    }
  })
}

function indexNames(db: Db): Set<string> {
  const rows = db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'index'`).all() as { name: string }[]
  return new Set(rows.map((r) => r.name))
}

/** The secondary indexes the store lacks (doctor reports them). */
export function missingIndexes(db: Db): string[] {
  const have = indexNames(db)
  return SECONDARY_INDEXES.filter((i) => !have.has(i.name)).map((i) => i.name)
}

export function dropIndexes(db: Db): void {
  db.transaction(() => {
    for (const i of SECONDARY_INDEXES) db.exec(`DROP INDEX IF EXISTS ${i.name}`)
  })()
}
