import { checkpoint, type Db } from './db'
import { classifyStoreError, migrationError } from './store-error'
import { MIGRATIONS } from './migrations'
import type { Backfill, BackfillKey } from './migrations/types'
import { refreshDeferred } from './deferred-upkeep'

/** How far the store's upgrade is: chunks of every pending backfill, done and in all. */
export interface UpgradeProgress {
  chunksDone: number
  chunksTotal: number
  done: boolean
}

export type UpgradeListener = (p: UpgradeProgress) => void

const PREFIX = 'backfill:'
const keyOf = (version: number) => `${PREFIX}${String(version).padStart(3, '0')}`

/** Lists a migration's backfill as pending, from its start (in the schema step's transaction). */
export function markBackfill(db: Db, version: number): void {
  db.prepare(
    `INSERT INTO store_state (key, value) VALUES (?, 'null') ON CONFLICT DO UPDATE SET value = excluded.value`,
  ).run(keyOf(version))
}

/** SQLite's order (numbers before text, text by its UTF-8 bytes), so JS and SQL agree on a range's ends. */
function compareKeys(a: BackfillKey, b: BackfillKey): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b
  if (typeof a === 'number') return -1
  if (typeof b === 'number') return 1
  return Buffer.compare(Buffer.from(a), Buffer.from(b))
}

interface Pending {
  version: number
  name: string
  backfill: Backfill
  /** Where the last committed chunk ended (null: nothing done yet). */
  cursor: BackfillKey | null
  /** The ends of the chunks left (null: +∞, always last). */
  ends: (BackfillKey | null)[]
  done: number
}

function pending(db: Db): Pending[] {
  const rows = db
    .prepare(`SELECT key, value FROM store_state WHERE key >= ? AND key < ? ORDER BY key`)
    .all(PREFIX, `${PREFIX}~`) as { key: string; value: string }[]
  const byKey = new Map(rows.map((r) => [r.key, JSON.parse(r.value) as BackfillKey | null]))
  const out: Pending[] = []
  for (const m of MIGRATIONS) {
    const key = keyOf(m.version)
    if (!m.backfill || !byKey.has(key)) continue
    const cursor = byKey.get(key)!
    const bounds = m.backfill.bounds(db)
    const left = cursor === null ? bounds : bounds.filter((b) => compareKeys(b, cursor) > 0)
    out.push({
      version: m.version,
      name: m.name,
      backfill: m.backfill,
      cursor,
      ends: [...left, null],
      done: bounds.length - left.length,
    })
  }
  return out
}

/** Whether a backfill is left to run (a cheap read: store_state only). */
export function upgradePending(db: Db): boolean {
  const tables = db.prepare(`SELECT 1 FROM sqlite_schema WHERE name = 'store_state'`).get()
  if (!tables) return false
  return (
    db.prepare(`SELECT 1 FROM store_state WHERE key >= ? AND key < ? LIMIT 1`).get(PREFIX, `${PREFIX}~`) !==
    undefined
  )
}

/**
 * The pending backfills' chunks, one transaction each (the chunk's rows and the cursor together), in
 * migration order; yields the progress after each. A kill between two chunks loses nothing done.
 */
export function* backfillSteps(db: Db): Generator<UpgradeProgress, void, void> {
  const work = pending(db)
  if (work.length === 0) return
  const total = work.reduce((n, w) => n + w.done + w.ends.length, 0)
  const done = work.reduce((n, w) => n + w.done, 0)
  // No checkpoint per 1000 pages: the chunks rewrite the same pages of the tables they fill, and one
  // checkpoint at the end copies each once (10 GB store: 18 s instead of 32 s, ARCHITECTURE.md).
  const auto = db.pragma('wal_autocheckpoint', { simple: true }) as number
  db.pragma('wal_autocheckpoint = 0')
  try {
    yield* chunks(db, work, total, done)
    checkpoint(db)
  } finally {
    db.pragma(`wal_autocheckpoint = ${auto}`)
  }
}

function* chunks(db: Db, work: Pending[], total: number, done: number): Generator<UpgradeProgress> {
  const save = db.prepare(`UPDATE store_state SET value = ? WHERE key = ?`)
  const finish = db.prepare(`DELETE FROM store_state WHERE key = ?`)
  yield { chunksDone: done, chunksTotal: total, done: false }
  for (const [i, w] of work.entries()) {
    // A later backfill may read what an earlier one fills (016 the turns of 013, 020 the hours of 016):
    // its chunks are cut again when its turn comes, and the total follows.
    if (i > 0) {
      const bounds = w.backfill.bounds(db)
      const cursor = w.cursor
      const left = cursor === null ? bounds : bounds.filter((b) => compareKeys(b, cursor) > 0)
      total += left.length + 1 - w.ends.length
      w.ends = [...left, null]
    }
    let lo = w.cursor
    for (const hi of w.ends) {
      try {
        db.transaction(() => {
          w.backfill.chunk(db, lo, hi)
          if (hi === null) finish.run(keyOf(w.version))
          else save.run(JSON.stringify(hi), keyOf(w.version))
        })()
      } catch (err) {
        // A fault of the store says so; anything else names the migration, as a schema step's failure does.
        throw classifyStoreError(err, db.name) ?? migrationError(db.name, w.version, w.name, err, true)
      }
      lo = hi
      done++
      yield { chunksDone: done, chunksTotal: total, done: done === total }
    }
  }
}

/** Runs every pending backfill to its end (the CLI, tests, a plain open). */
export function runBackfills(db: Db, onProgress?: UpgradeListener): void {
  for (const p of backfillSteps(db)) onProgress?.(p)
}

/**
 * What an open with `deferBackfills` left: the backfills, giving the event loop a turn between chunks
 * (the app's core thread answers pings and requests meanwhile), then the turns and activity moves left.
 */
export async function upgradeStore(db: Db, onProgress?: UpgradeListener): Promise<void> {
  for (const p of backfillSteps(db)) {
    onProgress?.(p)
    await new Promise<void>((resolve) => setImmediate(resolve))
  }
  refreshDeferred(db)
}
