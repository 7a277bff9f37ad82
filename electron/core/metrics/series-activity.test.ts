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

it("series points add up to the summary's totals when the first and last groups reach beyond the range", async () => {
  copyFixtures(dir)
  await store.ingest(dir)
  const { mn, mx } = store.db.prepare(`SELECT MIN(ts) AS mn, MAX(ts) AS mx FROM responses`).get() as {
    mn: number
    mx: number
  }
  // "now" values off the hour and day edges, so rolling and week/month groups straddle the range's ends.
  const nows = [
    mx + 7 * 60_000,
    mx + 3_600_000 + 1_234_567,
    mn + 86_400_000 + 2_345_678,
    mx + 20 * 86_400_000,
  ]
  let checked = 0
  for (const now of nows) {
    const api = new Api(store.db, () => now)
    for (const preset of ['24h', '7d', '30d', '90d'])
      for (const groupBy of ['hour', 'day', 'week', 'month'])
        for (const timezone of ['UTC', 'America/New_York', 'Asia/Kathmandu']) {
          const args = { range: { preset }, timezone }
          const s = api.call('summary', args)
          const p = api.call('series', { ...args, groupBy })
          if (!s.ok || !p.ok) throw new Error('request failed')
          const sum = s.value as SummaryResult
          const points = (p.value as SeriesResult).points
          const what = `${preset} by ${groupBy} in ${timezone} at ${new Date(now).toISOString()}`
          expect(
            points.reduce((a, x) => a + x.responses, 0),
            what,
          ).toBe(sum.responses.value)
          expect(
            points.reduce((a, x) => a + x.tokens.output, 0),
            what,
          ).toBe(sum.tokens.output.value)
          checked += sum.responses.value! > 0 ? 1 : 0
        }
  }
  expect(checked).toBeGreaterThan(20)
})
