import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ModelsResult, ResponseTimesResult } from '../shared/contract/results'
import { Api } from '../electron/core/api/api'
import { forEachTurn, MAX_TURN_MS, type Turn } from '../electron/core/metrics/response-times'
import { sessionDetail } from '../electron/core/metrics/session-detail'
import type { Db } from '../electron/core/store/db'
import { generateCorpus } from '../scripts/bench/generate-corpus'
import { cleanup, copyFixtures, openTestStore, tempDir, type TestStore } from './helpers/store'
import {
  answerFigures,
  answerMeans,
  modelTurnMeans,
  oldForEachTurn,
  rebuiltTurnRows,
  turnFigures,
  turnRows,
} from './helpers/old-turns'

const FIXTURES_NOW = Date.UTC(2026, 11, 1)
const CORPUS_NOW = Date.UTC(2026, 10, 21)

const turnsOf = (each: typeof forEachTurn, db: Db, start: number, end: number): Turn[] => {
  const out: Turn[] = []
  each(db, {}, start, end, (t) => out.push(t))
  return out.sort((a, b) => (a.sessionId < b.sessionId ? -1 : a.sessionId > b.sessionId ? 1 : a.ts - b.ts))
}

/** Requests over several ranges, zones and filters, each from the table against the old SQL. */
function expectSameAnswers(
  db: Db,
  now: number,
  ranges: object[],
  projects: string[],
  sources: string[],
): number {
  const api = new Api(db, () => now)
  const filters = [{}, { thread: 'main' }, { thread: 'subagent' }, { projects }, { sources }]
  const zones = ['UTC', 'Europe/Paris', 'America/New_York', 'Asia/Tokyo']
  let turns = 0
  for (const [i, range] of ranges.entries())
    for (const [j, f] of filters.entries()) {
      const args = { range, timezone: zones[(i + j) % zones.length]!, filters: f }
      const rt = api.call('responseTimes', { ...args, groupBy: j % 2 === 0 ? 'day' : 'week' })
      if (!rt.ok) throw new Error(rt.error.message)
      const rtArgs = { ...args, groupBy: j % 2 === 0 ? 'day' : 'week' }
      expect(answerFigures(rt.value as ResponseTimesResult)).toEqual(turnFigures(db, rtArgs, now))
      const m = api.call('models', args)
      if (!m.ok) throw new Error(m.error.message)
      expect(answerMeans(m.value as ModelsResult)).toEqual(modelTurnMeans(db, args, now))
      turns += (rt.value as ResponseTimesResult).turns.count
    }
  return turns
}

describe('the turns table on the real fixtures', () => {
  let dir = ''
  let store: TestStore
  beforeAll(async () => {
    dir = copyFixtures(tempDir('obs-turns-'))
    store = openTestStore()
    await store.ingest(dir)
  })
  afterAll(() => {
    store.close()
    cleanup(dir)
  })

  it('holds what a rebuild gives, and every turn the old SQL yields', () => {
    const rows = turnRows(store.db)
    expect(rows.length).toBe(24)
    expect(rows).toEqual(rebuiltTurnRows(store.db))
    const start = Date.UTC(2023, 0, 1)
    expect(turnsOf(forEachTurn, store.db, start, FIXTURES_NOW)).toEqual(
      turnsOf(oldForEachTurn, store.db, start, FIXTURES_NOW),
    )
  })

  it('response times and models answer as with the old SQL', () => {
    const ranges = [
      { preset: 'all' },
      { start: '2025-06-01T00:00:00Z', end: '2025-12-31T00:00:00Z' },
      { start: '2026-01-01T00:00:00Z', end: '2026-05-01T00:00:00Z' },
      { start: '2026-04-18T00:00:00Z', end: '2026-04-19T00:00:00Z' },
    ]
    const n = expectSameAnswers(store.db, FIXTURES_NOW, ranges, ['spotter', 'sniffly'], ['test-host'])
    expect(n).toBeGreaterThan(24)
  })

  it("session detail's turns agree with the table", () => {
    const sessions = store.db.prepare(`SELECT DISTINCT session_id FROM turns`).pluck().all() as string[]
    for (const id of sessions) {
      const d = sessionDetail(store.db, { id }, FIXTURES_NOW)!
      const fromDetail = d.turns
        .filter((t) => t.durationMs !== null && t.durationMs > 0 && t.durationMs <= MAX_TURN_MS)
        .map((t) => ({ ts: Date.parse(t.promptAt), d: t.durationMs }))
      const fromTable = (
        store.db
          .prepare(`SELECT ts, duration_ms AS d FROM turns WHERE session_id = ? ORDER BY ts`)
          .all(id) as {
          ts: number
          d: number
        }[]
      ).map((t) => ({ ts: t.ts, d: t.d }))
      expect(fromTable).toEqual(fromDetail)
    }
  })
})

describe('the turns table on a generated multi-month corpus', () => {
  let dir = ''
  let store: TestStore
  beforeAll(async () => {
    dir = tempDir('obs-turns-corpus-')
    generateCorpus({ root: join(dir, 'home'), targetBytes: 30e6, days: 150, seed: 23 })
    store = openTestStore()
    await store.ingest(join(dir, 'home/.claude'), join(dir, 'home/.config/claude'))
  }, 240_000)
  afterAll(() => {
    store.close()
    cleanup(dir)
  })

  it('holds what a rebuild gives; response times and models answer as with the old SQL', () => {
    const rows = turnRows(store.db)
    expect(rows.length).toBeGreaterThan(300)
    expect(rows).toEqual(rebuiltTurnRows(store.db))
    const top = store.db
      .prepare(
        `SELECT p.name FROM responses r JOIN projects p ON p.id = r.project_id GROUP BY p.name ORDER BY COUNT(*) DESC LIMIT 2`,
      )
      .pluck()
      .all() as string[]
    const label = store.db.prepare(`SELECT label FROM sources ORDER BY id LIMIT 1`).pluck().get() as string
    const ranges = [
      { preset: 'all' },
      { preset: '30d' },
      { start: '2026-07-01T00:00:00Z', end: '2026-09-15T12:00:00Z' },
      { start: '2026-10-03T07:30:00Z', end: '2026-10-04T07:30:00Z' },
    ]
    expect(expectSameAnswers(store.db, CORPUS_NOW, ranges, top, [label])).toBeGreaterThan(300)
  })
})
