import type { Migration } from './types'

/**
 * The fact tables (one row per distinct response, tool call and session event), session metadata,
 * per-file ingest state, and the 15-minute UTC rollup that reports read. The big fact tables are
 * rowid tables with a UNIQUE dedup key: rows append in order and only the narrow key index takes
 * random inserts (several times cheaper than WITHOUT ROWID tables keyed by random text). Their
 * secondary indexes live in ../indexes.ts.
 */
export const m001Initial: Migration = {
  version: 1,
  name: 'initial',
  sql: `
CREATE TABLE sources (
  id INTEGER PRIMARY KEY,
  root TEXT NOT NULL UNIQUE,
  label TEXT NOT NULL,
  watch INTEGER NOT NULL DEFAULT 1,
  added_at INTEGER NOT NULL
);

CREATE TABLE files (
  id INTEGER PRIMARY KEY,
  source_id INTEGER NOT NULL REFERENCES sources(id),
  path TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL,
  session_id TEXT,
  agent_id TEXT,
  ino TEXT,
  size INTEGER NOT NULL DEFAULT 0,
  mtime_ms INTEGER NOT NULL DEFAULT 0,
  head_hash TEXT,
  offset INTEGER NOT NULL DEFAULT 0,
  lines INTEGER NOT NULL DEFAULT 0,
  bad_lines INTEGER NOT NULL DEFAULT 0,
  missing_since INTEGER,
  last_ingest_at INTEGER
);

CREATE TABLE projects (id INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE, name TEXT NOT NULL);
CREATE TABLE models (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);

CREATE TABLE responses (
  id INTEGER PRIMARY KEY,
  key TEXT NOT NULL UNIQUE,
  uuid TEXT,
  ts INTEGER NOT NULL,
  session_id TEXT NOT NULL,
  agent_id TEXT,
  agent_type TEXT,
  is_sidechain INTEGER NOT NULL,
  project_id INTEGER REFERENCES projects(id),
  source_id INTEGER NOT NULL REFERENCES sources(id),
  model_id INTEGER NOT NULL REFERENCES models(id),
  stop_reason TEXT,
  input INTEGER NOT NULL,
  output INTEGER NOT NULL,
  cache_write_5m INTEGER NOT NULL,
  cache_write_1h INTEGER NOT NULL,
  cache_read INTEGER NOT NULL,
  web_search INTEGER NOT NULL,
  web_fetch INTEGER NOT NULL,
  service_tier TEXT,
  speed TEXT,
  cost REAL,
  price_version TEXT NOT NULL,
  cost_usd_logged REAL,
  from_progress INTEGER NOT NULL
);

CREATE TABLE tool_calls (
  id TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  ts INTEGER NOT NULL,
  session_id TEXT NOT NULL,
  agent_id TEXT,
  subagent_type TEXT,
  description TEXT,
  result_ts INTEGER,
  is_error INTEGER,
  error_text TEXT,
  spawned_agent_id TEXT
);

CREATE TABLE events (
  uuid TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL,
  ts INTEGER NOT NULL,
  session_id TEXT NOT NULL,
  agent_id TEXT,
  text TEXT,
  value REAL
);

CREATE TABLE sessions (
  id TEXT PRIMARY KEY,
  project_id INTEGER REFERENCES projects(id),
  source_id INTEGER REFERENCES sources(id),
  first_ts INTEGER NOT NULL,
  last_ts INTEGER NOT NULL,
  versions TEXT NOT NULL DEFAULT '',
  git_branch TEXT,
  entrypoint TEXT
) WITHOUT ROWID;
CREATE INDEX sessions_last ON sessions(last_ts);

CREATE TABLE agents (
  id TEXT PRIMARY KEY,
  session_id TEXT NOT NULL,
  agent_type TEXT,
  description TEXT,
  worktree_path TEXT
) WITHOUT ROWID;

CREATE TABLE session_titles (
  session_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  title TEXT NOT NULL,
  PRIMARY KEY (session_id, kind)
) WITHOUT ROWID;

CREATE TABLE summaries (leaf_uuid TEXT PRIMARY KEY, summary TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE leafs (uuid TEXT PRIMARY KEY, session_id TEXT NOT NULL) WITHOUT ROWID;

CREATE TABLE rollup_15m (
  bucket INTEGER NOT NULL,
  project_id INTEGER NOT NULL,
  model_id INTEGER NOT NULL,
  source_id INTEGER NOT NULL,
  is_subagent INTEGER NOT NULL,
  input INTEGER NOT NULL DEFAULT 0,
  output INTEGER NOT NULL DEFAULT 0,
  cache_write_5m INTEGER NOT NULL DEFAULT 0,
  cache_write_1h INTEGER NOT NULL DEFAULT 0,
  cache_read INTEGER NOT NULL DEFAULT 0,
  cost REAL NOT NULL DEFAULT 0,
  unpriced_tokens INTEGER NOT NULL DEFAULT 0,
  unpriced_responses INTEGER NOT NULL DEFAULT 0,
  responses INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (bucket, project_id, model_id, source_id, is_subagent)
) WITHOUT ROWID;

CREATE TABLE ingest_log (
  id INTEGER PRIMARY KEY,
  started_at INTEGER NOT NULL,
  seconds REAL NOT NULL,
  files INTEGER NOT NULL,
  bytes INTEGER NOT NULL,
  lines INTEGER NOT NULL,
  responses INTEGER NOT NULL,
  bad_lines TEXT NOT NULL
);
`,
}
