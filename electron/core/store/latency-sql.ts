import type { Statement } from 'better-sqlite3'
import type { Db } from './db'

/**
 * SQL of the response-time histograms (`latency_1h`, migration 016): per UTC hour × kind (0 turns,
 * 1 tool calls) × the session's project and source × main/subagent (tool calls; turns are main-thread),
 * the exact count, sum and count of turns timed by turn_duration lines (`flagged`), and a sparse
 * histogram of the durations (store/latency-buckets.ts); project and source -1 is the sum over all of
 * them (store/latency-delta.ts). A session without a row, project or source
 * counts under 0 there (as activity_15m) and is listed in `latency_orphans`, so the writer moves its
 * part when they are filled in later.
 */
export const LATENCY_TABLES = `
CREATE TABLE IF NOT EXISTS latency_1h (
  kind INTEGER NOT NULL,
  hour INTEGER NOT NULL,
  project_id INTEGER NOT NULL,
  source_id INTEGER NOT NULL,
  is_subagent INTEGER NOT NULL,
  n INTEGER NOT NULL,
  sum REAL NOT NULL,
  flagged INTEGER NOT NULL,
  hist BLOB NOT NULL,
  PRIMARY KEY (kind, hour, project_id, source_id, is_subagent)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS latency_orphans (session_id TEXT PRIMARY KEY) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS turns_duration ON turns(duration_ms, ts);`

/**
 * The same per UTC day (`latency_1d`, migration 020): each row is the sum of the day's `latency_1h`
 * rows (store/latency-days.ts), so a range reads whole days from here and only its partial days by hour.
 * Keyed by project before day: a range over years reads the rows of the projects asked (or of -1, all
 * of them) alone, not every project's row of every day.
 */
export const LATENCY_DAY_TABLE = `
CREATE TABLE IF NOT EXISTS latency_1d (
  kind INTEGER NOT NULL,
  day INTEGER NOT NULL,
  project_id INTEGER NOT NULL,
  source_id INTEGER NOT NULL,
  is_subagent INTEGER NOT NULL,
  n INTEGER NOT NULL,
  sum REAL NOT NULL,
  flagged INTEGER NOT NULL,
  hist BLOB NOT NULL,
  PRIMARY KEY (kind, project_id, day, source_id, is_subagent)
) WITHOUT ROWID;`

export const LATENCY_KIND = { turn: 0, tool: 1 } as const

/** A timed tool call: started at ts, its result at result_ts, no earlier. */
export const timedTool = (alias = ''): string =>
  `${alias}result_ts IS NOT NULL AND ${alias}result_ts >= ${alias}ts`

export const LATENCY_SQL = {
  get: `SELECT n, sum, flagged, hist FROM latency_1h
    WHERE kind = ? AND hour = ? AND project_id = ? AND source_id = ? AND is_subagent = ?`,
  put: `INSERT OR REPLACE INTO latency_1h (kind, hour, project_id, source_id, is_subagent, n, sum, flagged, hist)
    VALUES (?,?,?,?,?,?,?,?,?)`,
  drop: `DELETE FROM latency_1h WHERE kind = ? AND hour = ? AND project_id = ? AND source_id = ? AND is_subagent = ?`,
  dayGet: `SELECT n, sum, flagged, hist FROM latency_1d
    WHERE kind = ? AND day = ? AND project_id = ? AND source_id = ? AND is_subagent = ?`,
  dayPut: `INSERT OR REPLACE INTO latency_1d (kind, day, project_id, source_id, is_subagent, n, sum, flagged, hist)
    VALUES (?,?,?,?,?,?,?,?,?)`,
  dayDrop: `DELETE FROM latency_1d WHERE kind = ? AND day = ? AND project_id = ? AND source_id = ? AND is_subagent = ?`,
  dims: `SELECT COALESCE(project_id, 0) AS p, COALESCE(source_id, 0) AS s FROM sessions WHERE id = ?`,
  isOrphan: `SELECT 1 FROM latency_orphans WHERE session_id = ?`,
  orphan: `INSERT OR IGNORE INTO latency_orphans (session_id) VALUES (?)`,
  adopted: `DELETE FROM latency_orphans WHERE session_id = ?`,
  sessionTurns: `SELECT ts, duration_ms, from_turn_duration FROM turns WHERE session_id = ?`,
  sessionTools: `SELECT ts, result_ts, agent_id IS NOT NULL FROM tool_calls WHERE session_id = ? AND ${timedTool()}`,
} as const

export type LatencyStatement = keyof typeof LATENCY_SQL

const prepared = new WeakMap<Db, Record<LatencyStatement, Statement>>()
export function latencyStatements(db: Db): Record<LatencyStatement, Statement> {
  let s = prepared.get(db)
  if (!s) {
    s = Object.fromEntries(Object.entries(LATENCY_SQL).map(([k, sql]) => [k, db.prepare(sql)])) as Record<
      LatencyStatement,
      Statement
    >
    prepared.set(db, s)
  }
  return s
}
