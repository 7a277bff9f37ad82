import { DateTime } from 'luxon'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type {
  AlertInputsResult,
  HeatmapResult,
  SeriesResult,
  SessionsResult,
  SummaryResult,
} from '../../../shared/contract'
import { QUERY_NAMES } from '../../../shared/contract/names'
import { cleanup, copyFixtures, openTestStore, tempDir, type TestStore } from '../../../tests/helpers/store'
import { Api } from '../api/api'
import { dailyReport } from '../report/daily'
import { BUCKET_MS } from '../store/buckets'
import { DATA_MIN_MS, dataMaxMs } from './limits'

const NOW = Date.UTC(2026, 10, 24, 12)
const SESSION = 'ef958aa1-0e93-49f0-bb71-150f63befcd1'
/** Year 0001, the last instant a Date can hold (+275760-09-13), beyond it both ways, and text in an INTEGER column. */
const EXTREMES: (number | string)[] = [Date.parse('0001-01-01T00:00:00Z'), 8.64e15, 9e18, -9e18, 'NaN']

let dir: string
let store: TestStore
/** Tokens of the valid responses, counted before the corrupt rows go in. */
let valid: { n: number; tokens: number; first: number }

beforeAll(async () => {
  dir = tempDir()
  store = openTestStore()
  copyFixtures(dir)
  await store.ingest(dir)
  const db = store.db
  valid = db
    .prepare(
      `SELECT COUNT(*) AS n, SUM(input + output + cache_write_5m + cache_write_1h + cache_read) AS tokens, MIN(ts) AS first FROM responses`,
    )
    .get() as typeof valid
  const ids = db
    .prepare(
      `SELECT source_id AS s, model_id AS m, project_id AS p FROM responses WHERE session_id = ? LIMIT 1`,
    )
    .get(SESSION) as { s: number; m: number; p: number }
  const resp = db.prepare(
    `INSERT INTO responses (key, ts, session_id, is_sidechain, project_id, source_id, model_id, input, output,
      cache_write_5m, cache_write_1h, cache_read, web_search, web_fetch, cost, price_version, from_progress)
     VALUES (?, ?, ?, 0, ?, ?, ?, 1000000000, 1000000000, 0, 0, 0, 0, 0, 1000, 'test', 0)`,
  )
  const roll = db.prepare(
    `INSERT INTO rollup_15m (bucket, project_id, model_id, source_id, is_subagent, input, output, cost, responses)
     VALUES (?, ?, ?, ?, 0, 1000000000, 1000000000, 1000, 1)`,
  )
  const event = db.prepare(`INSERT INTO events (uuid, kind, ts, session_id, value) VALUES (?, ?, ?, ?, ?)`)
  const call = db.prepare(
    `INSERT INTO tool_calls (id, name, ts, session_id, result_ts, is_error, error_text) VALUES (?, 'Bash', ?, ?, ?, 1, 'boom')`,
  )
  const session = db.prepare(
    `INSERT INTO sessions (id, project_id, source_id, first_ts, last_ts) VALUES (?, ?, ?, ?, ?)`,
  )
  db.transaction(() => {
    EXTREMES.forEach((ts, i) => {
      const bucket = typeof ts === 'number' ? Math.floor(ts / BUCKET_MS) : ts
      for (const sid of [SESSION, `bad-${i}`]) {
        resp.run(`bad:${i}:${sid}`, ts, sid, ids.p, ids.s, ids.m)
        for (const kind of ['prompt', 'turn_duration', 'api_error', 'interrupt', 'compaction'])
          event.run(`bad-${kind}-${i}-${sid}`, kind, ts, sid, 5000)
        call.run(`bad-call-${i}-${sid}`, ts, sid, ts)
      }
      roll.run(bucket, ids.p, ids.m, ids.s)
      session.run(`bad-${i}`, ids.p, ids.s, ts, ts)
      // Sessions that span from the corrupt value to a valid one, both ways round, with a valid response.
      session.run(`bad-span-${i}`, ids.p, ids.s, ts, valid.first)
      session.run(`bad-span-rev-${i}`, ids.p, ids.s, valid.first, ts)
      resp.run(`ok:${i}:span`, valid.first, `bad-span-${i}`, ids.p, ids.s, ids.m)
      resp.run(`ok:${i}:span-rev`, valid.first, `bad-span-rev-${i}`, ids.p, ids.s, ids.m)
    })
  })()
})
afterAll(() => {
  store.close()
  cleanup(dir)
})

/**
 * Far above any answer over the fixtures, far below one that walked the corrupt span (a day or an hour
 * per point from year 0001 or to +275760: millions of points). Speed is the bench's, not asserted here.
 */
const MAX_ANSWER_BYTES = 4_000_000

function boundedCall(api: Api, name: string, args: object) {
  const r = api.call(name, args)
  if (!r.ok) throw new Error(`${name}: ${r.error.code}: ${r.error.message}`)
  expect(JSON.stringify(r.value).length, name).toBeLessThan(MAX_ANSWER_BYTES)
  return r.value
}

it('daily ignores stored responses dated year 0001, +275760, beyond and NaN instead of throwing', () => {
  const d = dailyReport(store.db, { timezone: 'Europe/Paris' }, NOW)
  expect(d.totals.totalTokens).toBe(valid.tokens)
  // One row per day, each inside the data window (below): bounded, whatever the corrupt rows say.
  expect(new Set(d.daily.map((x) => x.date)).size).toBe(d.daily.length)
  for (const day of d.daily) {
    expect(Date.parse(day.date)).toBeGreaterThanOrEqual(DATA_MIN_MS - 86_400_000)
    expect(Date.parse(day.date)).toBeLessThan(dataMaxMs(NOW))
  }
  expect(
    dailyReport(store.db, { since: '0001-01-01', until: '9999-12-31', timezone: 'UTC' }, NOW).totals,
  ).toEqual(d.totals)
  expect(dailyReport(store.db, { since: '9000-01-01', timezone: 'UTC' }, NOW).daily).toEqual([])
  // Ten years of days (more than one series may answer) are read in chunks: the same days and totals.
  const later = dailyReport(store.db, { since: '2023-01-01', timezone: 'Europe/Paris' }, Date.UTC(2033, 0, 1))
  expect(later.daily).toEqual(d.daily)
  expect(later.totals).toEqual(d.totals)
})

it('series, summary and heatmap over "all" start at the first valid response and count only valid ones', () => {
  const api = new Api(store.db, () => NOW)
  const args = { range: { preset: 'all' }, timezone: 'UTC' }
  const firstDay = DateTime.fromMillis(valid.first, { zone: 'UTC' })
    .startOf('day')
    .toISO({ suppressMilliseconds: false })
  const s = boundedCall(api, 'series', args) as SeriesResult
  expect(s.range.start).toBe(new Date(firstDay!).toISOString())
  expect(s.points.reduce((n, p) => n + p.responses, 0)).toBe(valid.n)
  const sum = boundedCall(api, 'summary', args) as SummaryResult
  expect(sum.responses.value).toBe(valid.n)
  expect(sum.tokens.total.value).toBe(valid.tokens)
  const h = boundedCall(api, 'heatmap', args) as HeatmapResult
  expect(h.cells.reduce((n, c) => n + c.responses, 0)).toBe(valid.n)
})

it('alert inputs count no corrupt rollup row into the current day, week and month', () => {
  const api = new Api(store.db, () => NOW)
  const a = boundedCall(api, 'alertInputs', { timezone: 'UTC' }) as AlertInputsResult
  // The fixtures end in 2026-04: nothing valid falls in late November 2026.
  expect([a.day.cost, a.week.cost, a.month.cost]).toEqual([0, 0, 0])
})

it('sessions leaves out the sessions whose stored span is corrupt', () => {
  const api = new Api(store.db, () => NOW)
  const s = boundedCall(api, 'sessions', { range: { preset: 'all' }, pageSize: 200 }) as SessionsResult
  expect(s.sessions.length).toBeGreaterThan(0)
  expect(s.sessions.filter((x) => x.id.startsWith('bad-'))).toEqual([])
  for (const x of s.sessions) expect(Date.parse(x.firstActivity)).toBeGreaterThanOrEqual(DATA_MIN_MS)
})

it('every query answers over the corrupt rows, for every preset, with a bounded answer', () => {
  const api = new Api(store.db, () => NOW)
  for (const preset of ['24h', '30d', '1y', 'all'])
    for (const name of QUERY_NAMES) {
      const args: Record<string, object> = {
        session: { id: SESSION },
        compare: { projects: ['spotter', 'experiments'] },
        health: {},
        alerts: {},
      }
      const a = { range: { preset }, timezone: 'Europe/Paris', groupBy: 'week', ...args[name] }
      boundedCall(api, name, a)
    }
  for (const i of EXTREMES.keys()) {
    boundedCall(api, 'session', { id: `bad-${i}` })
    boundedCall(api, 'session', { id: `bad-span-${i}` })
  }
})
