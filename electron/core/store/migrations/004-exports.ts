import type { Migration } from './types'

/** The export log: every export written (when, what, where). */
export const m004Exports: Migration = {
  version: 4,
  name: 'exports',
  sql: `CREATE TABLE exports (
  id INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  view TEXT NOT NULL,
  format TEXT NOT NULL,
  path TEXT NOT NULL,
  range_start TEXT NOT NULL,
  range_end TEXT NOT NULL,
  anonymized INTEGER NOT NULL,
  bytes INTEGER NOT NULL
);`,
}
