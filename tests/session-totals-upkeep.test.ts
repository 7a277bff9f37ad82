import { readFileSync, realpathSync, writeFileSync, appendFileSync, cpSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, expect, it } from 'vitest'
import Database from 'better-sqlite3'
import { Ingestor } from '../electron/core/ingest/ingest'
import { openDb, type Db } from '../electron/core/store/db'
import { PriceBook } from '../electron/core/prices/price-book'
import { reprice } from '../electron/core/store/reprice'
import { pruneResponses } from '../electron/core/store/prune'
import { removeSourceData } from '../electron/core/store/remove-source'
import { casesFor, expectAnswersEqual, expectTotalsRebuilt } from './helpers/session-answers'
import { response } from './helpers/lines'
import {
  cleanup,
  copyFixtures,
  openTestStore,
  tempDir,
  writeProjectTranscript,
  type TestStore,
} from './helpers/store'
import { jsonlFiles } from './helpers/recount'

let dir = ''
let store: TestStore
beforeEach(() => {
  dir = tempDir()
  store = openTestStore()
})
afterEach(() => {
  store.close()
  cleanup(dir)
})

const nowOf = (db: Db): number =>
  (db.prepare(`SELECT MAX(ts) FROM responses`).pluck().get() as number) + 3_600_000

/** Rebuild equality, and the answers of a few ranges against the per-response queries. */
function check(db: Db, prices = store.prices): void {
  expectTotalsRebuilt(db)
  const now = nowOf(db)
  const cases = casesFor(db, now).filter((c) => c.filters.thread !== 'subagent' && !c.filters.sources)
  for (const c of cases) expectAnswersEqual(db, prices, now, { ...c, full: false })
}

it('stays equal to a rebuild over incremental passes that append lines, and after a re-read from 0', async () => {
  copyFixtures(dir)
  const full = new Map(jsonlFiles(dir).map((f) => [f, readFileSync(f, 'utf8').split('\n')] as const))
  for (const [f, lines] of full)
    writeFileSync(f, lines.slice(0, Math.floor(lines.length / 3)).join('\n') + '\n')
  await store.ingest(dir)
  expectTotalsRebuilt(store.db)
  for (const [f, lines] of full) {
    const third = Math.floor(lines.length / 3)
    appendFileSync(f, lines.slice(third, 2 * third).join('\n') + '\n')
  }
  await store.ingest(dir)
  expectTotalsRebuilt(store.db)
  for (const [f, lines] of full) writeFileSync(f, lines.filter(Boolean).join('\n') + '\n')
  // Rewritten files (same bytes up to here, or not) are read again from 0 or from their offset.
  await store.ingest(dir)
  check(store.db)
  // A file whose first bytes change is read again from 0.
  const [first] = [...full.keys()].sort()
  writeFileSync(first!, `{"type":"summary","summary":"x","leafUuid":"nope"}\n` + readFileSync(first!, 'utf8'))
  await store.ingest(dir)
  check(store.db)
})

it('a better copy replacing a stored response moves its totals to the copy’s session, day and dimensions', async () => {
  const at = (h: number) => new Date(Date.UTC(2026, 1, 10, 20) + h * 3_600_000).toISOString()
  const a = [0, 1, 2].map((h) => response(at(h), 100, 10, { session: 'sa', cwd: '/a' }))
  writeProjectTranscript(dir, 'sa.jsonl', a.map((l) => JSON.stringify(l)).join('\n') + '\n')
  await store.ingest(dir)
  const row = () =>
    store.db.prepare(`SELECT responses, first_ts, last_ts FROM session_totals WHERE session_id = 'sa'`).get()
  expect(row()).toEqual({ responses: 3, first_ts: Date.parse(at(0)), last_ts: Date.parse(at(2)) })
  // The last response turns up in another session, day, project and model with more tokens: it wins.
  const copy = { ...response(at(5), 500, 50, { session: 'sb', cwd: '/b', model: 'claude-sonnet-4-5' }) }
  copy.requestId = a[2]!.requestId
  copy.message = { ...copy.message, id: a[2]!.message.id }
  // A smaller copy of the first one changes nothing.
  const worse = { ...response(at(7), 1, 1, { session: 'sb', cwd: '/b' }) }
  worse.requestId = a[0]!.requestId
  worse.message = { ...worse.message, id: a[0]!.message.id }
  writeProjectTranscript(dir, 'sb.jsonl', [copy, worse].map((l) => JSON.stringify(l)).join('\n') + '\n')
  await store.ingest(dir)
  expect(row()).toEqual({ responses: 2, first_ts: Date.parse(at(0)), last_ts: Date.parse(at(1)) })
  check(store.db)
  // And the first response replaced away from its session too: the row's first moves in.
  const c0 = { ...response(at(30), 900, 90, { session: 'sc', cwd: '/c' }) }
  c0.requestId = a[0]!.requestId
  c0.message = { ...c0.message, id: a[0]!.message.id }
  writeProjectTranscript(dir, 'sc.jsonl', JSON.stringify(c0) + '\n')
  await store.ingest(dir)
  expect(row()).toEqual({ responses: 1, first_ts: Date.parse(at(1)), last_ts: Date.parse(at(1)) })
  check(store.db)
})

it('re-pricing with a prices.json override, retention and removing a source keep it equal to a rebuild', async () => {
  copyFixtures(dir)
  const backup = tempDir()
  try {
    cpSync(join(dir, 'projects'), join(backup, 'projects'), { recursive: true })
    await store.ingest(dir, backup)
    expectTotalsRebuilt(store.db)
    const book = new PriceBook({
      'claude-opus*': { input: 1, output: 2 },
      'claude-sonnet-4-5*': { input: 3, output: 4 },
    })
    expect(reprice(store.db, book).responses).toBeGreaterThan(0)
    check(store.db, book)
    // Retention from the middle of a day that has responses.
    const ts = store.db.prepare(`SELECT ts FROM responses ORDER BY ts`).pluck().all() as number[]
    const cutoff = ts[Math.floor(ts.length / 2)]! + 1
    expect(
      (await pruneResponses(store.db, cutoff, nowOf(store.db), async () => {})).responses,
    ).toBeGreaterThan(0)
    check(store.db, book)
    expect(removeSourceData(store.db, realpathSync(backup))).not.toBeNull()
    check(store.db, book)
    await store.ingestor.ingest([{ path: dir }])
    check(store.db, book)
  } finally {
    cleanup(backup)
  }
})

it('a bulk pass (indexes dropped while applying) leaves no bound narrower than its responses; answers stay exact', async () => {
  copyFixtures(dir)
  const bulk = new Ingestor(store.db, store.prices, { defaultLabel: () => 'test-host', bulkBytes: 1 })
  // The same responses from two roots: the second root's better or equal copies are applied while the
  // indexes are dropped.
  const twin = tempDir()
  try {
    cpSync(join(dir, 'projects'), join(twin, 'projects'), { recursive: true })
    await bulk.ingest([{ path: dir }, { path: twin }])
    const loose = store.db
      .prepare(
        `SELECT COUNT(*) FROM session_totals t WHERE first_ts > (SELECT MIN(ts) FROM responses r WHERE r.session_id = t.session_id
          AND r.ts >= t.day * 86400000 AND r.ts < (t.day + 1) * 86400000 AND r.model_id = t.model_id AND r.source_id = t.source_id
          AND IFNULL(r.project_id, 0) = t.project_id AND (r.agent_id IS NOT NULL OR r.is_sidechain != 0) = t.is_subagent)`,
      )
      .pluck()
      .get()
    expect(loose).toBe(0)
    const now = nowOf(store.db)
    for (const c of casesFor(store.db, now))
      expectAnswersEqual(store.db, store.prices, now, { ...c, full: false })
  } finally {
    cleanup(twin)
  }
})

it('migration 012 builds it from the stored responses of a version-10 store', async () => {
  copyFixtures(dir)
  const file = join(dir, 'store.db')
  const s = openTestStore(file)
  await s.ingest(dir)
  const kept = s.db
    .prepare(
      `SELECT * FROM session_totals ORDER BY session_id, day, project_id, model_id, source_id, is_subagent`,
    )
    .all()
  s.close()
  const raw = new Database(file)
  raw.exec(`DROP TABLE session_totals`)
  raw.pragma('user_version = 10')
  raw.close()
  const db = openDb(file)
  try {
    expect(db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(12)
    expectTotalsRebuilt(db)
    const rebuilt = db
      .prepare(
        `SELECT * FROM session_totals ORDER BY session_id, day, project_id, model_id, source_id, is_subagent`,
      )
      .all() as { cost: number }[]
    expect(rebuilt.map((r) => ({ ...r, cost: 0 }))).toEqual(
      (kept as { cost: number }[]).map((r) => ({ ...r, cost: 0 })),
    )
  } finally {
    db.close()
  }
})
