import { appendFileSync, closeSync, openSync, rmSync, truncateSync, writeFileSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { openDb, StoreError } from '../electron/core/store/db'
import { Ingestor } from '../electron/core/ingest/ingest'
import { PriceBook } from '../electron/core/prices/price-book'
import { recount } from './helpers/recount'
import {
  copyFixtures,
  useTempStore,
  rollupTotals,
  totals,
  type TestStore,
  fixtureLines,
  writeProjectTranscript,
} from './helpers/store'

let dir: string
let store: TestStore
const SHORT = 'spotter/short.jsonl'

useTempStore((d, s) => {
  dir = d
  store = s
})

/** A project folder holding one transcript built from the given lines. */
const writeTranscript = (name: string, content: string | Buffer) => writeProjectTranscript(dir, name, content)

describe('bad input never loses data or crashes', () => {
  it('leaves a torn last line for the next pass and then counts it once', async () => {
    const lines = fixtureLines(SHORT)
    const lastAssistant = lines
      .map((l, i) => [l, i] as const)
      .filter(([l]) => l.includes('"usage"'))
      .pop()![1]
    const head = lines.slice(0, lastAssistant).join('\n') + '\n'
    const torn = lines[lastAssistant]!.slice(0, 100)
    const f = writeTranscript('s.jsonl', head + torn)
    await store.ingest(dir)
    writeFileSync(f, head)
    const partial = recount(join(dir, 'projects'))
    expect(totals(store.db).total).toBe(partial.total)
    writeFileSync(f, lines.join('\n') + '\n')
    await store.ingest(dir)
    await store.ingest(dir)
    expect(totals(store.db).total).toBe(recount(join(dir, 'projects')).total)
    expect(rollupTotals(store.db).total).toBe(recount(join(dir, 'projects')).total)
  })

  it('counts invalid JSON and non-object lines and ingests the rest', async () => {
    const lines = fixtureLines(SHORT)
    writeTranscript(
      's.jsonl',
      ['garbage{', ...lines.slice(0, 5), '[1,2]', '"str"', ...lines.slice(5)].join('\n') + '\n',
    )
    const stats = await store.ingest(dir)
    expect(stats.badLines.invalid_json).toBe(1)
    expect(stats.badLines.not_an_object).toBe(2)
    expect(totals(store.db).total).toBe(recount(join(dir, 'projects')).total)
  })

  it('reads non-UTF-8 bytes without losing the line', async () => {
    const lines = fixtureLines(SHORT)
    const i = lines.findIndex((l) => l.includes('"usage"'))
    const [a, b] = lines[i]!.split('"content":[', 2) as [string, string]
    const bad = Buffer.concat([
      Buffer.from(a + '"content":[{"type":"text","text":"caf'),
      Buffer.from([0xe9, 0xff, 0xfe]),
      Buffer.from('"},' + b),
    ])
    const body = Buffer.concat([
      Buffer.from(lines.slice(0, i).join('\n') + '\n'),
      bad,
      Buffer.from('\n' + lines.slice(i + 1).join('\n') + '\n'),
    ])
    writeTranscript('s.jsonl', body)
    const stats = await store.ingest(dir)
    expect(stats.badLines.invalid_json ?? 0).toBe(0)
    expect(totals(store.db).total).toBe(recount(join(dir, 'projects')).total)
  })

  it('ignores 0-byte and snapshot-only files without creating empty sessions', async () => {
    copyFixtures(dir, [
      'claude-code-log/-Users-dain-workspace-claude-code-log-sample/4fe49c7c-ff82-4ac7-b3f2-79c22036bd58.jsonl',
      'claude-code-log/-experiments-ideas/a95fea4a-b88a-4e49-ac07-4cc323d8700c.jsonl',
      'sniffly/-Users-chip-dev-ai-music/ff71dbed-a4f2-4284-a4fc-fe2fb90de929.jsonl',
    ])
    const stats = await store.ingest(dir)
    expect(stats.files).toBe(3)
    expect(stats.errors).toEqual([])
    expect((store.db.prepare('SELECT COUNT(*) AS n FROM sessions').get() as { n: number }).n).toBe(0)
    expect(totals(store.db).responses).toBe(0)
  })

  it('skips a 500 MB line with a warning and keeps the lines around it', async () => {
    const lines = fixtureLines(SHORT)
    const f = writeTranscript('s.jsonl', lines.slice(0, 8).join('\n') + '\n')
    const fd = openSync(f, 'a')
    const block = Buffer.alloc(8 << 20, 0x61)
    writeSync(fd, '{"type":"user","message":{"content":"')
    for (let i = 0; i < 63; i++) writeSync(fd, block) // 504 MB
    writeSync(fd, '"}}\n' + lines.slice(8).join('\n') + '\n')
    closeSync(fd)
    const stats = await store.ingest(dir)
    expect(stats.badLines.line_too_large).toBe(1)
    writeFileSync(f, lines.join('\n') + '\n')
    const expected = recount(join(dir, 'projects'))
    expect(totals(store.db).total).toBe(expected.total)
    rmSync(f)
  })

  it('re-reads a file truncated between passes without double counting', async () => {
    const lines = fixtureLines(SHORT)
    const f = writeTranscript('s.jsonl', lines.join('\n') + '\n')
    await store.ingest(dir)
    const full = totals(store.db)
    // Claude Code rewrote the file shorter: what was stored stays, nothing is counted twice.
    truncateSync(f, Buffer.byteLength(lines.slice(0, 6).join('\n') + '\n'))
    await store.ingest(dir)
    expect(totals(store.db)).toEqual(full)
    appendFileSync(f, lines.slice(6).join('\n') + '\n')
    await store.ingest(dir)
    expect(totals(store.db)).toEqual(full)
    expect(rollupTotals(store.db).total).toBe(full.total)
  })

  it('keeps the data of a deleted transcript and marks the file missing', async () => {
    copyFixtures(dir, [SHORT])
    await store.ingest(dir)
    const before = totals(store.db)
    rmSync(join(dir, 'projects', SHORT))
    await store.ingest(dir)
    expect(totals(store.db)).toEqual(before)
    expect(store.db.prepare('SELECT missing_since IS NOT NULL AS gone FROM files').get()).toEqual({ gone: 1 })
  })

  it('reports an unreadable root and carries on with the others', async () => {
    copyFixtures(dir, [SHORT])
    const stats = await store.ingest(join(dir, 'does-not-exist'), dir)
    expect(stats.errors).toHaveLength(1)
    expect(stats.errors[0]).toMatch(/does-not-exist/)
    expect(totals(store.db).responses).toBeGreaterThan(0)
  })
})

describe('the store refuses what it cannot safely use', () => {
  it('fails with a clear "locked" error while another process holds the write lock, then recovers', async () => {
    copyFixtures(dir, [SHORT])
    const file = join(dir, 'locked.db')
    openDb(file).close()
    const other = new Database(file)
    other.exec('BEGIN EXCLUSIVE')
    const db = openDb(file, { busyTimeoutMs: 50 })
    const s = new Ingestor(db, new PriceBook())
    let err: unknown
    try {
      await s.ingest([{ path: dir }])
    } catch (e) {
      err = e
    }
    other.exec('ROLLBACK')
    other.close()
    expect(err).toBeInstanceOf(StoreError)
    expect((err as StoreError).code).toBe('locked')
    expect((err as StoreError).message).toMatch(/locked\.db is locked by another process/)
    await s.ingest([{ path: dir }])
    expect(totals(db).total).toBe(recount(join(dir, 'projects')).total)
    db.close()
  })

  it('rejects a corrupt database file with a clear error', async () => {
    const file = join(dir, 'corrupt.db')
    writeFileSync(file, Buffer.alloc(8192, 7))
    expect(() => openDb(file)).toThrow(/corrupt or not a database/)
  })

  it('refuses to open a database written by a newer Observatory', async () => {
    const file = join(dir, 'newer.db')
    const raw = new Database(file)
    raw.pragma('user_version = 999')
    raw.close()
    expect(() => openDb(file)).toThrow(/newer than this Observatory/)
  })
})
