import type { Migration } from './types'

/**
 * 1.0.x inline sidechain runs get the agent id of the Task call that spawned them (counting rule 6):
 * the main files holding sidechain responses with no agent id are read again from the start (as
 * migration 006 does). The writer then fills agent_id on the stored copies of responses and tool calls
 * (only where it is NULL) and the Task call's spawned_agent_id. Nothing is deleted; is_sidechain was
 * already 1, so the rollup's is_subagent and every total stay as they are.
 */
export const m009InlineSidechainRuns: Migration = {
  version: 9,
  name: 'inline-sidechain-runs',
  sql: `
UPDATE files SET offset = 0, mtime_ms = -1, lines = 0, bad_lines = 0
  WHERE missing_since IS NULL AND agent_id IS NULL AND session_id IN
    (SELECT DISTINCT session_id FROM responses WHERE agent_id IS NULL AND is_sidechain = 1);
`,
}
