import Database from 'better-sqlite3'
import { MIGRATIONS, SCHEMA_VERSION } from './migrations'
import { ensureIndexes } from './indexes'

export type Db = Database.Database

export class StoreError extends Error {
  constructor(
    message: string,
    readonly code: 'newer_schema' | 'corrupt' | 'locked' | 'open_failed',
  ) {
    super(message)
  }
}

export interface OpenOptions {
  readonly?: boolean
  /** Path of a better_sqlite3.node built for the running ABI (the Electron app passes its own). */
  nativeBinding?: string
  /** How long to wait for another process's lock before failing with a 'locked' error. */
  busyTimeoutMs?: number
}

function classify(err: unknown, file: string): StoreError {
  const code = (err as { code?: string }).code ?? ''
  const msg = err instanceof Error ? err.message : String(err)
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED')
    return new StoreError(`database ${file} is locked by another process (${msg})`, 'locked')
  if (code === 'SQLITE_FULL')
    return new StoreError(`database ${file}: the disk is full (${msg})`, 'open_failed')
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT')
    return new StoreError(`database ${file} is corrupt or not a database (${msg})`, 'corrupt')
  return new StoreError(`cannot open database ${file}: ${msg}`, 'open_failed')
}

/** Applies pending migrations in one transaction; refuses a DB written by newer code. */
export function migrate(db: Db): void {
  const current = db.pragma('user_version', { simple: true }) as number
  if (current > SCHEMA_VERSION)
    throw new StoreError(
      `database schema version ${current} is newer than this Observatory (${SCHEMA_VERSION}); update the app`,
      'newer_schema',
    )
  const pending = MIGRATIONS.filter((m) => m.version > current)
  if (pending.length === 0) return
  db.transaction(() => {
    for (const m of pending) db.exec(m.sql)
    db.pragma(`user_version = ${SCHEMA_VERSION}`)
  })()
}

export function openDb(file: string, opts: OpenOptions = {}): Db {
  let db: Db | undefined
  try {
    db = new Database(file, {
      readonly: opts.readonly ?? false,
      ...(opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {}),
    })
    db.pragma(`busy_timeout = ${opts.busyTimeoutMs ?? 5000}`)
    if (!opts.readonly) {
      db.pragma('journal_mode = WAL')
      db.pragma('synchronous = NORMAL')
    }
    db.pragma('cache_size = -32000')
    db.pragma('temp_store = MEMORY')
    if (!opts.readonly) {
      migrate(db)
      ensureIndexes(db)
    }
    return db
  } catch (err) {
    db?.close()
    if (err instanceof StoreError) throw err
    throw classify(err, file)
  }
}

const STORE_CODES = new Set([
  'SQLITE_BUSY',
  'SQLITE_LOCKED',
  'SQLITE_CORRUPT',
  'SQLITE_NOTADB',
  'SQLITE_FULL',
])

/** A store-level failure (lock, corruption, full disk) as a StoreError; other errors unchanged. */
export function asStoreError(err: unknown, file: string): unknown {
  if (err instanceof StoreError) return err
  return STORE_CODES.has((err as { code?: string }).code ?? '') ? classify(err, file) : err
}
