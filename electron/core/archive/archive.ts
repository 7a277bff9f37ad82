import { createReadStream, createWriteStream, existsSync } from 'node:fs'
import { mkdir, open, readdir, readFile, stat, writeFile } from 'node:fs/promises'
import { basename, dirname, isAbsolute, join, relative } from 'node:path'
import { pipeline } from 'node:stream/promises'
import { promisify } from 'node:util'
import { createGunzip, gzip } from 'node:zlib'
import type { Db } from '../store/db'

/**
 * The transcript archive: a gzip copy of every transcript read, at
 * `<archive>/<source id>/<path below the source's root>.gz`, so a `~/.claude` source keeps its
 * `projects/<dir>/<session>.jsonl` layout. It grows with the ingested bytes: each run appends the bytes
 * read since the last one (`files.archived_offset` → `files.offset`, whole lines only) as one more gzip
 * member (gunzip reads concatenated members as one stream). A file re-read from the start (truncated or
 * replaced) has its offset reset by the writer and its archive copy rewritten. Compression runs on
 * libuv's thread pool, so a first archive of a large store does not block queries. `archived_bytes`
 * is the copy's size after its last complete run, so a run interrupted mid-write is cut off, not kept.
 */
const gz = promisify(gzip)
const CHUNK = 8 << 20

export interface ArchiveRun {
  files: number
  bytesIn: number
  bytesOut: number
  errors: string[]
}

interface Pending {
  id: number
  path: string
  offset: number
  archived: number
  bytes: number
  sourceId: number
  root: string
  ino: string | null
  head: string | null
}

/** The archive of a store: `archive/` beside the database file. */
export function archiveDirFor(dbPath: string): string {
  return join(dirname(dbPath), 'archive')
}

/** Where a file's copy goes: its path below the source root, or its name when it lies elsewhere. */
export function archivePath(dir: string, sourceId: number, root: string, path: string): string {
  const rel = relative(root, path)
  const safe = rel === '' || rel.startsWith('..') || isAbsolute(rel) ? basename(path) : rel
  return join(dir, String(sourceId), `${safe}.gz`)
}

/** A subagent's `agent-<id>.meta.json` (its type and description) goes beside its copy. */
async function copyMeta(path: string, out: string): Promise<void> {
  if (!/[/\\]subagents[/\\]agent-[^/\\]+\.jsonl$/.test(path)) return
  const meta = path.replace(/\.jsonl$/, '.meta.json')
  let text: Buffer
  try {
    text = await readFile(meta)
  } catch {
    return // no sidecar
  }
  await writeFile(out.replace(/\.jsonl\.gz$/, '.meta.json.gz'), await gz(text))
}

/**
 * Appends what was read since the last run of every file to its archive copy. It may run beside live
 * ingest: it only reads and records offsets while no pass holds a transaction open (else it stops and
 * the next run goes on), and records a copy only if the file was not re-read from the start meanwhile.
 */
export async function archiveNewBytes(db: Db, dir: string): Promise<ArchiveRun> {
  const rows = db
    .prepare(
      `SELECT f.id, f.path, f.offset, f.archived_offset AS archived, f.archived_bytes AS bytes,
         f.source_id AS sourceId, s.root, f.ino, f.head_hash AS head
       FROM files f JOIN sources s ON s.id = f.source_id
       WHERE f.offset > f.archived_offset AND f.missing_since IS NULL ORDER BY f.id`,
    )
    .all() as Pending[]
  const done = db.prepare(
    `UPDATE files SET archived_offset = :pos, archived_bytes = :size
     WHERE id = :id AND archived_offset = :archived AND offset >= :pos AND ino IS :ino AND head_hash IS :head`,
  )
  const run: ArchiveRun = { files: 0, bytesIn: 0, bytesOut: 0, errors: [] }
  if (db.inTransaction) return run
  for (const f of rows) {
    if (db.inTransaction) break
    try {
      const out = archivePath(dir, f.sourceId, f.root, f.path)
      await mkdir(dirname(out), { recursive: true })
      const src = await open(f.path, 'r')
      // 'w' starts the copy over; otherwise cut what an interrupted run may have left after the last
      // complete member, then append.
      const fresh = f.archived === 0 || !existsSync(out)
      const dst = await open(out, fresh ? 'w' : 'r+')
      let pos = fresh ? 0 : f.archived
      let size = fresh ? 0 : f.bytes
      try {
        if (!fresh) await dst.truncate(size)
        while (pos < f.offset) {
          const buf = Buffer.allocUnsafe(Math.min(CHUNK, f.offset - pos))
          const { bytesRead } = await src.read(buf, 0, buf.length, pos)
          if (bytesRead === 0) break
          const packed = await gz(buf.subarray(0, bytesRead))
          await dst.write(packed, 0, packed.length, size)
          size += packed.length
          pos += bytesRead
          run.bytesIn += bytesRead
          run.bytesOut += packed.length
        }
        await dst.sync()
      } finally {
        await src.close()
        await dst.close()
      }
      await copyMeta(f.path, out)
      // A pass began meanwhile: record nothing now; the next run cuts what was appended and redoes it.
      if (db.inTransaction) break
      const { id, archived, ino, head } = f
      if (done.run({ pos, size, id, archived, ino, head }).changes === 1) run.files++
    } catch (err) {
      run.errors.push(`archiving ${f.path} failed: ${(err as Error).message}`)
    }
  }
  return run
}

/** Transcripts and compressed bytes in the archive. */
export async function archiveSize(dir: string): Promise<{ files: number; bytes: number }> {
  let files = 0
  let bytes = 0
  try {
    for (const e of await readdir(dir, { recursive: true, withFileTypes: true })) {
      if (!e.isFile() || !e.name.endsWith('.gz')) continue
      if (e.name.endsWith('.jsonl.gz')) files++
      bytes += (await stat(join(e.parentPath, e.name))).size
    }
  } catch {
    // No archive yet.
  }
  return { files, bytes }
}

/**
 * Unpacks the archive into `out/<source label>/…` as plain `.jsonl` files: each folder can then be
 * added as a source (or read with `observatory ingest --root`). Returns the folders written.
 */
export async function restoreArchive(db: Db, dir: string, out: string): Promise<string[]> {
  const labels = new Map(
    (db.prepare(`SELECT id, label FROM sources`).all() as { id: number; label: string }[]).map((s) => [
      String(s.id),
      s.label,
    ]),
  )
  const roots: string[] = []
  for (const src of await readdir(dir, { withFileTypes: true })) {
    if (!src.isDirectory()) continue
    const label = (labels.get(src.name) ?? '').replace(/[^\w.-]+/g, '_').replace(/^\.+/, '')
    const name = label || `source-${src.name}`
    const target = join(out, roots.some((r) => basename(r) === name) ? `${name}-${src.name}` : name)
    if (existsSync(target)) throw new Error(`${target} already exists: restore into an empty folder`)
    for (const e of await readdir(join(dir, src.name), { recursive: true, withFileTypes: true })) {
      if (!e.isFile() || !e.name.endsWith('.gz')) continue
      const from = join(e.parentPath, e.name)
      const to = join(target, relative(join(dir, src.name), from).slice(0, -'.gz'.length))
      await mkdir(dirname(to), { recursive: true })
      await pipeline(createReadStream(from), createGunzip(), createWriteStream(to))
    }
    roots.push(target)
  }
  return roots
}
