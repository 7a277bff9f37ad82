import { accessSync, constants, existsSync } from 'node:fs'
import { dirname } from 'node:path'
import Database from 'better-sqlite3'
import { MIGRATIONS, SCHEMA_VERSION } from './migrations'
import type { Migration } from './migrations/types'
import { markBackfill, runBackfills, upgradePending, type UpgradeListener } from './backfill'
import { ensureIndexes } from './indexes'
import { refreshDeferred } from './deferred-upkeep'
import { classifyStoreError, migrationError, StoreError, storeError } from './store-error'

export { asStoreError, StoreError } from './store-error'
export type { StoreErrorKind } from './store-error'

export type Db = Database.Database

export interface OpenOptions {
  readonly?: boolean
  /** Path of a better_sqlite3.node built for the running ABI (the Electron app passes its own). */
  nativeBinding?: string
  /** How long to wait for another process's lock before failing with a 'locked' error. */
  busyTimeoutMs?: number
  /** Caps the store's size in pages (`PRAGMA max_page_count`): past it, writes fail as a full disk. */
  maxPageCount?: number
  /**
   * Leave the pending backfills (store/backfill.ts) to the caller, which must run them before any
   * write (the host runs them before its first pass, answering requests meanwhile). Default: they
   * run here, to their end, reporting to `onUpgrade`.
   */
  deferBackfills?: boolean
  onUpgrade?: UpgradeListener
}

/** Refuses a DB written by newer code; reads only, so a refused file is left exactly as it was. */
function checkVersion(db: Db, file: string): void {
  const current = db.pragma('user_version', { simple: true }) as number
  if (current > SCHEMA_VERSION)
    throw new StoreError(
      `database ${file} has schema version ${current}, newer than this Observatory knows (${SCHEMA_VERSION}): update Observatory, or point --db / OBSERVATORY_DB at another file`,
      'newer_schema',
      file,
    )
}

/**
 * Applies pending migrations' schema steps in one transaction, listing their backfills as pending in
 * it; refuses a DB written by newer code.
 */
export function migrate(db: Db): void {
  checkVersion(db, db.name)
  const current = db.pragma('user_version', { simple: true }) as number
  const pending = MIGRATIONS.filter((m) => m.version > current)
  if (pending.length === 0) return
  let running: Migration | null = null
  try {
    db.transaction(() => {
      for (const m of pending) {
        running = m
        db.exec(m.sql)
        // A new store (version 0) has nothing to fill.
        if (m.backfill && current > 0) markBackfill(db, m.version)
      }
      running = null
      db.pragma(`user_version = ${SCHEMA_VERSION}`)
    })()
  } catch (err) {
    // A fault of the store (lock, full disk, corruption) says so; anything else names the migration.
    const store = classifyStoreError(err, db.name)
    const failed = running as Migration | null
    if (store || failed === null) throw store ?? err
    throw migrationError(db.name, failed.version, failed.name, err)
  }
}

/**
 * A file or folder the process may not write (SQLite would open the file read-only without a word
 * and fail at the first write). As root this check passes; SQLite's own SQLITE_READONLY still applies.
 */
function checkWritable(file: string): void {
  if (file === ':memory:' || file === '') return
  for (const path of existsSync(file) ? [file, dirname(file)] : [dirname(file)]) {
    try {
      accessSync(path, constants.W_OK)
    } catch (err) {
      const code = (err as { code?: string }).code ?? ''
      if (['EACCES', 'EPERM', 'EROFS'].includes(code))
        throw storeError('readonly', file, `${path}: ${(err as Error).message}`)
      // Anything else (a missing folder, …) is left to SQLite, which reports it as it is.
    }
  }
}

export function openDb(file: string, opts: OpenOptions = {}): Db {
  let db: Db | undefined
  try {
    if (file !== ':memory:' && file !== '' && !existsSync(dirname(file)))
      throw storeError('cantopen', file, `the folder ${dirname(file)} does not exist`)
    if (!opts.readonly) checkWritable(file)
    db = new Database(file, {
      readonly: opts.readonly ?? false,
      ...(opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {}),
    })
    db.pragma(`busy_timeout = ${opts.busyTimeoutMs ?? 5000}`)
    if (opts.maxPageCount) db.pragma(`max_page_count = ${opts.maxPageCount}`)
    // Before anything is written: a newer store keeps its bytes and its journal mode.
    checkVersion(db, file)
    if (!opts.readonly) {
      db.pragma('journal_mode = WAL')
      db.pragma('synchronous = NORMAL')
    }
    db.pragma('cache_size = -32000')
    db.pragma('temp_store = MEMORY')
    if (!opts.readonly) {
      // Takes the write lock: a read-only file, a lock held elsewhere or a full disk shows here.
      migrate(db)
      ensureIndexes(db)
      // After the indexes: the chunks search them.
      if (!opts.deferBackfills) runBackfills(db, opts.onUpgrade)
      // What a bulk pass that ended early left to recompute (a deferred upgrade does it at its end; with
      // no upgrade pending, the app's open does it here too).
      if (!opts.deferBackfills || !upgradePending(db)) refreshDeferred(db)
    }
    return db
  } catch (err) {
    db?.close()
    // A store fault (SQLITE_CANTOPEN among them) or a failed migration says which; anything else (a bug,
    // a native module that does not load) goes up as it is, not as advice about the folder.
    throw classifyStoreError(err, file) ?? err
  }
}

/**
 * Moves what the WAL holds into the main file and empties the WAL (after a large pass; otherwise a
 * cold pass leaves everything in `-wal` until the last connection closes). It does not wait for
 * readers: with one reading, it copies what it can and leaves the rest to the next checkpoint.
 */
export function checkpoint(db: Db): { busy: boolean; walPages: number } {
  const timeout = db.pragma('busy_timeout', { simple: true }) as number
  db.pragma('busy_timeout = 0')
  try {
    const [r] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number; log: number }[]
    return { busy: r!.busy !== 0, walPages: r!.log }
  } finally {
    db.pragma(`busy_timeout = ${timeout}`)
  }
}
