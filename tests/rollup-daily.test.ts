import { appendFileSync, readFileSync, realpathSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { SeriesResult, SummaryResult } from '../shared/contract'
import type { CommonArgs } from '../shared/contract/params'
import { generateCorpus } from '../scripts/bench/generate-corpus'
import { Api } from '../electron/core/api/api'
import { groupEdges, resolveRange } from '../electron/core/metrics/range'
import { splitByDay } from '../electron/core/metrics/rollup-span'
import { PriceBook } from '../electron/core/prices/price-book'
import { BUCKET_MS } from '../electron/core/store/buckets'
import type { Db } from '../electron/core/store/db'
import { removeSourceData } from '../electron/core/store/remove-source'
import { reprice } from '../electron/core/store/reprice'
import { rng } from './helpers/rng'
import { cleanup, copyFixtures, openTestStore, tempDir } from './helpers/store'

const PER_DAY = 96
const COLS = `input, output, cache_write_5m, cache_write_1h, cache_read, unpriced_tokens, unpriced_responses, responses`

/** rollup_1d minus the 15-minute rollup summed per UTC day (integer columns exact, cost to 1e-9), both ways. */
function dailyMismatch(db: Db): unknown[] {
  const sums = COLS.split(', ')
    .map((c) => `SUM(${c}) AS ${c}`)
    .join(', ')
  const fromQuarters = `SELECT bucket / 96 AS day, project_id, model_id, source_id, is_subagent, ${sums},
      ROUND(SUM(cost), 9) AS cost FROM rollup_15m GROUP BY 1, 2, 3, 4, 5`
  const daily = `SELECT day, project_id, model_id, source_id, is_subagent, ${COLS}, ROUND(cost, 9) AS cost FROM rollup_1d`
  // Rows that sum to nothing may stay behind on either side (a replaced copy leaves a zero cell).
  const nonZero = (sql: string) => `SELECT * FROM (${sql}) WHERE responses <> 0 OR input <> 0 OR cost <> 0`
  return db
    .prepare(
      `SELECT 'extra' AS side, * FROM (${nonZero(daily)} EXCEPT ${nonZero(fromQuarters)})
       UNION ALL SELECT 'missing', * FROM (${nonZero(fromQuarters)} EXCEPT ${nonZero(daily)})`,
    )
    .all()
}

/** The 15-minute rollup of [lo, hi) buckets summed directly: the reference the daily pieces must equal. */
function quarterSums(db: Db, lo: number, hi: number): { cost: number; tokens: number; responses: number } {
  return db
    .prepare(
      `SELECT COALESCE(SUM(cost), 0) AS cost, COALESCE(SUM(input + output + cache_write_5m + cache_write_1h + cache_read), 0) AS tokens,
        COALESCE(SUM(responses), 0) AS responses FROM rollup_15m WHERE bucket >= ? AND bucket < ?`,
    )
    .get(lo, hi) as { cost: number; tokens: number; responses: number }
}

describe('splitByDay', () => {
  it('covers every group exactly once: whole UTC days from the daily rollup, the edges in 15-minute buckets', () => {
    const next = rng(11)
    for (let run = 0; run < 300; run++) {
      const edges = [Math.floor(next() * 2000)]
      for (let i = 0, n = 1 + Math.floor(next() * 6); i < n; i++)
        edges.push(edges.at(-1)! + Math.floor(next() * (next() < 0.3 ? 10 : 700)))
      const { quarters, days } = splitByDay(edges)
      for (let g = 0; g + 1 < edges.length; g++) {
        const covered: number[] = []
        for (const [pg, lo, hi] of quarters) if (pg === g) for (let b = lo; b < hi; b++) covered.push(b)
        for (const [pg, lo, hi] of days)
          if (pg === g) for (let b = lo * PER_DAY; b < hi * PER_DAY; b++) covered.push(b)
        covered.sort((a, b) => a - b)
        const want = Array.from({ length: edges[g + 1]! - edges[g]! }, (_, i) => edges[g]! + i)
        expect(covered).toEqual(want)
      }
      // Only the edges of a group are read in 15-minute buckets: fewer than two days' worth.
      for (let g = 0; g + 1 < edges.length; g++)
        expect(quarters.reduce((n, [pg, lo, hi]) => n + (pg === g ? hi - lo : 0), 0)).toBeLessThan(
          2 * PER_DAY,
        )
    }
  })
})

describe('the daily rollup', () => {
  it('equals the 15-minute rollup per UTC day through passes, appends, re-pricing and removing a source', async () => {
    const dir = tempDir('obs-daily-')
    const store = openTestStore()
    try {
      const live = copyFixtures(join(dir, 'live'))
      await store.ingest(live)
      const days = store.db.prepare(`SELECT COUNT(*) AS n FROM rollup_1d`).get() as { n: number }
      expect(days.n).toBeGreaterThan(0)
      expect(dailyMismatch(store.db)).toEqual([])
      // A second source holding copies (rule 2 replaces some), then an append to one live file.
      const backup = copyFixtures(join(dir, 'backup'))
      await store.ingest(live, backup)
      const file = join(live, 'projects/spotter/short.jsonl')
      const line = JSON.parse(readFileSync(file, 'utf8').trim().split('\n').at(-1)!) as Record<
        string,
        unknown
      >
      appendFileSync(file, `${JSON.stringify({ ...line, uuid: 'appended-line' })}\n`)
      await store.ingest(live, backup)
      expect(dailyMismatch(store.db)).toEqual([])
      reprice(store.db, new PriceBook({ 'claude-*': { input: 1, output: 2, cacheRead: 0.1 } }))
      expect(dailyMismatch(store.db)).toEqual([])
      removeSourceData(store.db, realpathSync(backup))
      expect(dailyMismatch(store.db)).toEqual([])
    } finally {
      store.close()
      cleanup(dir)
    }
  })

  it('is built from the 15-minute rollup by its migration, for a store written before it', async () => {
    const dir = tempDir('obs-daily-mig-')
    const file = join(dir, 'store.db')
    let store = openTestStore(file)
    try {
      copyFixtures(dir)
      await store.ingest(dir)
      for (const t of ['insert', 'update', 'delete']) store.db.exec(`DROP TRIGGER rollup_1d_${t}`)
      store.db.exec(`DROP TABLE rollup_1d`)
      store.db.pragma('user_version = 13')
      store.close()
      store = openTestStore(file)
      expect(dailyMismatch(store.db)).toEqual([])
      const n = store.db.prepare(`SELECT COUNT(*) AS n FROM rollup_1d WHERE responses > 0`).get() as {
        n: number
      }
      expect(n.n).toBeGreaterThan(0)
    } finally {
      store.close()
      cleanup(dir)
    }
  })

  it('gives every range and group the sums of its 15-minute buckets, in zones with DST and half-hour offsets', async () => {
    const dir = tempDir('obs-daily-corpus-')
    const store = openTestStore()
    try {
      const endMs = Date.UTC(2026, 10, 20)
      generateCorpus({ root: dir, targetBytes: 12e6, seed: 5, days: 150, endMs })
      await store.ingest(join(dir, '.claude'), join(dir, '.config', 'claude'))
      expect(dailyMismatch(store.db)).toEqual([])
      const now = endMs + 3_600_000
      const api = new Api(store.db, () => now)
      const call = <T>(name: string, args: object): T => {
        const r = api.call(name, args)
        if (!r.ok) throw new Error(r.error.message)
        return r.value as T
      }
      const ranges: CommonArgs['range'][] = [
        { preset: '7d' },
        { preset: '90d' },
        { preset: 'all' },
        { start: '2026-08-03T10:45:00Z', end: '2026-10-01T17:30:00Z' },
      ]
      for (const timezone of ['UTC', 'Asia/Kolkata', 'America/New_York', 'Australia/Lord_Howe'])
        for (const range of ranges) {
          const args = { range, timezone }
          const s = call<SummaryResult>('summary', args)
          const [lo, hi] = [Date.parse(s.range.start) / BUCKET_MS, Date.parse(s.range.end) / BUCKET_MS]
          const want = quarterSums(store.db, lo, hi)
          expect(s.tokens.total.value).toBe(want.tokens)
          expect(s.responses.value).toBe(want.responses)
          expect(s.cost.value).toBeCloseTo(want.cost, 9)
          const series = call<SeriesResult>('series', { ...args, groupBy: 'day', breakdownBy: 'model' })
          const r = resolveRange({ range, timezone, weekStart: 1, filters: {} }, now, lo * BUCKET_MS)
          const edges = groupEdges(r.start, r.end, 'day', timezone, 1)
          series.points.forEach((p, i) => {
            const g = quarterSums(
              store.db,
              Math.max(edges[i]!, r.start) / BUCKET_MS,
              Math.min(edges[i + 1]!, r.end) / BUCKET_MS,
            )
            const tokens = p.tokens.input + p.tokens.output + p.tokens.cacheWrite5m + p.tokens.cacheWrite1h
            expect(tokens + p.tokens.cacheRead).toBe(g.tokens)
            expect(p.responses).toBe(g.responses)
            expect(p.cost ?? 0).toBeCloseTo(g.cost, 9)
          })
        }
    } finally {
      store.close()
      cleanup(dir)
    }
  })
})
