import type { Migration } from './types'

/**
 * Session spans from their threads (ARCHITECTURE.md, counting rule 11). `session_spans` keeps the
 * span of each session's main thread (`agent_id` '') and of each subagent, with what decides whether
 * a subagent is a Warmup run; the writer derives `sessions.first_ts/last_ts` from it after every
 * batch, so range membership, sorting and `sessions_last` keep reading the session row.
 *
 * Existing stores: every file is read again from 0, as migration 006 does (the dedup keys make that
 * add nothing twice), which fills the table and replaces each re-read session's span by the derived
 * one. A session with a file that is gone cannot be re-derived: its stored span is kept as one
 * non-Warmup part ('?stored'), so it neither shrinks nor disappears from the ranges it was in.
 * The table is derived data, so running this again (a store set back to an older version) rebuilds it.
 */
export const m008SessionSpans: Migration = {
  version: 8,
  name: 'session-spans',
  sql: `
CREATE TABLE IF NOT EXISTS session_spans (
  session_id TEXT NOT NULL,
  agent_id TEXT NOT NULL,
  first_ts INTEGER NOT NULL,
  last_ts INTEGER NOT NULL,
  first_prompt TEXT,
  first_warmup INTEGER NOT NULL DEFAULT 0,
  more_prompts INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (session_id, agent_id)
) WITHOUT ROWID;
DELETE FROM session_spans;

INSERT INTO session_spans (session_id, agent_id, first_ts, last_ts)
  SELECT id, '?stored', first_ts, last_ts FROM sessions
  WHERE id IN (SELECT session_id FROM files WHERE missing_since IS NOT NULL AND session_id IS NOT NULL);

UPDATE files SET offset = 0, mtime_ms = -1, lines = 0, bad_lines = 0 WHERE missing_since IS NULL;
`,
}
