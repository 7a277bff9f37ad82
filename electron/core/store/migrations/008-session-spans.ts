import type { Migration } from './types'

/**
 * Session spans from their threads (ARCHITECTURE.md, counting rule 11). `session_spans` keeps the
 * span of each session's main thread (`agent_id` '') and of each subagent, with what decides whether
 * a subagent is a Warmup run; the writer derives `sessions.first_ts/last_ts` from it after every
 * batch, so range membership, sorting and `sessions_last` keep reading the session row.
 *
 * Existing stores: every file is read again from 0, as migration 006 does (the dedup keys make that
 * add nothing twice), which fills the table and replaces each re-read session's span by the derived
 * one. A file that is gone cannot be read again: its thread's part comes from its stored responses
 * and events (first prompt '?stored'); a subagent no Task/Agent call spawned is taken as a Warmup run
 * (Claude Code starts those itself), so a deleted Warmup file no longer widens the span.
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

INSERT INTO session_spans (session_id, agent_id, first_ts, last_ts, first_prompt, first_warmup, more_prompts)
  SELECT session_id, COALESCE(agent_id, ''), MIN(r_lo, e_lo), MAX(r_hi, e_hi), '?stored',
    agent_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM tool_calls c WHERE c.spawned_agent_id = g.agent_id), 0
  FROM (SELECT f.session_id, f.agent_id,
      COALESCE((SELECT MIN(ts) FROM responses r WHERE r.session_id = f.session_id AND r.agent_id IS f.agent_id), 9e15) AS r_lo,
      COALESCE((SELECT MAX(ts) FROM responses r WHERE r.session_id = f.session_id AND r.agent_id IS f.agent_id), -1) AS r_hi,
      COALESCE((SELECT MIN(ts) FROM events e WHERE e.session_id = f.session_id AND e.agent_id IS f.agent_id), 9e15) AS e_lo,
      COALESCE((SELECT MAX(ts) FROM events e WHERE e.session_id = f.session_id AND e.agent_id IS f.agent_id), -1) AS e_hi
    FROM files f WHERE f.missing_since IS NOT NULL AND f.session_id IS NOT NULL
    GROUP BY f.session_id, f.agent_id) g
  WHERE MAX(r_hi, e_hi) >= 0;

UPDATE files SET offset = 0, mtime_ms = -1, lines = 0, bad_lines = 0 WHERE missing_since IS NULL;
`,
}
