import { appendFileSync, readFileSync, realpathSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { CommonArgs, Filters, GroupBy } from '../shared/contract/params'
import { activityFilter } from '../electron/core/metrics/filters'
import { generateCorpus } from '../scripts/bench/generate-corpus'
import { firstDataMs } from '../electron/core/metrics/common'
import { groupEdges, resolveRange } from '../electron/core/metrics/range'
import { series } from '../electron/core/metrics/series'
import { summary } from '../electron/core/metrics/summary'
import { toolGroup, tools } from '../electron/core/metrics/tools'
import { chunkSizes } from '../electron/core/store/backfill-range'
import { BUCKET_MS } from '../electron/core/store/buckets'
import type { Db } from '../electron/core/store/db'
import { pruneResponses } from '../electron/core/store/prune'
import { removeSourceData } from '../electron/core/store/remove-source'
import { cleanup, copyFixtures, openTestStore, tempDir } from './helpers/store'

/**
 * activity_1d minus activity_15m summed per UTC day (rounded down), both ways, for the cells and for the
 * rows over all projects and sources (-1); cells that sum to nothing left out.
 */
function dailyMismatch(db: Db): unknown[] {
  const day = `CASE WHEN bucket >= 0 THEN bucket / 96 ELSE (bucket - 95) / 96 END`
  const sums = `SUM(n) AS n, SUM(errors) AS errors, ROUND(SUM(value_sum), 6) AS vs, SUM(value_n) AS vn`
  const fromQuarters = `SELECT kind, ${day} AS day, project_id, source_id, is_subagent, name, ${sums}
    FROM activity_15m GROUP BY 1, 2, 3, 4, 5, 6
    UNION ALL SELECT kind, ${day} AS day, -1, -1, is_subagent, name, ${sums} FROM activity_15m GROUP BY 1, 2, 5, 6`
  const daily = `SELECT kind, day, project_id, source_id, is_subagent, name, n, errors, ROUND(value_sum, 6), value_n
    FROM activity_1d`
  const nonZero = (sql: string) => `SELECT * FROM (${sql}) WHERE n <> 0 OR errors <> 0 OR vn <> 0`
  return db
    .prepare(
      `WITH q(kind, day, p, s, sub, name, n, errors, vs, vn) AS (${fromQuarters}),
        d(kind, day, p, s, sub, name, n, errors, vs, vn) AS (${daily})
       SELECT 'extra' AS side, * FROM (${nonZero('SELECT * FROM d')} EXCEPT ${nonZero('SELECT * FROM q')})
       UNION ALL SELECT 'missing', * FROM (${nonZero('SELECT * FROM q')} EXCEPT ${nonZero('SELECT * FROM d')})`,
    )
    .all()
}

const rows = (db: Db) =>
  db
    .prepare(
      `SELECT * FROM activity_1d WHERE n <> 0 OR errors <> 0 OR value_n <> 0 ORDER BY 1, 2, 3, 4, 5, 6`,
    )
    .all()

/** Sums of activity_15m of `kinds` over buckets [lo, hi) per name: the 15-minute answer. */
function quarters(
  db: Db,
  kinds: string[],
  lo: number,
  hi: number,
  filters: Filters = {},
): { name: string; n: number; errors: number }[] {
  const f = activityFilter(filters, kinds.includes('tool') ? 'tools' : 'events')
  return db
    .prepare(
      `SELECT name, SUM(n) AS n, SUM(errors) AS errors FROM activity_15m a
       WHERE kind IN (${kinds.map((k) => `'${k}'`).join(', ')}) AND bucket >= ? AND bucket < ?${f.sql} GROUP BY name ORDER BY name`,
    )
    .all(lo, hi, ...f.args) as { name: string; n: number; errors: number }[]
}
const total = (xs: { n: number }[]) => xs.reduce((a, x) => a + x.n, 0)

describe('the daily activity rollup', () => {
  it('equals activity_15m per UTC day through passes, appends, removing a source and retention', async () => {
    const dir = tempDir('obs-act1d-')
    const store = openTestStore()
    try {
      const live = copyFixtures(join(dir, 'live'))
      await store.ingest(live)
      expect(rows(store.db).length).toBeGreaterThan(0)
      expect(dailyMismatch(store.db)).toEqual([])
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
      removeSourceData(store.db, realpathSync(backup))
      expect(dailyMismatch(store.db)).toEqual([])
      await pruneResponses(store.db, Date.parse('2026-04-19T00:00:00Z'), Date.UTC(2026, 10, 24))
      expect(dailyMismatch(store.db)).toEqual([])
    } finally {
      store.close()
      cleanup(dir)
    }
  })

  it('is built by migration 019 in chunks of days for a store written before it, as the triggers keep it', async () => {
    const dir = tempDir('obs-act1d-mig-')
    const file = join(dir, 'store.db')
    generateCorpus({
      root: join(dir, 'home'),
      targetBytes: 3e6,
      seed: 3,
      days: 60,
      endMs: Date.UTC(2026, 10, 20),
    })
    let store = openTestStore(file)
    const saved = { ...chunkSizes }
    try {
      await store.ingest(join(dir, 'home', '.claude'), join(dir, 'home', '.config', 'claude'))
      const want = rows(store.db)
      expect(want.length).toBeGreaterThan(50)
      for (const t of ['insert', 'update', 'delete']) store.db.exec(`DROP TRIGGER activity_1d_${t}`)
      store.db.exec(`DROP TABLE activity_1d`)
      store.db.pragma('user_version = 17')
      store.close()
      chunkSizes.days = 3
      store = openTestStore(file)
      expect(rows(store.db)).toEqual(want)
      expect(dailyMismatch(store.db)).toEqual([])
    } finally {
      Object.assign(chunkSizes, saved)
      store.close()
      cleanup(dir)
    }
  })

  it('gives tools, series prompts and summary prompts the 15-minute answer in zones with DST and odd offsets', async () => {
    const dir = tempDir('obs-act1d-corpus-')
    const store = openTestStore()
    try {
      const endMs = Date.UTC(2026, 10, 20)
      generateCorpus({ root: dir, targetBytes: 8e6, seed: 9, days: 150, endMs })
      await store.ingest(join(dir, '.claude'), join(dir, '.config', 'claude'))
      expect(dailyMismatch(store.db)).toEqual([])
      const db = store.db
      const now = endMs + 3_600_000 + 7 * 60_000
      const ranges: [CommonArgs['range'], GroupBy][] = [
        [{ preset: '7d' }, 'hour'],
        [{ preset: '30d' }, 'day'],
        [{ preset: '90d' }, 'week'],
        [{ preset: 'all' }, 'month'],
        [{ start: '2026-08-03T10:45:00Z', end: '2026-10-01T17:37:00Z' }, 'day'],
      ]
      let days = 0
      const project = (
        db
          .prepare(
            `SELECT p.path AS v FROM sessions s JOIN projects p ON p.id = s.project_id GROUP BY p.id ORDER BY COUNT(*) DESC LIMIT 1`,
          )
          .get() as { v: string }
      ).v
      const filterCases: Filters[] = [{}, { projects: [project] }, { thread: 'subagent' }, { thread: 'main' }]
      for (const timezone of ['UTC', 'Asia/Kolkata', 'America/New_York', 'Australia/Lord_Howe'])
        for (const [range, groupBy] of ranges)
          for (const filters of filterCases) {
            const args = { range, timezone, weekStart: 1, filters } as CommonArgs
            const at = JSON.stringify({ range, timezone, filters })
            const r = resolveRange(args, now, firstDataMs(db, now))
            const [lo, hi] = [Math.ceil(r.start / BUCKET_MS), Math.ceil(r.end / BUCKET_MS)]
            expect(summary(db, args, now).prompts.value, at).toBe(
              total(quarters(db, ['prompt'], lo, hi, filters)),
            )
            const edges = groupEdges(r.start, r.end, groupBy, timezone, 1)
            const b = edges.map((ms, i) =>
              Math.floor(
                (i === 0 ? Math.max(ms, r.start) : i === edges.length - 1 ? Math.min(ms, r.end) : ms) /
                  BUCKET_MS,
              ),
            )
            const se = series(db, { ...args, groupBy, breakdownBy: 'model', withActivity: true }, now)
            expect(
              se.points.map((p) => p.prompts),
              at,
            ).toEqual(se.points.map((_, i) => total(quarters(db, ['prompt'], b[i]!, b[i + 1]!, filters))))
            const t = tools(db, { ...args, groupBy }, now)
            expect(
              t.overTime.map(({ calls, errors }) => ({ calls, errors })),
              at,
            ).toEqual(
              t.overTime.map((_, i) => {
                const q = quarters(db, ['tool'], b[i]!, b[i + 1]!, filters)
                return { calls: total(q), errors: q.reduce((a, x) => a + x.errors, 0) }
              }),
            )
            const all = quarters(db, ['tool'], b[0]!, b.at(-1)!, filters)
            const byTool = new Map<string, { calls: number; errors: number }>()
            for (const x of all) {
              const k = byTool.get(toolGroup(x.name)) ?? { calls: 0, errors: 0 }
              byTool.set(toolGroup(x.name), { calls: k.calls + x.n, errors: k.errors + x.errors })
            }
            expect(
              Object.fromEntries(t.tools.map((x) => [x.name, { calls: x.calls, errors: x.errors }])),
              at,
            ).toEqual(Object.fromEntries(byTool))
            expect(t.interruptions, at).toBe(total(quarters(db, ['interrupt'], lo, hi, filters)))
            expect(t.apiErrors, at).toBe(total(quarters(db, ['api_error'], lo, hi, filters)))
            days += b[b.length - 1]! - b[0]! >= 96 * 3 ? 1 : 0
          }
      expect(days).toBeGreaterThan(10)
    } finally {
      store.close()
      cleanup(dir)
    }
  })
})
