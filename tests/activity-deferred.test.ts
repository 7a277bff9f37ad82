/**
 * A session counted as an orphan (its first lines carry no `cwd`) whose project a later file fills
 * moves in `activity_15m`: its facts are recounted from the fact tables. A bulk pass has dropped the
 * session indexes, so the move waits, listed in `store_state`, until they are rebuilt (the pass's end,
 * or the next open after a crash), and the table then equals a rebuild from the facts.
 */
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { openDb, type Db } from '../electron/core/store/db'
import { dropIndexes, missingIndexes } from '../electron/core/store/indexes'
import { MOVE_KEY } from '../electron/core/store/activity-sql'
import { StoreWriter } from '../electron/core/store/writer'
import { ensureSource } from '../electron/core/store/ingest-state'
import { PriceBook } from '../electron/core/prices/price-book'
import { Ingestor } from '../electron/core/ingest/ingest'
import { packFile, parseFile, unpackBatch } from '../electron/core/ingest/parse-file'
import { activityDrift } from './helpers/activity-reference'
import { cleanup, REAL_FIXTURES, tempDir } from './helpers/store'

const noDrift = { extra: [], missing: [], orphans: [] }
let dir = ''
let root = ''
let files: string[] = []
let session = ''

/** A real session split in two files: the first 40 % of its lines without `cwd`, then the rest. */
beforeAll(() => {
  dir = tempDir()
  root = join(dir, 'root')
  const folder = join(root, 'projects', '-p')
  mkdirSync(folder, { recursive: true })
  const rel = 'claude-code-log/-experiments-worktrees/ef958aa1-0e93-49f0-bb71-150f63befcd1.jsonl'
  const lines = readFileSync(join(REAL_FIXTURES, rel), 'utf8').split('\n').filter(Boolean)
  const cut = Math.ceil(lines.length * 0.4)
  const first = lines.slice(0, cut).map((l) => {
    const o = JSON.parse(l) as Record<string, unknown>
    delete o.cwd
    return JSON.stringify(o)
  })
  files = [join(folder, 'a-first.jsonl'), join(folder, 'b-rest.jsonl')]
  writeFileSync(files[0]!, first.join('\n') + '\n')
  writeFileSync(files[1]!, lines.slice(cut).join('\n') + '\n')
  session = (JSON.parse(lines.find((l) => l.includes('"sessionId"'))!) as { sessionId: string }).sessionId
})
afterAll(() => cleanup(dir))

const moves = (db: Db) =>
  db
    .prepare(`SELECT substr(key, ${MOVE_KEY.length + 1}) AS id, value FROM store_state WHERE key LIKE ?`)
    .all(`${MOVE_KEY}%`) as { id: string; value: string }[]
const orphan = (db: Db) =>
  db.prepare(`SELECT 1 FROM activity_orphans WHERE session_id = ?`).get(session) !== undefined
const activity = (db: Db) => db.prepare(`SELECT * FROM activity_15m ORDER BY 1, 2, 3, 4, 5, 6`).all()

it('a bulk pass moves the session after rebuilding the indexes, as a pass with indexes does', async () => {
  const stores: Db[] = []
  for (const bulkBytes of [1, 1e15]) {
    const db = openDb(join(dir, `pass-${bulkBytes}.db`))
    stores.push(db)
    await new Ingestor(db, new PriceBook(), { bulkBytes }).ingest([{ path: root }])
    expect(missingIndexes(db)).toEqual([])
    expect(moves(db)).toEqual([])
    expect(orphan(db)).toBe(false)
    expect(activityDrift(db)).toEqual(noDrift)
  }
  expect(activity(stores[0]!)).toEqual(activity(stores[1]!))
  expect(activity(stores[0]!).length).toBeGreaterThan(0)
  for (const db of stores) db.close()
})

it.each([
  ['a plain open', 'crashed.db', {}],
  // The app's core opens with deferBackfills: with no upgrade pending, the open still makes the move.
  ["the app's open", 'crashed-app.db', { deferBackfills: true }],
] as const)('without the session indexes the move waits, listed, and %s makes it', (_, name, opts) => {
  const file = join(dir, name)
  let db = openDb(file)
  const sourceId = ensureSource(db, root, 'test', 'test')
  dropIndexes(db) // as a bulk pass does; a crash then leaves them dropped
  const writer = new StoreWriter(db, new PriceBook())
  for (const path of files) {
    const parsed = parseFile(path, 0, { sessionId: null, agentId: null }, undefined, null)
    writer.apply(
      unpackBatch(packFile(parsed).batch),
      {
        path,
        sourceId,
        kind: 'session',
        sessionId: session,
        agentId: null,
        ino: '0:0',
        size: statSync(path).size,
        mtimeMs: 0,
        headHash: parsed.headHash,
        offset: parsed.endOffset,
        reset: false,
      },
      null,
    )
  }
  // The first file's facts stay counted under project 0 until the move is made.
  expect(moves(db)).toEqual([{ id: session, value: `0,${sourceId}` }])
  expect(orphan(db)).toBe(true)
  expect(activityDrift(db)).not.toEqual(noDrift)
  db.close()
  db = openDb(file, opts)
  expect(moves(db)).toEqual([])
  expect(orphan(db)).toBe(false)
  expect(activityDrift(db)).toEqual(noDrift)
  db.close()
})
