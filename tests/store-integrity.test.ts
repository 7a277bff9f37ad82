import { closeSync, copyFileSync, existsSync, openSync, readFileSync, statSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { inlineParser, type FileParser } from '../electron/core/ingest/file-parser'
import { Ingestor } from '../electron/core/ingest/ingest'
import { PriceBook } from '../electron/core/prices/price-book'
import { openDb, StoreError } from '../electron/core/store/db'
import { SCHEMA_VERSION } from '../electron/core/store/migrations'
import {
  dropIndexes,
  ensureIndexes,
  missingIndexes,
  rebuildIndexes,
  SECONDARY_INDEXES,
} from '../electron/core/store/indexes'
import { recount } from './helpers/recount'
import { copyFixtures, openTestStore, totals, useTempStore } from './helpers/store'

let dir = ''
useTempStore((d) => {
  dir = d
})

/** A real store on disk, ingested from the fixtures and closed. */
async function realStore(name: string): Promise<string> {
  copyFixtures(join(dir, 'claude'))
  const file = join(dir, name)
  const s = openTestStore(file)
  await s.ingest(join(dir, 'claude'))
  s.close()
  return file
}

function smashPage(file: string, page: number): void {
  const fd = openSync(file, 'r+')
  writeSync(fd, Buffer.alloc(4096, 0xab), 0, 4096, (page - 1) * 4096)
  closeSync(fd)
}

const pageCount = (db: Database.Database) => db.pragma('page_count', { simple: true }) as number

function fullDiskAfter(db: Database.Database, extraPages: number): void {
  db.pragma(`max_page_count = ${pageCount(db) + extraPages}`)
}

describe('a store newer than the code', () => {
  it('is refused before anything is written: same bytes, same journal mode, no WAL', async () => {
    const file = await realStore('newer.db')
    const raw = new Database(file)
    raw.pragma('journal_mode = DELETE')
    raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`)
    raw.close()
    const before = readFileSync(file)
    let err: unknown
    try {
      openDb(file)
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(StoreError)
    expect((err as StoreError).kind).toBe('newer_schema')
    expect((err as StoreError).message).toContain(file)
    expect((err as StoreError).message).toMatch(/update Observatory/)
    expect(readFileSync(file).equals(before)).toBe(true)
    expect(existsSync(`${file}-wal`)).toBe(false)
    const check = new Database(file, { readonly: true })
    expect(check.pragma('journal_mode', { simple: true })).toBe('delete')
    check.close()
  })
})

describe('after a large pass', () => {
  it('the WAL is checkpointed: -wal is empty and the main file alone holds the data', async () => {
    copyFixtures(join(dir, 'claude'))
    const file = join(dir, 'wal.db')
    const s = openTestStore(file)
    await s.ingest(join(dir, 'claude'))
    // Still open (as in the app or `serve`): without the checkpoint, everything would sit in -wal.
    expect(statSync(`${file}-wal`).size).toBe(0)
    const copy = join(dir, 'main-file-only.db')
    copyFileSync(file, copy)
    s.close()
    const db = new Database(copy, { readonly: true })
    expect(totals(db).total).toBe(recount(join(dir, 'claude/projects')).total)
    db.close()
  })

  it('a checkpoint that fails after the pass committed fails nothing: it is logged, the data is there', async () => {
    copyFixtures(join(dir, 'claude'))
    const db = openDb(join(dir, 'checkpoint-fails.db'))
    const logged: string[] = []
    const ingestor = new Ingestor(db, new PriceBook(), {
      log: (level, msg) => logged.push(`${level}: ${msg}`),
    })
    // A full disk while pages move from -wal into the main file (SQLite reports it on the checkpoint).
    const pragma = db.pragma.bind(db)
    db.pragma = ((source: string, options?: { simple?: boolean }) => {
      if (source.startsWith('wal_checkpoint'))
        throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' })
      return pragma(source, options)
    }) as typeof db.pragma
    const stats = await ingestor.ingest([{ path: join(dir, 'claude') }])
    expect(stats.newResponses).toBeGreaterThan(0)
    expect(totals(db).total).toBe(recount(join(dir, 'claude/projects')).total)
    expect(logged.some((l) => /^warn: WAL checkpoint failed .*disk is full/.test(l))).toBe(true)
    db.close()
  })
})

describe('rebuilding indexes is atomic', () => {
  it('a fault half-way through a rebuild leaves every index in place', async () => {
    const file = await realStore('rebuild.db')
    const db = openDb(file)
    // Dropping an index frees the pages its rebuild takes again, so the fault here is a table page
    // that reads as corrupt: the third index (on tool_calls) fails after two were rebuilt.
    expect(SECONDARY_INDEXES[2]!.on).toMatch(/^tool_calls/)
    const root = (
      db.prepare(`SELECT rootpage FROM sqlite_schema WHERE name = 'tool_calls'`).get() as { rootpage: number }
    ).rootpage
    db.close()
    smashPage(file, root)
    const broken = openDb(file)
    expect(() => rebuildIndexes(broken)).toThrow(/malformed/)
    expect(missingIndexes(broken)).toEqual([])
    broken.close()
  })

  it('a full disk while recreating dropped indexes creates none rather than some; the next open creates all', async () => {
    const file = await realStore('ensure.db')
    const db = openDb(file)
    dropIndexes(db)
    db.exec('VACUUM') // no free pages left for the indexes to reuse
    // Room for the first index but not for all of them.
    const probe = join(dir, 'probe.db')
    copyFileSync(file, probe)
    const p = new Database(probe)
    dropIndexes(p)
    p.exec('VACUUM')
    const start = pageCount(p)
    p.exec(`CREATE INDEX ${SECONDARY_INDEXES[0]!.name} ON ${SECONDARY_INDEXES[0]!.on}`)
    const first = pageCount(p) - start
    p.close()
    fullDiskAfter(db, first + 1)
    expect(() => ensureIndexes(db)).toThrow(/full/)
    expect(missingIndexes(db)).toEqual(SECONDARY_INDEXES.map((i) => i.name))
    db.close()
    const again = openDb(file)
    expect(missingIndexes(again)).toEqual([])
    again.close()
  })

  it('the next pass recreates indexes a failed rebuild left dropped', async () => {
    const file = await realStore('next-pass.db')
    const s = openTestStore(file)
    dropIndexes(s.db)
    await s.ingest(join(dir, 'claude'))
    expect(missingIndexes(s.db)).toEqual([])
    s.close()
  })
})

describe('a bulk load', () => {
  /** Runs a bulk pass (any size counts) and records how many indexes were missing while files were parsed. */
  async function bulkPass(free: number): Promise<{ missing: number[]; logged: string[] }> {
    copyFixtures(join(dir, 'claude'))
    const db = openDb(join(dir, `bulk-${free}.db`))
    const missing: number[] = []
    const logged: string[] = []
    const parser: FileParser = {
      concurrency: 1,
      parse: (t) => {
        missing.push(missingIndexes(db).length)
        return inlineParser.parse(t)
      },
      close: () => inlineParser.close(),
    }
    await new Ingestor(db, new PriceBook(), {
      parser,
      bulkBytes: 0,
      freeBytes: () => free,
      log: (_l, m) => logged.push(m),
    }).ingest([{ path: join(dir, 'claude') }])
    expect(missingIndexes(db)).toEqual([])
    db.close()
    return { missing, logged }
  }

  it('drops the indexes while it loads when the disk has room to rebuild them', async () => {
    const { missing } = await bulkPass(Number.MAX_SAFE_INTEGER)
    expect(missing.some((n) => n === SECONDARY_INDEXES.length)).toBe(true)
  })

  it('keeps them when the disk could not hold their rebuild, so a full disk cannot strand the store without them', async () => {
    const { missing, logged } = await bulkPass(1e6)
    expect(missing.length).toBeGreaterThan(0)
    expect(missing.every((n) => n === 0)).toBe(true)
    expect(logged.some((m) => /MB free beside .*keeping the indexes/.test(m))).toBe(true)
  })
})

describe('a store opened read-only', () => {
  // Tests run as root, where chmod does not stop writes: the store is opened read-only explicitly
  // (tests/store-faults.test.ts covers chmod'ed files and folders as an unprivileged CLI process).
  it('fails the pass with a "readonly" StoreError naming the file, not per-file errors', async () => {
    const file = await realStore('ro.db')
    copyFixtures(join(dir, 'more'))
    const db = openDb(file, { readonly: true })
    let err: unknown
    try {
      await new Ingestor(db, new PriceBook()).ingest([{ path: join(dir, 'more') }])
    } catch (e) {
      err = e
    }
    db.close()
    expect(err).toBeInstanceOf(StoreError)
    expect((err as StoreError).kind).toBe('readonly')
    expect((err as StoreError).message).toContain(file)
  })
})
