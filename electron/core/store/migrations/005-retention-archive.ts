import type { Migration } from './types'

/**
 * Retention and archive. `pruned_responses` keeps the key of every response whose row retention
 * deleted, so a file read again later (truncated, replaced, or re-read after a source removal) cannot
 * add it to the rollup a second time (removing a source drops its tombstones with its rollup);
 * `prune_runs` logs each run. `files.archived_offset` is how much of a file the archive holds and `archived_bytes` the size
 * of its complete gzip copy (anything after it is an interrupted write, cut before appending).
 */
export const m005RetentionArchive: Migration = {
  version: 5,
  name: 'retention-archive',
  sql: `CREATE TABLE pruned_responses (key TEXT PRIMARY KEY, source_id INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE prune_runs (
  id INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  cutoff INTEGER NOT NULL,
  responses INTEGER NOT NULL,
  seconds REAL NOT NULL
);
ALTER TABLE files ADD COLUMN archived_offset INTEGER NOT NULL DEFAULT 0;
ALTER TABLE files ADD COLUMN archived_bytes INTEGER NOT NULL DEFAULT 0;`,
}
