/**
 * SQL of the activity rollup (`activity_15m`, migration 011): per 15-minute UTC bucket × kind × the
 * session's project and source × main/subagent × tool name, the counts the dashboards read instead of
 * the fact tables. Counted: the event kinds below (name '') and tool calls (kind 'tool', name = the
 * tool's; placeholders '?' whose use is not seen yet are left out). A session without a row, or without
 * a project or source, counts under 0 there (no project or source id is 0, so a filter never matches it,
 * as it never matched before) and is listed in `activity_orphans`, so the writer knows which sessions
 * to move when their project or source is filled later.
 */
export const ACTIVITY_EVENT_KINDS = ['prompt', 'turn_duration', 'interrupt', 'api_error'] as const

const kinds = ACTIVITY_EVENT_KINDS.map((k) => `'${k}'`).join(', ')

export const ACTIVITY_TABLES = `
CREATE TABLE IF NOT EXISTS activity_15m (
  kind TEXT NOT NULL,
  bucket INTEGER NOT NULL,
  project_id INTEGER NOT NULL,
  source_id INTEGER NOT NULL,
  is_subagent INTEGER NOT NULL,
  name TEXT NOT NULL,
  n INTEGER NOT NULL,
  errors INTEGER NOT NULL,
  value_sum REAL NOT NULL,
  value_n INTEGER NOT NULL,
  PRIMARY KEY (kind, bucket, project_id, source_id, is_subagent, name)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS activity_orphans (session_id TEXT PRIMARY KEY) WITHOUT ROWID;`

/** Counted facts per session, bucket, thread and name (`where` narrows both fact tables, e.g. to one session). */
const facts = (where: string, kind = 'kind') => `
  SELECT kind, ts / 900000 AS bucket, session_id, agent_id IS NOT NULL AS sub, '' AS name, COUNT(*) AS n,
    0 AS errors, COALESCE(SUM(value), 0) AS vs, COUNT(value) AS vn
  FROM events WHERE ${kind} IN (${kinds})${where} GROUP BY kind, bucket, session_id, sub
  UNION ALL
  SELECT 'tool', ts / 900000 AS bucket, session_id, agent_id IS NOT NULL AS sub, name, COUNT(*),
    SUM(CASE WHEN is_error THEN 1 ELSE 0 END), 0, 0
  FROM tool_calls WHERE name <> '?'${where} GROUP BY bucket, session_id, sub, name`

/**
 * Sessions whose move (see ActivityWriter.finish) waits for the session indexes of the fact tables: a
 * bulk pass drops them, and recounting a session without them scans the tables. One `store_state` row
 * each (no migration), `activity-move:<session id>` = the "project,source" its facts are counted under.
 */
export const MOVE_KEY = 'activity-move:'
const MOVES = `key >= '${MOVE_KEY}' AND key < 'activity-move;'`

/**
 * The statements that add the facts of the sessions matching `sessions` (SQL on `session_id`, with
 * named parameters) to both tables, reading the facts once: migration 011's backfill by session range
 * (sums per cell add up over disjoint sets of sessions) and, on empty tables, the rebuild.
 */
export const activityAdd = (sessions: string): string[] => [
  `DROP TABLE IF EXISTS temp.activity_facts`,
  // By session range: `+kind` keeps the planner off events_kind_ts (every prompt of the store per chunk).
  `CREATE TEMP TABLE activity_facts AS ${facts(` AND ${sessions}`, sessions === '1' ? 'kind' : '+kind')}`,
  `INSERT INTO activity_15m (kind, bucket, project_id, source_id, is_subagent, name, n, errors, value_sum, value_n)
  SELECT x.kind, x.bucket, COALESCE(s.project_id, 0) AS p, COALESCE(s.source_id, 0) AS src, x.sub, x.name,
    SUM(x.n), SUM(x.errors), SUM(x.vs), SUM(x.vn)
  FROM temp.activity_facts x LEFT JOIN sessions s ON s.id = x.session_id
  GROUP BY x.kind, x.bucket, p, src, x.sub, x.name
  ON CONFLICT DO UPDATE SET n = n + excluded.n, errors = errors + excluded.errors,
    value_sum = value_sum + excluded.value_sum, value_n = value_n + excluded.value_n`,
  `INSERT OR IGNORE INTO activity_orphans
  SELECT DISTINCT x.session_id FROM temp.activity_facts x LEFT JOIN sessions s ON s.id = x.session_id
  WHERE s.project_id IS NULL OR s.source_id IS NULL`,
  `DROP TABLE temp.activity_facts`,
]

/** Rebuilds both tables from the fact tables (removing a source); the facts are read once. */
export const ACTIVITY_REBUILD = [
  `DELETE FROM activity_15m`,
  `DELETE FROM activity_orphans`,
  ...activityAdd('1'),
  `DELETE FROM store_state WHERE ${MOVES}`,
]
  .map((q) => `${q};`)
  .join('\n')

/** Empties both tables (migration 011's schema step; its backfill fills them). */
export const ACTIVITY_CLEAR = `DELETE FROM activity_15m; DELETE FROM activity_orphans; DELETE FROM store_state WHERE ${MOVES};`

export const ACTIVITY_SQL = {
  add: `INSERT INTO activity_15m (kind, bucket, project_id, source_id, is_subagent, name, n, errors, value_sum, value_n)
    VALUES (?,?,?,?,?,?,?,?,?,?)
    ON CONFLICT DO UPDATE SET n = n + excluded.n, errors = errors + excluded.errors,
    value_sum = value_sum + excluded.value_sum, value_n = value_n + excluded.value_n`,
  dropEmpty: `DELETE FROM activity_15m WHERE kind = ? AND bucket = ? AND project_id = ? AND source_id = ?
    AND is_subagent = ? AND name = ? AND n = 0`,
  dims: `SELECT COALESCE(project_id, 0) AS p, COALESCE(source_id, 0) AS s FROM sessions WHERE id = ?`,
  isOrphan: `SELECT 1 FROM activity_orphans WHERE session_id = ?`,
  orphan: `INSERT OR IGNORE INTO activity_orphans (session_id) VALUES (?)`,
  adopted: `DELETE FROM activity_orphans WHERE session_id = ?`,
  sessionFacts: `SELECT kind, bucket, sub, name, n, errors, vs, vn FROM (${facts(' AND session_id = ?')})`,
  deferMove: `INSERT OR IGNORE INTO store_state (key, value) VALUES ('${MOVE_KEY}' || ?, ?)`,
  waiting: `SELECT value FROM store_state WHERE key = '${MOVE_KEY}' || ?`,
  anyWaiting: `SELECT 1 FROM store_state WHERE ${MOVES} LIMIT 1`,
  allWaiting: `SELECT substr(key, ${MOVE_KEY.length + 1}) AS id, value FROM store_state WHERE ${MOVES}`,
  moved: `DELETE FROM store_state WHERE key = '${MOVE_KEY}' || ?`,
  /** Both session indexes sessionFacts searches; without them it scans the fact tables. */
  indexes: `SELECT COUNT(*) FROM sqlite_schema WHERE type = 'index'
    AND name IN ('events_session_kind_ts', 'tool_calls_session')`,
  getTool: `SELECT name, ts, session_id, agent_id, is_error, result_ts FROM tool_calls WHERE id = ?`,
  insToolFull: `INSERT INTO tool_calls (id, name, ts, session_id, agent_id, subagent_type, description, result_ts,
    is_error, error_text, spawned_agent_id) VALUES (?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT(id) DO NOTHING`,
  insToolUse: `INSERT INTO tool_calls (id, name, ts, session_id, agent_id, subagent_type, description)
    VALUES (?,?,?,?,?,?,?) ON CONFLICT(id) DO NOTHING`,
} as const

export type ActivityStatement = keyof typeof ACTIVITY_SQL
