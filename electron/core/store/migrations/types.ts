import type { Db } from '../db'

/** A key that splits a backfill's work: a session id, a day, … (compared as SQLite compares them). */
export type BackfillKey = string | number

/**
 * The slow part of a migration (ARCHITECTURE.md, "Migrations and backfills"): filling a derived table
 * for an existing store, in chunks that each commit with the backfill's cursor, so an interrupted open
 * resumes where it stopped. Chunks are the key ranges (lo, hi] between consecutive `bounds`, from
 * −∞ (lo = null) to +∞ (hi = null); `chunk` must add exactly the rows of its range.
 */
export interface Backfill {
  /** The ascending keys that split the work (a few hundred chunks at most); read once per open. */
  bounds(db: Db): BackfillKey[]
  chunk(db: Db, lo: BackfillKey | null, hi: BackfillKey | null): void
}

export interface Migration {
  version: number
  name: string
  /** The schema step: creates (and empties) the tables, in the one transaction of every pending migration. */
  sql: string
  /** Fills what `sql` created, after the schema step and the secondary indexes (store/backfill.ts). */
  backfill?: Backfill
}
