import type { Db } from './db'
import { ACTIVITY_REBUILD } from './activity-sql'
import { rebuildLatency } from './latency-backfill'
import { ALL_TURNS, refreshTurns } from './turns'

export interface RemovedSource {
  id: number
  label: string
  responses: number
  sessions: number
  files: number
  /** Files of other sources queued for a re-read, so responses they share with the removed one come back. */
  rereadFiles: number
}

/**
 * Deletes everything a source contributed, in one transaction:
 * - the responses whose kept copy came from it, its rollup rows (the rollup is attributed to the
 *   kept copy's source, so these are exactly its contribution) and its retention tombstones;
 * - the activity rollup, rebuilt from the facts that remain;
 * - every session it touched and every session no other source holds, with their events, tool calls,
 *   subagents, titles and leafs (events and tool calls carry no source); those other sources hold come
 *   back with the re-read below;
 * - its file rows and the source itself.
 * Other sources may hold copies of the deleted responses (a backup overlapping the live folder), so
 * their files are reset to be re-read from the start; the dedup keys make that add only what is missing.
 * Copies held only in other sources' transcripts that Claude Code has since deleted cannot be re-read:
 * those responses go with the source (the confirmation says so).
 * Returns null when no source has this root.
 */
export function removeSourceData(db: Db, root: string): RemovedSource | null {
  const src = db.prepare(`SELECT id, label FROM sources WHERE root = ?`).get(root) as
    { id: number; label: string } | undefined
  if (!src) return null
  return db.transaction((): RemovedSource => {
    db.exec(`CREATE TEMP TABLE IF NOT EXISTS gone_sessions (id TEXT PRIMARY KEY) WITHOUT ROWID`)
    db.exec(`DELETE FROM temp.gone_sessions`)
    db.exec(`CREATE TEMP TABLE IF NOT EXISTS removed_responses (session_id TEXT PRIMARY KEY) WITHOUT ROWID`)
    db.exec(`DELETE FROM temp.removed_responses`)
    db.prepare(
      `INSERT OR IGNORE INTO temp.removed_responses SELECT DISTINCT session_id FROM responses WHERE source_id = ?`,
    ).run(src.id)
    const responses = db.prepare(`DELETE FROM responses WHERE source_id = ?`).run(src.id).changes
    db.prepare(`DELETE FROM rollup_15m WHERE source_id = ?`).run(src.id)
    db.prepare(`DELETE FROM session_totals WHERE source_id = ?`).run(src.id)
    db.prepare(`DELETE FROM pruned_responses WHERE source_id = ?`).run(src.id)
    // Every session the source touched, and facts no remaining source holds, are cleared; the re-read
    // below restores what other sources hold. Sessions in other sources' deleted transcripts (which
    // cannot be re-read) are kept as they are.
    db.prepare(
      `INSERT OR IGNORE INTO temp.gone_sessions
       SELECT * FROM (
         SELECT session_id FROM files WHERE source_id = :id AND session_id IS NOT NULL
         UNION SELECT id FROM sessions WHERE source_id = :id
         UNION SELECT session_id FROM temp.removed_responses
         UNION SELECT * FROM (
           SELECT session_id FROM events UNION SELECT session_id FROM tool_calls UNION SELECT session_id FROM agents
           UNION SELECT session_id FROM session_titles UNION SELECT session_id FROM leafs UNION SELECT id FROM sessions
           EXCEPT SELECT session_id FROM files WHERE source_id != :id AND session_id IS NOT NULL
           EXCEPT SELECT session_id FROM responses WHERE source_id != :id
           EXCEPT SELECT id FROM sessions WHERE source_id != :id))
       EXCEPT SELECT session_id FROM files
         WHERE source_id != :id AND missing_since IS NOT NULL AND session_id IS NOT NULL`,
    ).run({ id: src.id })
    const inGone = `IN (SELECT id FROM temp.gone_sessions)`
    for (const t of ['events', 'tool_calls', 'agents', 'session_titles', 'leafs', 'session_spans', 'turns'])
      db.exec(`DELETE FROM ${t} WHERE session_id ${inGone}`)
    // Kept sessions that lost responses time their turns again (the re-read brings back what other sources hold).
    db.exec(`INSERT INTO turns_dirty (session_id, from_ts) SELECT session_id, ${ALL_TURNS} FROM temp.removed_responses
      WHERE session_id NOT ${inGone} ON CONFLICT DO UPDATE SET from_ts = excluded.from_ts`)
    refreshTurns(db)
    // A summary titles the session of its leaf; one whose leaf is gone comes back with a re-read file.
    db.exec(`DELETE FROM summaries WHERE leaf_uuid NOT IN (SELECT uuid FROM leafs)`)
    const sessions = db.prepare(`DELETE FROM sessions WHERE id ${inGone}`).run().changes
    // Sessions another source also holds stay; they no longer point at the removed source.
    db.prepare(`UPDATE sessions SET source_id = NULL WHERE source_id = ?`).run(src.id)
    // Facts and their sessions' dimensions changed: the activity rollup is counted again from what remains.
    db.exec(ACTIVITY_REBUILD)
    rebuildLatency(db)
    const files = db.prepare(`DELETE FROM files WHERE source_id = ?`).run(src.id).changes
    db.prepare(`DELETE FROM sources WHERE id = ?`).run(src.id)
    // Re-read from 0 (mtime -1 marks them changed); inode and head hash stay, so a file replaced
    // meanwhile is still recognized as such.
    const rereadFiles = db
      .prepare(
        `UPDATE files SET offset = 0, mtime_ms = -1, lines = 0, bad_lines = 0 WHERE missing_since IS NULL`,
      )
      .run().changes
    return { id: src.id, label: src.label, responses, sessions, files, rereadFiles }
  })()
}
