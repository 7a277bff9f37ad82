import type { Db } from './db'
import type { FileState } from './writer'

/** SQL for the ingest bookkeeping: sources, per-file state, and the pass log. */

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
  const rows = db
    .prepare(
      `SELECT id, path, ino, size, mtime_ms, head_hash, offset, missing_since FROM files WHERE source_id = ?`,
    )
    .raw()
    .all(sourceId) as [number, string, string | null, number, number, string | null, number, number | null][]
  const out = new Map<string, FileState>()
  for (const [id, path, ino, size, mtime_ms, head_hash, offset, missing_since] of rows)
    out.set(path, { id, path, ino, size, mtime_ms, head_hash, offset, missing_since })
  return out
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
