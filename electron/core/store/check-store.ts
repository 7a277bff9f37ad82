import { existsSync, renameSync } from 'node:fs'
import Database from 'better-sqlite3'
import { SCHEMA_VERSION } from './migrations'
import { missingIndexes } from './indexes'

export interface StoreCheck {
  file: string
  exists: boolean
  ok: boolean
  schemaVersion: number | null
  /** What is wrong, one line each (empty when ok). */
  problems: string[]
}

const MAX_PROBLEMS = 50

/**
 * What `observatory doctor` checks, on a read-only connection that writes nothing: the file opens as
 * a database this code understands, `PRAGMA integrity_check` (pages, b-trees, indexes against their
 * tables), `PRAGMA foreign_key_check`, and the secondary indexes (missing ones are recreated on open).
 */
export function checkStore(file: string, nativeBinding?: string): StoreCheck {
  if (!existsSync(file)) return { file, exists: false, ok: true, schemaVersion: null, problems: [] }
  const problems: string[] = []
  let schemaVersion: number | null = null
  let db: Database.Database | undefined
  try {
    db = new Database(file, {
      readonly: true,
      fileMustExist: true,
      ...(nativeBinding ? { nativeBinding } : {}),
    })
    schemaVersion = db.pragma('user_version', { simple: true }) as number
    if (schemaVersion > SCHEMA_VERSION)
      problems.push(
        `schema version ${schemaVersion} is newer than this Observatory knows (${SCHEMA_VERSION}): update Observatory`,
      )
    const step = (what: string, fn: (d: Database.Database) => string[]) => {
      try {
        problems.push(...fn(db!).map((p) => `${what}: ${p}`))
      } catch (err) {
        problems.push(`${what}: ${(err as Error).message}`)
      }
    }
    step('integrity', (d) => {
      const rows = d.pragma(`integrity_check(${MAX_PROBLEMS})`) as { integrity_check: string }[]
      return rows.length === 1 && rows[0]!.integrity_check === 'ok' ? [] : rows.map((r) => r.integrity_check)
    })
    step('foreign keys', (d) =>
      (d.pragma('foreign_key_check') as { table: string; rowid: number; parent: string }[])
        .slice(0, MAX_PROBLEMS)
        .map((r) => `${r.table} row ${r.rowid} points at a missing ${r.parent} row`),
    )
    if (schemaVersion >= 1)
      step('indexes', (d) => {
        const missing = missingIndexes(d)
        return missing.length ? [`missing (the next open recreates them): ${missing.join(', ')}`] : []
      })
  } catch (err) {
    problems.push(`cannot read it as a database: ${(err as Error).message}`)
  } finally {
    db?.close()
  }
  return { file, exists: true, ok: problems.length === 0, schemaVersion, problems }
}

/** The store's settings rows, if they can still be read (a rebuild carries them over). */
export function readSettingsRows(file: string): { key: string; value: string }[] {
  let db: Database.Database | undefined
  try {
    db = new Database(file, { readonly: true, fileMustExist: true })
    return db.prepare(`SELECT key, value FROM settings`).all() as { key: string; value: string }[]
  } catch {
    return []
  } finally {
    db?.close()
  }
}

/** Renames the store with its `-wal` and `-shm` (kept together, so it still opens); returns the new name. */
export function setAside(file: string, suffix: string): string {
  const to = `${file}.${suffix}`
  renameSync(file, to)
  for (const side of ['-wal', '-shm']) if (existsSync(file + side)) renameSync(file + side, to + side)
  return to
}

/**
 * Whether another connection (the app, `serve`) has the store open: exclusive locking mode cannot get
 * its lock while any other connection holds one, even an idle reader of a WAL store. A file that cannot
 * be read at all counts as not in use.
 */
export function inUseElsewhere(file: string): boolean {
  let db: Database.Database | undefined
  try {
    db = new Database(file, { fileMustExist: true })
    db.pragma('busy_timeout = 0')
    db.pragma('locking_mode = EXCLUSIVE')
    db.exec('BEGIN EXCLUSIVE; COMMIT')
    return false
  } catch (err) {
    return /^SQLITE_(BUSY|LOCKED)/.test((err as { code?: string }).code ?? '')
  } finally {
    db?.close()
  }
}
