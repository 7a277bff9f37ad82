const RESP_COLS = `uuid, ts, session_id, agent_id, agent_type, is_sidechain, project_id, source_id, model_id,
  stop_reason, input, output, cache_write_5m, cache_write_1h, cache_read, web_search, web_fetch, service_tier,
  speed, cost, price_version, cost_usd_logged, from_progress`

/**
 * Every statement the store writer runs (SQL for ingestion in one place). Tool calls whose use has
 * not been seen yet carry the placeholder name '?'.
 */
export const WRITER_SQL = {
  getResp: `SELECT ts, project_id, model_id, source_id, (agent_id IS NOT NULL OR is_sidechain) AS sub,
    input, output, cache_write_5m AS cw5m, cache_write_1h AS cw1h, cache_read AS cr, cost, from_progress,
    session_id FROM responses WHERE key = ?`,
  putResp: `INSERT INTO responses (key, ${RESP_COLS}) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)
    ON CONFLICT(key) DO UPDATE SET ${RESP_COLS.split(/,\s*/)
      .map((c) => `${c} = excluded.${c}`)
      .join(', ')}`,
  rollup: `INSERT INTO rollup_15m (bucket, project_id, model_id, source_id, is_subagent, input, output,
    cache_write_5m, cache_write_1h, cache_read, cost, unpriced_tokens, unpriced_responses, responses)
    VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)
    ON CONFLICT DO UPDATE SET input = input + excluded.input, output = output + excluded.output,
    cache_write_5m = cache_write_5m + excluded.cache_write_5m, cache_write_1h = cache_write_1h + excluded.cache_write_1h,
    cache_read = cache_read + excluded.cache_read, cost = cost + excluded.cost,
    unpriced_tokens = unpriced_tokens + excluded.unpriced_tokens,
    unpriced_responses = unpriced_responses + excluded.unpriced_responses, responses = responses + excluded.responses`,
  toolUse: `INSERT INTO tool_calls (id, name, ts, session_id, agent_id, subagent_type, description)
    VALUES (?,?,?,?,?,?,?)
    ON CONFLICT(id) DO UPDATE SET name = excluded.name, ts = excluded.ts, session_id = excluded.session_id,
    agent_id = COALESCE(excluded.agent_id, agent_id), subagent_type = excluded.subagent_type,
    description = excluded.description
    WHERE tool_calls.name = '?' OR (tool_calls.agent_id IS NULL AND excluded.agent_id IS NOT NULL)`,
  toolResult: `INSERT INTO tool_calls (id, name, ts, session_id, result_ts, is_error, error_text, spawned_agent_id)
    VALUES (?, '?', ?, '', ?, ?, ?, ?)
    ON CONFLICT(id) DO UPDATE SET result_ts = excluded.result_ts, is_error = excluded.is_error,
    error_text = excluded.error_text, spawned_agent_id = COALESCE(excluded.spawned_agent_id, spawned_agent_id)`,
  // A stored event never changes (the activity rollup counts the new ones), but a re-read prompt
  // updates its text (migration 007: context blocks stripped).
  event: `INSERT INTO events (uuid, kind, ts, session_id, agent_id, text, value) VALUES (?,?,?,?,?,?,?)
    ON CONFLICT(uuid) DO NOTHING`,
  promptText: `UPDATE events SET text = ? WHERE uuid = ? AND kind = 'prompt'`,
  session: `INSERT INTO sessions (id, project_id, source_id, first_ts, last_ts, versions, git_branch, entrypoint)
    VALUES (?,?,?,?,?,?,?,?)
    ON CONFLICT(id) DO UPDATE SET first_ts = MIN(first_ts, excluded.first_ts), last_ts = MAX(last_ts, excluded.last_ts),
    project_id = COALESCE(project_id, excluded.project_id), source_id = COALESCE(source_id, excluded.source_id),
    git_branch = COALESCE(excluded.git_branch, git_branch), entrypoint = COALESCE(entrypoint, excluded.entrypoint)
    RETURNING versions`,
  setVersions: `UPDATE sessions SET versions = ? WHERE id = ?`,
  // A thread's span only widens; its first prompt is kept, and a prompt with another uuid makes it no Warmup run.
  spanPart: `INSERT INTO session_spans (session_id, agent_id, first_ts, last_ts, first_prompt, first_warmup, more_prompts)
    VALUES (?,?,?,?,?,?,?)
    ON CONFLICT DO UPDATE SET first_ts = MIN(first_ts, excluded.first_ts), last_ts = MAX(last_ts, excluded.last_ts),
    first_prompt = COALESCE(first_prompt, excluded.first_prompt),
    first_warmup = CASE WHEN first_prompt IS NULL THEN excluded.first_warmup ELSE first_warmup END,
    more_prompts = more_prompts OR excluded.more_prompts
      OR (first_prompt IS NOT NULL AND excluded.first_prompt IS NOT NULL AND excluded.first_prompt != first_prompt)`,
  // Counting rule 11: main thread and non-Warmup subagents; only Warmup runs: their span.
  sessionSpan: `UPDATE sessions SET (first_ts, last_ts) = (
      SELECT COALESCE(MIN(CASE WHEN w THEN NULL ELSE first_ts END), MIN(first_ts)),
        COALESCE(MAX(CASE WHEN w THEN NULL ELSE last_ts END), MAX(last_ts))
      FROM (SELECT first_ts, last_ts, agent_id != '' AND first_warmup AND NOT more_prompts AS w
        FROM session_spans WHERE session_id = ?))
    WHERE id = ? AND EXISTS (SELECT 1 FROM session_spans WHERE session_id = ?)`,
  title: `INSERT INTO session_titles (session_id, kind, title) VALUES (?,?,?)
    ON CONFLICT DO UPDATE SET title = excluded.title`,
  summary: `INSERT OR REPLACE INTO summaries (leaf_uuid, summary) VALUES (?,?)`,
  leaf: `INSERT OR IGNORE INTO leafs (uuid, session_id) VALUES (?,?)`,
  agent: `INSERT INTO agents (id, session_id, agent_type, description, worktree_path) VALUES (?,?,?,?,?)
    ON CONFLICT(id) DO UPDATE SET agent_type = COALESCE(excluded.agent_type, agent_type),
    description = COALESCE(excluded.description, description), worktree_path = COALESCE(excluded.worktree_path, worktree_path)`,
  putFile: `INSERT INTO files (path, source_id, kind, session_id, agent_id, ino, size, mtime_ms, head_hash, offset,
    lines, bad_lines, missing_since, last_ingest_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,NULL,?)
    ON CONFLICT(path) DO UPDATE SET source_id = excluded.source_id, ino = excluded.ino, size = excluded.size,
    mtime_ms = excluded.mtime_ms, head_hash = excluded.head_hash, offset = excluded.offset,
    lines = files.lines + excluded.lines, bad_lines = files.bad_lines + excluded.bad_lines,
    missing_since = NULL, last_ingest_at = excluded.last_ingest_at`,
  resetFile: `UPDATE files SET lines = 0, bad_lines = 0, archived_offset = 0, archived_bytes = 0 WHERE path = ?`,
  // A re-read that attributes a stored copy (1.0.x inline runs): is_sidechain was already 1, the rollup holds.
  fillAgent: `UPDATE responses SET agent_id = ?, agent_type = COALESCE(agent_type, ?) WHERE key = ? AND agent_id IS NULL AND is_sidechain = 1`,
  isPruned: `SELECT 1 FROM pruned_responses WHERE key = ?`,
  anyPruned: `SELECT 1 FROM pruned_responses LIMIT 1`,
  getProject: `SELECT id FROM projects WHERE path = ?`,
  putProject: `INSERT INTO projects (path, name) VALUES (?, ?)`,
  getModel: `SELECT id FROM models WHERE name = ?`,
  putModel: `INSERT INTO models (name) VALUES (?)`,
  insResp: `INSERT OR IGNORE INTO responses (key, uuid, ts, session_id, agent_id, agent_type, is_sidechain,
    project_id, source_id, model_id, stop_reason, input, output, cache_write_5m, cache_write_1h, cache_read,
    web_search, web_fetch, service_tier, speed, cost, price_version, cost_usd_logged, from_progress)
    VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
  toolFull: `INSERT INTO tool_calls (id, name, ts, session_id, agent_id, subagent_type, description, result_ts,
    is_error, error_text, spawned_agent_id) VALUES (?,?,?,?,?,?,?,?,?,?,?)
    ON CONFLICT(id) DO UPDATE SET result_ts = excluded.result_ts, is_error = excluded.is_error,
    error_text = excluded.error_text, spawned_agent_id = COALESCE(excluded.spawned_agent_id, spawned_agent_id),
    name = CASE WHEN name = '?' THEN excluded.name ELSE name END,
    ts = CASE WHEN name = '?' THEN excluded.ts ELSE ts END,
    session_id = CASE WHEN name = '?' THEN excluded.session_id ELSE session_id END,
    agent_id = CASE WHEN name = '?' THEN excluded.agent_id ELSE COALESCE(agent_id, excluded.agent_id) END,
    subagent_type = COALESCE(subagent_type, excluded.subagent_type),
    description = COALESCE(description, excluded.description)`,
} as const

export type WriterStatement = keyof typeof WRITER_SQL

/** The five token columns as queries alias them (`cache_write_5m AS cw5m`, …). */
export interface TokenColumns {
  input: number
  output: number
  cw5m: number
  cw1h: number
  cr: number
}
