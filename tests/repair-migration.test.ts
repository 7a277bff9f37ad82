import { appendFileSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import Database from 'better-sqlite3'
import { migrate, openDb, StoreError } from '../electron/core/store/db'
import { SCHEMA_VERSION } from '../electron/core/store/migrations'
import { lastStoreError } from '../electron/core/store/store-error'
import { StoreWriter, type FileUpdate } from '../electron/core/store/writer'
import { packBatch } from '../electron/core/parse/packed'
import { emptyBatch, type ResponseRec } from '../electron/core/parse/records'
import { responseKey } from '../electron/core/parse/response-key'
import { BUCKET_MS } from '../electron/core/store/buckets'
import { recount } from './helpers/recount'
import {
  copyFixtures,
  openTestStore,
  rollupTotals,
  storeSnapshot,
  totals,
  useTempStore,
  type TestStore,
} from './helpers/store'

let dir: string
let store: TestStore
useTempStore((d, s) => {
  dir = d
  store = s
})

const SHORT = 'spotter/short.jsonl'

/** Appends copies of the first assistant line of SHORT with other message ids; returns the file. */
function appendResponses(ids: [messageId: string, requestId: string][]): string {
  const f = join(dir, 'projects', SHORT)
  const base = JSON.parse(
    readFileSync(f, 'utf8')
      .split('\n')
      .find((l) => l.includes('"usage"') && l.includes('"assistant"'))!,
  )
  for (const [i, [id, req]] of ids.entries())
    appendFileSync(
      f,
      JSON.stringify({ ...base, uuid: `appended-${i}`, message: { ...base.message, id }, requestId: req }) +
        '\n',
    )
  return f
}

const RESPONSE_ROWS = `SELECT key, ts, session_id, agent_id, from_progress, output FROM responses ORDER BY key`
const keys = (s: TestStore) =>
  (s.db.prepare(`SELECT key FROM responses ORDER BY key`).all() as { key: string }[]).map((r) => r.key)
const rereadAll = (s: TestStore) =>
  s.db.exec(`UPDATE files SET offset = 0, mtime_ms = -1, lines = 0, bad_lines = 0`)

/** A response row as the writer before migration 006 stored it: no timestamp check. */
function response(key: string, ts: number, sessionId: string, output: number): ResponseRec {
  return {
    key,
    uuid: null,
    ts,
    sessionId,
    agentId: null,
    isSidechain: false,
    cwd: '/work/old',
    model: 'claude-sonnet-4-5-20250929',
    stopReason: null,
    tokens: { input: 10, output, cacheWrite5m: 0, cacheWrite1h: 0, cacheRead: 5 },
    webSearch: 0,
    webFetch: 0,
    serviceTier: null,
    speed: null,
    costUsdLogged: null,
    fromProgress: false,
  }
}

/** The rollup recomputed from the responses table, cell by cell. */
function rollupRecount(s: TestStore): unknown[] {
  return s.db
    .prepare(
      `SELECT ts / ${BUCKET_MS} AS bucket, project_id, model_id, source_id, (agent_id IS NOT NULL OR is_sidechain) AS sub,
        SUM(input + output + cache_write_5m + cache_write_1h + cache_read) AS tokens, COUNT(*) AS responses,
        ROUND(COALESCE(SUM(cost), 0), 9) AS cost, SUM(cost IS NULL) AS unpriced
       FROM responses GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5`,
    )
    .all()
}
function rollupRows(s: TestStore): unknown[] {
  return s.db
    .prepare(
      `SELECT bucket, project_id, model_id, source_id, is_subagent AS sub,
        input + output + cache_write_5m + cache_write_1h + cache_read AS tokens, responses,
        ROUND(cost, 9) AS cost, unpriced_responses AS unpriced
       FROM rollup_15m WHERE responses <> 0 ORDER BY 1, 2, 3, 4, 5`,
    )
    .all()
}
const sessions = (s: TestStore) =>
  s.db.prepare(`SELECT id, first_ts, last_ts FROM sessions ORDER BY id`).all() as {
    id: string
    first_ts: number
    last_ts: number
  }[]

/** Runs migration 006 (and the later ones) on the store, as opening a store written by the old code does. */
function runMigration006(s: TestStore): void {
  s.db.pragma('user_version = 5')
  migrate(s.db)
  expect(s.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION)
}

describe('migration 006 repairs stores written before hostile lines were rejected', () => {
  it('drops rows with out-of-range timestamps and recomputes their rollups, sessions and events', async () => {
    copyFixtures(dir)
    await store.ingest(dir)
    const clean = { totals: totals(store.db), rollup: rollupRows(store), sessions: sessions(store) }
    const real = sessions(store)[0]!
    // What the old code stored for hostile lines: far past and future responses, one of them in a
    // real session (its span then reached 1990), a session of bad lines only, a bad event and tool call.
    const b = emptyBatch()
    const past = Date.UTC(1990, 0, 1, 12)
    const future = Date.UTC(2099, 0, 1)
    b.responses.push(
      response('msg_old_1:req_1', past, real.id, 100),
      response('msg_old_2:req_2', past + 1000, 'bad-session', 200),
      response('msg_old_3:req_3', future, 'bad-session', 300),
    )
    b.events.push({
      uuid: 'bad-event',
      kind: 'prompt',
      ts: past,
      sessionId: real.id,
      agentId: null,
      text: 'x',
      value: null,
    })
    b.toolUses.push({
      id: 'bad-tool',
      name: 'Bash',
      ts: future,
      sessionId: real.id,
      agentId: null,
      subagentType: null,
      description: null,
    })
    for (const [id, first, last] of [
      [real.id, past, real.last_ts],
      ['bad-session', past, future],
    ] as const)
      b.sessions.push({
        sessionId: id,
        firstTs: first,
        lastTs: last,
        cwd: '/work/old',
        versions: [],
        gitBranch: null,
        entrypoint: null,
      })
    const writer = new StoreWriter(store.db, store.prices)
    const sourceId = (store.db.prepare(`SELECT id FROM sources`).get() as { id: number }).id
    writer.apply(
      packBatch(b),
      {
        path: join(dir, 'old-code.jsonl'),
        sourceId,
        kind: 'session',
        sessionId: null,
        agentId: null,
        ino: '0:0',
        size: 0,
        mtimeMs: 0,
        headHash: null,
        offset: 0,
        reset: false,
      },
      null,
    )
    expect(totals(store.db).responses).toBe(clean.totals.responses + 3)
    runMigration006(store)
    expect(totals(store.db)).toEqual(clean.totals)
    expect(rollupRows(store)).toEqual(rollupRecount(store))
    expect(rollupRows(store)).toEqual(clean.rollup)
    expect(rollupTotals(store.db).total).toBe(recount(join(dir, 'projects')).total)
    const count = (sql: string) => (store.db.prepare(sql).get() as { n: number }).n
    expect(count(`SELECT COUNT(*) AS n FROM events WHERE uuid = 'bad-event'`)).toBe(0)
    expect(count(`SELECT COUNT(*) AS n FROM tool_calls WHERE id = 'bad-tool'`)).toBe(0)
    expect(count(`SELECT COUNT(*) AS n FROM sessions WHERE id = 'bad-session'`)).toBe(0)
    const repaired = sessions(store).find((s) => s.id === real.id)!
    expect(repaired.first_ts).toBeGreaterThanOrEqual(real.first_ts)
    expect(repaired.last_ts).toBeLessThanOrEqual(real.last_ts)
    // The session's files are read again, which restores its exact span.
    await store.ingest(dir)
    expect(sessions(store)).toEqual(clean.sessions)
    expect(totals(store.db)).toEqual(clean.totals)
    expect(rollupRows(store)).toEqual(clean.rollup)
  })

  it('rewrites old keys to the escaped pair, so re-reading a file still dedupes against stored rows', async () => {
    copyFixtures(dir, [SHORT])
    const f = join(dir, 'projects', SHORT)
    const base = JSON.parse(
      readFileSync(f, 'utf8')
        .split('\n')
        .find((l) => l.includes('"usage"') && l.includes('"assistant"'))!,
    )
    base.uuid = 'backslash-line'
    base.message.id = 'msg_back\\slash'
    base.requestId = 'req_x'
    appendFileSync(f, JSON.stringify(base) + '\n')
    await store.ingest(dir)
    const once = totals(store.db)
    const newKey = responseKey('msg_back\\slash', 'req_x')
    expect(newKey).toBe('msg_back\\\\slash:req_x')
    // The old code keyed it `id:requestId` as it was; a retention tombstone too.
    store.db.prepare(`UPDATE responses SET key = ? WHERE key = ?`).run('msg_back\\slash:req_x', newKey)
    store.db.prepare(`INSERT INTO pruned_responses (key, source_id) VALUES (?, 1)`).run('msg_pruned\\x:req_y')
    runMigration006(store)
    expect(store.db.prepare(`SELECT COUNT(*) AS n FROM responses WHERE key = ?`).get(newKey)).toEqual({
      n: 1,
    })
    expect(store.db.prepare(`SELECT key FROM pruned_responses`).all()).toEqual([
      { key: responseKey('msg_pruned\\x', 'req_y') },
    ])
    // Every file read again from the start: nothing is counted twice.
    store.db.exec(`UPDATE files SET offset = 0, mtime_ms = -1, lines = 0, bad_lines = 0`)
    await store.ingest(dir)
    expect(totals(store.db)).toEqual(once)
    expect(rollupTotals(store.db).total).toBe(once.total)
  })

  it('leaves a key that starts with \\x01 (or looks like an interim key) as it is, so a re-read adds nothing', async () => {
    copyFixtures(dir, [SHORT])
    appendResponses([
      ['\u0001lone', 'r'],
      ['m006-1', ''],
    ])
    await store.ingest(dir)
    const before = { keys: keys(store), totals: totals(store.db) }
    expect(before.keys).toContain('\u0001lone:r')
    runMigration006(store)
    expect(keys(store)).toEqual(before.keys)
    rereadAll(store)
    await store.ingest(dir)
    expect(keys(store)).toEqual(before.keys)
    expect(totals(store.db)).toEqual(before.totals)
  })

  it('opens a store holding both "\\x01abc:r" and "abc:r", and old keys whose escaped forms chain into each other', async () => {
    copyFixtures(dir, [SHORT])
    appendResponses([
      ['\u0001abc', 'r'],
      ['abc', 'r'],
      ['a\\b', 'r'],
      ['a\\\\b', 'r'],
    ])
    await store.ingest(dir)
    const once = { keys: keys(store), totals: totals(store.db) }
    // As the old code keyed them: `id:requestId` with the id as it was ("a\\b:r" is then the
    // old key of one id and the new key of the other).
    const old = (id: string) => `${id}:r`
    const put = store.db.prepare(`UPDATE responses SET key = ? WHERE key = ?`)
    put.run('m006-tmp', responseKey('a\\\\b', 'r'))
    put.run(old('a\\b'), responseKey('a\\b', 'r'))
    put.run(old('a\\\\b'), 'm006-tmp')
    const tomb = store.db.prepare(`INSERT INTO pruned_responses (key, source_id) VALUES (?, 1)`)
    for (const k of ['\u0001p:r', 'p:r', 'q\\x:r', 'q\\\\x:r']) tomb.run(k)
    runMigration006(store)
    expect(keys(store)).toEqual(once.keys)
    expect(
      (store.db.prepare(`SELECT key FROM pruned_responses ORDER BY key`).all() as { key: string }[]).map(
        (r) => r.key,
      ),
    ).toEqual(['\u0001p:r', 'p:r', responseKey('q\\x', 'r'), responseKey('q\\\\x', 'r')].sort())
    rereadAll(store)
    await store.ingest(dir)
    expect(totals(store.db)).toEqual(once.totals)
  })

  it('reads again the files of a session that lost a row its span never showed, so a valid copy comes back', async () => {
    copyFixtures(dir, [SHORT])
    const f = join(dir, 'projects', SHORT)
    const lines = readFileSync(f, 'utf8').split('\n').filter(Boolean)
    const at = lines.findIndex(
      (l) => l.includes('"tool_use"') && l.includes('"usage"') && l.includes('toolu_01Fd'),
    )
    const main = JSON.parse(lines[at]!)
    const usage = { ...main.message.usage, output_tokens: main.message.usage.output_tokens + 1000 }
    // An agent_progress copy of the same response, more complete, with a corrupt inner timestamp.
    // Today it is a bad line; the old code kept it (and its tool call) instead of the valid copy.
    const progress = {
      type: 'progress',
      uuid: 'progress-copy',
      sessionId: main.sessionId,
      cwd: main.cwd,
      timestamp: main.timestamp,
      isSidechain: false,
      data: {
        type: 'agent_progress',
        agentId: 'a0progress',
        message: {
          ...main,
          uuid: 'progress-inner',
          timestamp: '1990-01-01T12:00:00.000Z',
          message: { ...main.message, usage },
        },
      },
    }
    lines.splice(at, 0, JSON.stringify(progress))
    writeFileSync(f, lines.join('\n') + '\n')
    const clean = openTestStore()
    await clean.ingest(dir)
    const cleanFiles = clean.db.prepare(`SELECT path, lines, bad_lines FROM files ORDER BY path`).all()
    expect(cleanFiles).toEqual([{ path: f, lines: lines.length, bad_lines: 1 }])
    const want = storeSnapshot(clean)
    const wantRows = clean.db.prepare(RESPONSE_ROWS).all()
    clean.close()

    // The store as the old code left it: the progress copy kept (its tokens in the 1990 bucket), the
    // tool call at its time, the line not counted as bad; the session span untouched (progress lines
    // never touch it).
    await store.ingest(dir)
    const old = response(
      responseKey(main.message.id, main.requestId),
      Date.UTC(1990, 0, 1, 12),
      main.sessionId,
      0,
    )
    old.agentId = 'a0progress'
    old.isSidechain = true
    old.fromProgress = true
    old.model = main.message.model
    old.cwd = main.cwd
    old.tokens = {
      input: usage.input_tokens,
      output: usage.output_tokens,
      cacheWrite5m: usage.cache_creation.ephemeral_5m_input_tokens,
      cacheWrite1h: usage.cache_creation.ephemeral_1h_input_tokens,
      cacheRead: usage.cache_read_input_tokens,
    }
    expect(old.tokens.cacheWrite5m + old.tokens.cacheWrite1h).toBe(usage.cache_creation_input_tokens)
    const b = emptyBatch()
    b.responses.push(old)
    // The file's stored state as it is: the old code had read the whole file.
    const state = store.db
      .prepare(
        `SELECT path, source_id AS sourceId, kind, session_id AS sessionId, agent_id AS agentId, ino, size,
          mtime_ms AS mtimeMs, head_hash AS headHash, offset FROM files WHERE path = ?`,
      )
      .get(f) as Omit<FileUpdate, 'reset'>
    new StoreWriter(store.db, store.prices).apply(packBatch(b), { ...state, reset: false }, null)
    store.db.prepare(`UPDATE tool_calls SET ts = ? WHERE id = 'toolu_01FdQ8qTyVyZjE3Kw4dguQGx'`).run(old.ts)
    store.db.exec(`UPDATE files SET bad_lines = 0`)
    expect(store.db.prepare(`SELECT ts, from_progress FROM responses`).all()).toEqual([
      { ts: old.ts, from_progress: 1 },
    ])
    const spans = sessions(store)

    runMigration006(store)
    expect(totals(store.db).responses).toBe(0)
    expect(sessions(store)).toEqual(spans)
    await store.ingest(dir)
    const r = recount(join(dir, 'projects'))
    const { responses, input, output, cacheCreation, cacheRead, total } = r
    expect(totals(store.db)).toEqual({ responses, input, output, cacheCreation, cacheRead, total })
    expect(rollupTotals(store.db)).toMatchObject({ responses, total })
    expect(rollupRows(store)).toEqual(rollupRecount(store))
    expect(storeSnapshot(store)).toEqual(want)
    expect(store.db.prepare(`SELECT path, lines, bad_lines FROM files ORDER BY path`).all()).toEqual(
      cleanFiles,
    )
    expect(store.db.prepare(RESPONSE_ROWS).all()).toEqual(wantRows)
  })

  it('a migration that fails says which, and leaves the store as it was (one transaction)', async () => {
    copyFixtures(dir, [SHORT])
    const file = join(dir, 'store.db')
    const s = openTestStore(file)
    await s.ingest(dir)
    s.close()
    // Version 5 with a row 006 would drop, and a table it needs missing: it fails half-way through.
    const raw = new Database(file)
    raw.exec(`UPDATE responses SET ts = ${Date.UTC(1990, 0, 1)}; DROP TABLE pruned_responses`)
    raw.pragma('user_version = 5')
    const before = raw.prepare(`SELECT key, ts FROM responses`).all()
    raw.close()
    let err: unknown
    try {
      openDb(file)
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(StoreError)
    expect((err as StoreError).kind).toBe('migration')
    expect((err as StoreError).message).toMatch(
      /^database .*store\.db: migration 006 \(repair-hostile-rows\) failed: no such table: .*pruned_responses.*the store was left as it was/,
    )
    expect((err as StoreError).message).not.toMatch(/cannot open|folder/)
    expect(lastStoreError(file)?.kind).toBe('migration')
    const after = new Database(file, { readonly: true })
    expect(after.pragma('user_version', { simple: true })).toBe(5)
    expect(after.prepare(`SELECT key, ts FROM responses`).all()).toEqual(before)
    after.close()
  })
})
