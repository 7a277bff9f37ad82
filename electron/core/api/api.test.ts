import { describe, expect, it } from 'vitest'
import type { CompareResult, SeriesResult } from '../../../shared/contract'
import { countingDb } from '../../../tests/helpers/counting-db'
import { openTestStore, useFixtureStore, type TestStore } from '../../../tests/helpers/store'
import { DATA_MIN_MS, FUTURE_SLACK_MS, MAX_CELLS, MAX_POINTS } from '../metrics/limits'
import { BUCKET_MS, DAY_MS } from '../store/buckets'
import type { Db } from '../store/db'
import { Api } from './api'

const NOW = Date.UTC(2026, 10, 24, 12)
const iso = (ms: number) => new Date(ms).toISOString()
const HUGE = { start: '1970-01-01T00:00:00Z', end: '2100-01-01T00:00:00Z' }

let store: TestStore
useFixtureStore((s) => (store = s))

/**
 * Calls the contract on a fresh Api over `db` and counts the SQL it runs and the rows it reads back:
 * the work, not the time (speed is the bench's request × range table, scripts/bench/query-table.ts).
 */
function measured(db: Db, name: string, args: object, log?: (m: string) => void) {
  const counted = countingDb(db)
  const r = new Api(counted.db, () => NOW, log).call(name, args)
  return { r, ...counted.work, bytes: JSON.stringify(r).length }
}

describe('grouped requests are bounded in points', () => {
  it('refuses hour groups from 1970 to 2100 for every grouped request, at once, with a clear error, logged', () => {
    const logged: string[] = []
    const common = { range: HUGE, timezone: 'Europe/Paris', groupBy: 'hour' }
    for (const [name, extra] of [
      ['series', {}],
      ['tools', {}],
      ['cache', {}],
      ['responseTimes', {}],
      ['compare', { projects: ['spotter', 'ai-music'] }],
    ] as const) {
      const { r, rows } = measured(store.db, name, { ...common, ...extra }, (m) => logged.push(m))
      expect(r, name).toMatchObject({ ok: false, error: { code: 'invalid_arguments' } })
      if (!r.ok) expect(r.error.message, name).toMatch(/hour groups.*more than the 3000 points/)
      // Refused before reading the data: at most the data window's first bucket is looked up.
      expect(rows, name).toBeLessThanOrEqual(1)
      expect(logged.pop(), name).toMatch(new RegExp(`^request ${name} refused: hour groups`))
    }
  })

  it(`answers hour groups over 90 days (${90 * 24} points) and refuses them over 130 days`, () => {
    const api = new Api(store.db, () => NOW)
    const end = Date.UTC(2026, 5, 1)
    const ok = api.call('series', {
      range: { start: iso(end - 90 * DAY_MS), end: iso(end) },
      timezone: 'UTC',
      groupBy: 'hour',
    })
    expect(ok.ok).toBe(true)
    if (ok.ok) expect((ok.value as SeriesResult).points).toHaveLength(90 * 24)
    const refused = api.call('series', {
      range: { start: iso(end - 130 * DAY_MS), end: iso(end) },
      timezone: 'UTC',
      groupBy: 'hour',
    })
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_arguments' } })
  })

  it('refuses a series whose breakdown would exceed the cell bound', () => {
    const s = openTestStore()
    try {
      // 15 projects active in every hour of 90 days: 32,400 (hour, project) cells.
      const start = Date.UTC(2026, 0, 1)
      s.db.prepare(`INSERT INTO sources (id, root, label, added_at) VALUES (1, '/r', 'r', 0)`).run()
      s.db.prepare(`INSERT INTO models (id, name) VALUES (1, 'claude-opus-4-7')`).run()
      const project = s.db.prepare(`INSERT INTO projects (id, path, name) VALUES (?, ?, ?)`)
      const roll = s.db.prepare(
        `INSERT INTO rollup_15m (bucket, project_id, model_id, source_id, is_subagent, input, responses) VALUES (?, ?, 1, 1, 0, 10, 1)`,
      )
      s.db.transaction(() => {
        for (let p = 1; p <= 15; p++) project.run(p, `/p/${p}`, `p${p}`)
        for (let h = 0; h < 90 * 24; h++)
          for (let p = 1; p <= 15; p++) roll.run((start + h * 3_600_000) / BUCKET_MS, p)
      })()
      const api = new Api(s.db, () => NOW)
      const range = { start: iso(start), end: iso(start + 90 * DAY_MS) }
      const byModel = measured(s.db, 'series', { range, timezone: 'UTC', groupBy: 'hour' })
      expect(byModel.r.ok).toBe(true)
      const byProject = measured(s.db, 'series', {
        range,
        timezone: 'UTC',
        groupBy: 'hour',
        breakdownBy: 'project',
      })
      expect(byProject.r).toMatchObject({ ok: false, error: { code: 'invalid_arguments' } })
      if (!byProject.r.ok) expect(byProject.r.error.message).toContain(`${MAX_CELLS}`)
      console.log('DBG cells', byModel.statements, byModel.rows, byProject.statements, byProject.rows)
      // Grouped by day the same breakdown fits.
      expect(api.call('series', { range, timezone: 'UTC', breakdownBy: 'project' }).ok).toBe(true)
    } finally {
      s.close()
    }
  })

  it('compares 10 projects by day over the whole data window within a second, each as its own series', () => {
    const api = new Api(store.db, () => NOW)
    const names = (
      store.db.prepare(`SELECT name FROM projects ORDER BY name LIMIT 9`).all() as { name: string }[]
    ).map((p) => p.name)
    const projects = [...names, 'no-such-project']
    const { r, statements, rows } = measured(store.db, 'compare', {
      range: HUGE,
      timezone: 'Europe/Paris',
      projects,
    })
    console.log('DBG compare', statements, rows)
    expect(r.ok).toBe(true)
    if (!r.ok) return
    const c = r.value as CompareResult
    expect(c.projects.map((p) => p.project)).toEqual(projects)
    for (const p of c.projects) {
      const s = api.call('series', {
        range: HUGE,
        timezone: 'Europe/Paris',
        filters: { projects: [p.project] },
      })
      if (!s.ok) throw new Error(s.error.message)
      const points = (s.value as SeriesResult).points.map((x) => ({
        label: x.label,
        cost: x.cost,
        tokens: Object.values(x.tokens).reduce((a, b) => a + b, 0),
        responses: x.responses,
      }))
      expect(p.points, p.project).toEqual(points)
    }
    expect(c.projects.at(-1)!.totals).toEqual({ cost: 0, tokens: 0, responses: 0 })
  })

  it('bounds the sessions page number', () => {
    const api = new Api(store.db, () => NOW)
    expect(api.call('sessions', { range: { preset: 'all' }, page: 1e12 })).toMatchObject({
      ok: false,
      error: { code: 'invalid_arguments' },
    })
    const last = api.call('sessions', { range: { preset: 'all' }, page: 100_000, pageSize: 200 })
    expect(last).toMatchObject({ ok: true, value: { sessions: [] } })
  })
})

describe('explicit ranges are clamped to the data window', () => {
  it('answers day groups for 1970–2100 from 2023-01-01 to a year after now, with every stored response', () => {
    const { r, bytes } = measured(store.db, 'series', { range: HUGE, timezone: 'UTC' })
    expect(r.ok).toBe(true)
    if (!r.ok) return
    const s = r.value as SeriesResult
    expect(s.range.start).toBe(iso(DATA_MIN_MS))
    expect(s.range.end).toBe(iso(Math.ceil((NOW + FUTURE_SLACK_MS) / BUCKET_MS) * BUCKET_MS))
    expect(s.points.length).toBeLessThanOrEqual(MAX_POINTS)
    expect(s.points[0]!.label).toBe('2023-01-01')
    const recount = store.db.prepare(`SELECT COUNT(*) AS n FROM responses`).get() as { n: number }
    expect(s.points.reduce((n, p) => n + p.responses, 0)).toBe(recount.n)
    expect(bytes).toBeLessThan(2_000_000)
  })

  it('refuses a range entirely before 2023 or entirely far in the future', () => {
    const api = new Api(store.db, () => NOW)
    for (const range of [
      { start: '1970-01-01T00:00:00Z', end: '2022-12-31T00:00:00Z' },
      { start: '2090-01-01T00:00:00Z', end: '2100-01-01T00:00:00Z' },
    ])
      for (const name of ['summary', 'series', 'heatmap', 'sessions']) {
        const r = api.call(name, { range })
        expect(r, `${name} ${range.start}`).toMatchObject({ ok: false, error: { code: 'invalid_arguments' } })
        if (!r.ok) expect(r.error.message).toMatch(/outside the data window/)
      }
  })
})
