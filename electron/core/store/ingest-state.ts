import type { Db } from './db'
import type { FileState } from './writer'

/** SQL for the ingest bookkeeping: sources, per-file state, and the pass log. */

const FILE_COLUMNS = `id, path, ino, size, mtime_ms, head_hash, offset, missing_since`

/** Registers a root as a source (unique by real path) and returns its id; a given label renames it. */
export function ensureSource(
  db: Db,
  realRoot: string,
  label: string | undefined,
  defaultLabel: string,
): number {
  const row = db.prepare(`SELECT id, label FROM sources WHERE root = ?`).get(realRoot) as
    { id: number; label: string } | undefined
  if (row) {
    if (label && label !== row.label)
      db.prepare(`UPDATE sources SET label = ? WHERE id = ?`).run(label, row.id)
    return row.id
  }
  return Number(
    db
      .prepare(`INSERT INTO sources (root, label, added_at) VALUES (?, ?, ?)`)
      .run(realRoot, label ?? defaultLabel, Date.now()).lastInsertRowid,
  )
}

/** Each source with its stored transcript files and how many of them were deleted since (data kept). */
export function sourceFiles(db: Db): { label: string; root: string; files: number; missingFiles: number }[] {
  return db
    .prepare(
      `SELECT s.label, s.root, COUNT(f.id) AS files, COUNT(f.missing_since) AS missingFiles
       FROM sources s LEFT JOIN files f ON f.source_id = s.id GROUP BY s.id ORDER BY s.label`,
    )
    .all() as { label: string; root: string; files: number; missingFiles: number }[]
}

/** A new label for a source (by its real path); nothing happens for a root never read. */
export function renameSource(db: Db, root: string, label: string): void {
  db.prepare(`UPDATE sources SET label = ? WHERE root = ?`).run(label, root)
}

export function knownFiles(db: Db, sourceId: number): Map<string, FileState> {
  // Raw rows: a warm pass reads every file's state, and named rows cost twice as much.
  const rows = db.prepare(`SELECT ${FILE_COLUMNS} FROM files WHERE source_id = ?`).raw().all(sourceId) as [
    number,
    string,
    string | null,
    number,
    number,
    string | null,
    number,
    number | null,
  ][]
  const out = new Map<string, FileState>()
  for (const [id, path, ino, size, mtime_ms, head_hash, offset, missing_since] of rows)
    out.set(path, { id, path, ino, size, mtime_ms, head_hash, offset, missing_since })
  return out
}

/** One file's row by path (a pass that reuses its folder listings looks up only the files that changed). */
export function fileLookup(db: Db, sourceId: number): (path: string) => FileState | undefined {
  const get = db.prepare(`SELECT ${FILE_COLUMNS} FROM files WHERE path = ? AND source_id = ?`)
  return (path) => get.get(path, sourceId) as FileState | undefined
}

/**
 * Count and sums of size, mtime (low 32 bits: the sum stays exact in a double) and offset over a source's
 * present files (those with an inode: what `recOf` mirrors).
 */
export type FilesFingerprint = [count: number, size: number, mtime: number, offset: number]

export function filesFingerprint(db: Db, sourceId: number): FilesFingerprint {
  return db
    .prepare(
      `SELECT count(*), coalesce(sum(size), 0), coalesce(sum(mtime_ms % 4294967296), 0), coalesce(sum(offset), 0)
       FROM files WHERE source_id = ? AND missing_since IS NULL AND ino IS NOT NULL`,
    )
    .raw()
    .get(sourceId) as FilesFingerprint
}

/**
 * Changes whenever any connection commits a change to the store, or this one changes a row: equal marks
 * mean the file rows are as they were.
 */
export function storeMark(db: Db): string {
  const version = db.pragma('data_version', { simple: true }) as number
  const changes = db.prepare(`SELECT total_changes()`).pluck().get() as number
  return `${version}:${changes}`
}

const scanKeys = (sourceId: number) => [`scan:${sourceId}`, `scan-recs:${sourceId}`]

/**
 * The folder listings (JSON) and file records (raw doubles, a BLOB) a source's last pass saved, if any:
 * kept in `store_state`, so no migration.
 */
export function loadScanState(db: Db, sourceId: number): { json: string; recs: Buffer } | undefined {
  const [k1, k2] = scanKeys(sourceId)
  const get = db.prepare(`SELECT value FROM store_state WHERE key = ?`).pluck()
  const json = get.get(k1)
  const recs = get.get(k2)
  return typeof json === 'string' && Buffer.isBuffer(recs) ? { json, recs } : undefined
}

export function saveScanState(db: Db, sourceId: number, json: string, recs: Buffer): void {
  const put = db.prepare(
    `INSERT INTO store_state (key, value) VALUES (?, ?) ON CONFLICT DO UPDATE SET value = excluded.value`,
  )
  const [k1, k2] = scanKeys(sourceId)
  db.transaction(() => {
    put.run(k1, json)
    put.run(k2, recs)
  })()
}

/** Marks the rows of these paths (of this source) missing, as `markMissing` does by id. */
export function markMissingPaths(db: Db, sourceId: number, paths: string[]): void {
  const mark = db.prepare(
    `UPDATE files SET missing_since = ? WHERE path = ? AND source_id = ? AND missing_since IS NULL`,
  )
  const now = Date.now()
  for (const p of paths) mark.run(now, p, sourceId)
}

/** Deleted transcripts keep their data; their file rows are only marked missing. */
export function markMissing(db: Db, fileIds: number[]): void {
  const mark = db.prepare(`UPDATE files SET missing_since = ? WHERE id = ? AND missing_since IS NULL`)
  const now = Date.now()
  for (const id of fileIds) mark.run(now, id)
}

export interface PassLog {
  seconds: number
  filesRead: number
  bytes: number
  lines: number
  newResponses: number
  badLines: Record<string, number>
}

export function logPass(db: Db, s: PassLog): void {
  db.prepare(
    `INSERT INTO ingest_log (started_at, seconds, files, bytes, lines, responses, bad_lines) VALUES (?,?,?,?,?,?,?)`,
  ).run(Date.now(), s.seconds, s.filesRead, s.bytes, s.lines, s.newResponses, JSON.stringify(s.badLines))
}
