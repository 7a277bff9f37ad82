import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import type { ResponseTimesResult } from '../shared/contract/results'
import { Api } from '../electron/core/api/api'
import { Ingestor } from '../electron/core/ingest/ingest'
import { PriceBook } from '../electron/core/prices/price-book'
import { backfillLatency } from '../electron/core/store/latency-backfill'
import { pruneResponses } from '../electron/core/store/prune'
import { reprice } from '../electron/core/store/reprice'
import { latencyRows, recountLatency } from './helpers/latency-reference'
import { exactResponseTimes, expectWithinError } from './helpers/old-response-times'
import { copyFixtures, openTestStore, useTempStore, type TestStore } from './helpers/store'

const NOW = Date.UTC(2026, 10, 24)

let dir = ''
let store: TestStore
useTempStore((d, s) => {
  dir = d
  store = s
})

const projects = (s: TestStore) =>
  (
    s.db
      .prepare(`SELECT DISTINCT p.path FROM sessions s JOIN projects p ON p.id = s.project_id`)
      .pluck()
      .all() as string[]
  ).sort()

describe('response-time histograms on the real fixtures', () => {
  it('answer every range, zone, grouping and filter within the stated error of the exact nearest rank', async () => {
    copyFixtures(dir)
    await store.ingest(dir)
    expect(latencyRows(store.db)).toEqual(recountLatency(store.db))
    const api = new Api(store.db, () => NOW)
    const cases: object[] = []
    for (const timezone of ['UTC', 'Asia/Kolkata', 'Australia/Lord_Howe', 'America/New_York'])
      for (const [preset, groupBy] of [
        ['all', 'week'],
        ['all', 'month'],
        ['1y', 'day'],
        ['90d', 'day'],
        ['30d', 'hour'],
        ['7d', 'hour'],
      ])
        for (const filters of timezone === 'Asia/Kolkata'
          ? [{}, { thread: 'main' }, { thread: 'subagent' }]
          : [{}])
          cases.push({ range: { preset }, timezone, groupBy, filters })
    // Each fixture alone (its project), and a range cut at odd minutes.
    for (const p of projects(store))
      cases.push({
        range: { preset: 'all' },
        timezone: 'Asia/Kolkata',
        groupBy: 'day',
        filters: { projects: [p] },
      })
    cases.push({
      range: { start: '2025-06-01T03:17:00.000Z', end: '2026-02-11T21:45:00.000Z' },
      timezone: 'Australia/Lord_Howe',
      groupBy: 'week',
    })
    let turns = 0
    let tools = 0
    for (const args of cases) {
      const res = api.call('responseTimes', args)
      if (!res.ok) throw new Error(res.error.message)
      const got = res.value as ResponseTimesResult
      expectWithinError(got, exactResponseTimes(store.db, args, NOW), JSON.stringify(args))
      turns = Math.max(turns, got.turns.count)
      tools = Math.max(tools, got.tools.count)
    }
    expect(projects(store).length).toBeGreaterThanOrEqual(5)
    expect(turns).toBeGreaterThan(20)
    expect(tools).toBeGreaterThan(100)
  })

  it('re-pricing and retention leave the histograms equal to a count from the facts', async () => {
    copyFixtures(dir)
    await store.ingest(dir)
    const before = latencyRows(store.db)
    reprice(store.db, new PriceBook({ 'claude-*': { input: 1, output: 2, cacheRead: 0.1 } }))
    await pruneResponses(store.db, Date.parse('2026-04-19T00:00:00Z'), NOW)
    expect(latencyRows(store.db)).toEqual(before)
    expect(latencyRows(store.db)).toEqual(recountLatency(store.db))
  })

  it('a bulk pass (indexes dropped, turns computed at its end) keeps them as a plain pass does', async () => {
    copyFixtures(dir)
    const bulk = new Ingestor(store.db, new PriceBook(), { bulkBytes: 1, defaultLabel: () => 'test-host' })
    await bulk.ingest([{ path: dir }])
    expect(latencyRows(store.db)).toEqual(recountLatency(store.db))
    const plain = openTestStore()
    try {
      await plain.ingest(dir)
      expect(latencyRows(store.db)).toEqual(latencyRows(plain.db))
    } finally {
      plain.close()
    }
  })

  it('migration 016 counts a store written before it as the writer keeps it; the backfill may run in chunks', async () => {
    copyFixtures(dir)
    const file = join(dir, 'store.db')
    const s = openTestStore(file)
    await s.ingest(dir)
    const want = latencyRows(s.db)
    s.close()
    const raw = new Database(file)
    raw.exec(`DROP TABLE latency_1h; DROP TABLE latency_orphans; DROP INDEX turns_duration`)
    raw.pragma('user_version = 15')
    raw.close()
    const again = openTestStore(file)
    try {
      expect(want.length).toBeGreaterThan(20)
      expect(latencyRows(again.db)).toEqual(want)
      expect(
        again.db.prepare(`SELECT COUNT(*) FROM store_state WHERE key LIKE 'latency%'`).pluck().get(),
      ).toBe(0)
      // Chunks of 100 hours, each in its own transaction, over a table that already holds them.
      const [lo, hi] = again.db.prepare(`SELECT MIN(hour), MAX(hour) FROM latency_1h`).raw().get() as number[]
      for (let h = lo! - 50; h <= hi!; h += 100)
        again.db.transaction(() => backfillLatency(again.db, h, h + 100))()
      expect(latencyRows(again.db)).toEqual(want)
    } finally {
      again.close()
    }
  })
})
