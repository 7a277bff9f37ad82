import { expect, it } from 'vitest'
import type { SeriesResult, SummaryResult } from '../../../shared/contract'
import { copyFixtures, useTempStore, type TestStore } from '../../../tests/helpers/store'
import { Api } from '../api/api'

let dir: string
let store: TestStore
useTempStore((d, s) => {
  dir = d
  store = s
})

it('series withActivity counts prompts per group exactly and sessions per group by the summary rule', async () => {
  copyFixtures(dir)
  await store.ingest(dir)
  const api = new Api(store.db, () => Date.UTC(2026, 10, 24))
  const get = <T>(name: string, args: object): T => {
    const r = api.call(name, { range: { preset: 'all' }, timezone: 'UTC', ...args })
    if (!r.ok) throw new Error(r.error.message)
    return r.value as T
  }
  const s = get<SummaryResult>('summary', {})
  const days = get<SeriesResult>('series', { groupBy: 'day', withActivity: true })
  const one = get<SeriesResult>('series', { range: { start: days.range.start, end: days.range.end } })
  expect(one.points[0]!.sessions).toBeUndefined() // only when asked for
  expect(days.points.reduce((a, p) => a + p.prompts!, 0)).toBe(s.prompts.value)
  // A session spanning midnight counts on both days; each day never exceeds the whole range.
  const daySessions = days.points.map((p) => p.sessions!)
  expect(daySessions.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(s.sessions.value!)
  expect(Math.max(...daySessions)).toBeLessThanOrEqual(s.sessions.value!)
  // Each session counts once per day it had a response in.
  const perDay = store.db
    .prepare(`SELECT COUNT(*) AS n FROM (SELECT DISTINCT session_id, ts / 86400000 FROM responses)`)
    .get() as { n: number }
  expect(daySessions.reduce((a, b) => a + b, 0)).toBe(perDay.n)
})
