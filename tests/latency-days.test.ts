import { appendFileSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { REQUESTS } from '../shared/contract'
import { responseTimes, responseTimesFromHours } from '../electron/core/metrics/response-times'
import { chunkSizes } from '../electron/core/store/backfill-range'
import { removeSourceData } from '../electron/core/store/remove-source'
import { latencyDayRows, latencyRows, recountLatency, sumByDay } from './helpers/latency-reference'
import { copyFixtures, openTestStore, tempDir, cleanup, useTempStore, type TestStore } from './helpers/store'

const NOW = Date.UTC(2026, 10, 24)

let dir = ''
let store: TestStore
useTempStore((d, s) => {
  dir = d
  store = s
})

/** Both levels equal a count from the facts: the hours, and the days as the sum of those hours. */
function expectCounted(s: TestStore, what: string): void {
  const want = recountLatency(s.db)
  expect(latencyRows(s.db), what).toEqual(want)
  expect(latencyDayRows(s.db), what).toEqual(sumByDay(want))
}

/** The largest transcript below dir. */
function largest(root: string): string {
  let best = ''
  let size = -1
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name)
      if (e.isDirectory()) walk(p)
      else if (p.endsWith('.jsonl') && statSync(p).size > size) [best, size] = [p, statSync(p).size]
    }
  }
  walk(root)
  return best
}

describe('response-time histograms per UTC day (latency_1d)', () => {
  it('stay the sum of their hours after passes, appends and a removed source', async () => {
    const f = largest(copyFixtures(dir))
    const lines = readFileSync(f, 'utf8').split('\n').filter(Boolean)
    writeFileSync(f, lines.slice(0, lines.length >> 1).join('\n') + '\n')
    await store.ingest(dir)
    expectCounted(store, 'half a file')
    appendFileSync(f, lines.slice(lines.length >> 1).join('\n') + '\n')
    await store.ingest(dir)
    expectCounted(store, 'appended')
    expect(latencyDayRows(store.db).length).toBeGreaterThan(10)
    const other = tempDir()
    try {
      copyFixtures(other, ['spotter', 'sniffly'])
      await store.ingest(dir, other)
      expectCounted(store, 'two sources')
      expect(removeSourceData(store.db, other)).not.toBeNull()
      expectCounted(store, 'source removed')
    } finally {
      cleanup(other)
    }
  })

  it('answer bit for bit as the hours alone, in every zone and grouping', async () => {
    copyFixtures(dir)
    await store.ingest(dir)
    let days = 0
    for (const timezone of ['UTC', 'Asia/Kolkata', 'Australia/Lord_Howe', 'America/New_York'])
      for (const [preset, groupBy] of [
        ['all', 'week'],
        ['all', 'month'],
        ['all', 'day'],
        ['1y', 'week'],
        ['90d', 'day'],
        ['30d', 'hour'],
      ] as const)
        for (const filters of [{}, { thread: 'subagent' }, { projects: ['spotter'] }]) {
          const args = REQUESTS.responseTimes.parse({ range: { preset }, timezone, groupBy, filters })
          const got = responseTimes(store.db, args, NOW)
          expect(got, JSON.stringify(args)).toEqual(responseTimesFromHours(store.db, args, NOW))
          days += got.tools.count
        }
    const odd = REQUESTS.responseTimes.parse({
      range: { start: '2025-06-01T03:17:00.000Z', end: '2026-02-11T21:45:00.000Z' },
      timezone: 'Australia/Lord_Howe',
      groupBy: 'month',
    })
    expect(responseTimes(store.db, odd, NOW)).toEqual(responseTimesFromHours(store.db, odd, NOW))
    expect(days).toBeGreaterThan(100)
  })

  it('migration 020 sums a store written before it, in chunks of days', async () => {
    copyFixtures(dir)
    const file = join(dir, 'store.db')
    const s = openTestStore(file)
    await s.ingest(dir)
    const want = latencyDayRows(s.db)
    s.close()
    const raw = new Database(file)
    raw.exec(`DROP TABLE latency_1d`)
    raw.pragma('user_version = 17')
    raw.close()
    const saved = chunkSizes.days
    chunkSizes.days = 3
    const again = openTestStore(file)
    try {
      expect(want.length).toBeGreaterThan(10)
      expect(latencyDayRows(again.db)).toEqual(want)
      expect(latencyDayRows(again.db)).toEqual(sumByDay(latencyRows(again.db)))
    } finally {
      chunkSizes.days = saved
      again.close()
    }
  })
})
