import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { HeatmapResult, SeriesResult, SummaryResult } from '../../../shared/contract'
import { cleanup, openTestStore, tempDir, type TestStore } from '../../../tests/helpers/store'
import { prompt, response } from '../../../tests/helpers/lines'
import { Api } from '../api/api'
/* eslint-disable @typescript-eslint/no-explicit-any -- loosely typed results in one test */

// claude-opus-4-7 rates, $ per million tokens (genai-prices): input 5, output 25, 5m write 6.25, read 0.5.
const cost = (input: number, output: number, cw5m = 0, cr = 0) =>
  (input * 5 + output * 25 + cw5m * 6.25 + cr * 0.5) / 1e6

let dir: string
let store: TestStore
async function load(lines: object[]): Promise<void> {
  mkdirSync(join(dir, 'projects/p'), { recursive: true })
  writeFileSync(join(dir, 'projects/p/s.jsonl'), lines.map((l) => JSON.stringify(l)).join('\n') + '\n')
  await store.ingest(dir)
}

function call<T>(api: Api, name: string, args: object): T {
  const r = api.call(name, args)
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`)
  return r.value as T
}

beforeEach(() => {
  dir = tempDir()
  store = openTestStore()
})
afterEach(() => {
  store.close()
  cleanup(dir)
})

describe('summary', () => {
  it('compares with the previous period of equal length', async () => {
    // now: Wed 2026-11-18 12:00 UTC; 7d = Thu 12th 00:00 → now; previous = the 7 days before.
    const now = Date.UTC(2026, 10, 18, 12)
    await load([
      prompt('2026-11-17T09:59:00.000Z'),
      response('2026-11-17T10:00:00.000Z', 100, 1000),
      response('2026-11-13T10:00:00.000Z', 100, 1000, { session: 's2', cwd: '/work/other' }),
      response('2026-11-08T10:00:00.000Z', 200, 500),
      response('2026-11-01T10:00:00.000Z', 999, 999), // before the previous period
    ])
    const s = call<SummaryResult>(new Api(store.db, () => now), 'summary', {
      range: { preset: '7d' },
      timezone: 'UTC',
    })
    expect(s.range.start).toBe('2026-11-12T00:00:00.000Z')
    expect(s.responses).toMatchObject({ value: 2, previous: 1, change: 1 })
    expect(s.cost.value).toBeCloseTo(2 * cost(100, 1000), 12)
    expect(s.cost.previous).toBeCloseTo(cost(200, 500), 12)
    expect(s.cost.change).toBeCloseTo((2 * cost(100, 1000) - cost(200, 500)) / cost(200, 500), 12)
    expect(s.sessions).toMatchObject({ value: 2, previous: 1 })
    expect(s.prompts).toMatchObject({ value: 1, previous: 0, change: null, note: 'previous was 0' })
    expect(s.activeProjects.value).toBe(2)
    expect(s.mostUsedModel).toEqual({ name: 'claude-opus-4-7', responses: 2 })
    expect(s.tokens.total.value).toBe(2200)
  })

  it('says there is no previous period for "all", and counts an empty range as zero', async () => {
    const now = Date.UTC(2026, 10, 18, 12)
    await load([response('2026-11-17T10:00:00.000Z', 1, 1)])
    const api = new Api(store.db, () => now)
    const all = call<SummaryResult>(api, 'summary', { range: { preset: 'all' }, timezone: 'UTC' })
    expect(all.range.previous).toBeNull()
    expect(all.responses).toMatchObject({
      value: 1,
      previous: null,
      change: null,
      note: 'no previous period',
    })
    const empty = call<SummaryResult>(api, 'summary', {
      range: { start: '2024-01-01T00:00:00Z', end: '2024-01-02T00:00:00Z' },
      timezone: 'UTC',
    })
    expect(empty.responses).toMatchObject({ value: 0, previous: 0, change: 0 })
    expect(empty.cost.value).toBe(0)
    expect(empty.cacheHitRate.value).toBeNull()
    expect(empty.mostUsedModel).toBeNull()
  })

  it('reports unpriced tokens and an unknown cost, never $0, for a model with no price', async () => {
    const now = Date.UTC(2026, 10, 18, 12)
    await load([response('2026-11-17T10:00:00.000Z', 10, 20, { model: 'glm-4.5' })])
    const s = call<SummaryResult>(new Api(store.db, () => now), 'summary', {
      range: { preset: '7d' },
      timezone: 'UTC',
    })
    expect(s.cost.value).toBeNull()
    expect(s.unpricedTokens.value).toBe(30)
  })
})

describe('series', () => {
  it('cuts days at local midnight across the DST change in Europe/Paris', async () => {
    await load([
      response('2026-03-28T22:30:00.000Z', 1, 1), // 23:30 CET, the 28th
      response('2026-03-29T21:30:00.000Z', 2, 2), // 23:30 CEST, the 29th
      response('2026-03-29T22:30:00.000Z', 3, 3), // 00:30 CEST, the 30th
    ])
    const api = new Api(store.db, () => Date.UTC(2026, 3, 1))
    const s = call<SeriesResult>(api, 'series', {
      range: { start: '2026-03-28T00:00:00+01:00', end: '2026-03-31T00:00:00+02:00' },
      timezone: 'Europe/Paris',
      groupBy: 'day',
    })
    expect(s.points.map((p) => [p.label, p.responses])).toEqual([
      ['2026-03-28', 1],
      ['2026-03-29', 1],
      ['2026-03-30', 1],
    ])
    expect(s.points[1]!.cost).toBeCloseTo(cost(2, 2), 12)
  })

  it.each([
    ['Asia/Kolkata', '2026-01-01', '2026-01-02'],
    ['Asia/Kathmandu', '2026-01-02', '2026-01-02'],
  ])('groups by day in %s (+05:30 / +05:45)', async (tz, day1815, day1830) => {
    await load([response('2026-01-01T18:15:00.000Z', 1, 1), response('2026-01-01T18:30:00.000Z', 1, 1)])
    const api = new Api(store.db, () => Date.UTC(2026, 0, 5))
    const s = call<SeriesResult>(api, 'series', { range: { preset: 'all' }, timezone: tz, groupBy: 'day' })
    const byDay = Object.fromEntries(
      s.points.filter((p) => p.responses > 0).map((p) => [p.label, p.responses]),
    )
    const expected: Record<string, number> = {}
    for (const d of [day1815, day1830]) expected[d] = (expected[d] ?? 0) + 1
    expect(byDay).toEqual(expected)
  })

  it('starts weeks on the configured day and breaks points down by model', async () => {
    // 2026-11-15 is a Sunday.
    await load([
      response('2026-11-14T12:00:00.000Z', 1, 1),
      response('2026-11-15T12:00:00.000Z', 1, 1, { model: 'claude-haiku-4-5-20251001' }),
      response('2026-11-16T12:00:00.000Z', 1, 1),
    ])
    const api = new Api(store.db, () => Date.UTC(2026, 10, 20))
    const range = { start: '2026-11-08T00:00:00Z', end: '2026-11-20T00:00:00Z' }
    const sunday = call<SeriesResult>(api, 'series', {
      range,
      timezone: 'UTC',
      groupBy: 'week',
      weekStart: 7,
    })
    expect(sunday.points.map((p) => [p.label, p.responses])).toEqual([
      ['2026-11-08', 1],
      ['2026-11-15', 2],
    ])
    expect(sunday.points[1]!.breakdown.map((b) => b.key).sort()).toEqual([
      'claude-haiku-4-5-20251001',
      'claude-opus-4-7',
    ])
    const monday = call<SeriesResult>(api, 'series', { range, timezone: 'UTC', groupBy: 'week' })
    expect(monday.points.map((p) => [p.label, p.responses])).toEqual([
      ['2026-11-02', 0],
      ['2026-11-09', 2],
      ['2026-11-16', 1],
    ])
  })
})

describe('heatmap', () => {
  it('places responses and prompts by local weekday and hour, with peaks', async () => {
    await load([
      prompt('2026-11-16T08:59:00.000Z'),
      response('2026-11-16T09:00:00.000Z', 1, 1), // Monday 10:00 in Berlin
      response('2026-11-16T09:20:00.000Z', 1, 1),
      response('2026-11-21T20:00:00.000Z', 1, 1), // Saturday 21:00
    ])
    const api = new Api(store.db, () => Date.UTC(2026, 10, 22))
    const h = call<HeatmapResult>(api, 'heatmap', { range: { preset: 'all' }, timezone: 'Europe/Berlin' })
    const cell = (d: number, hr: number) => h.cells.find((c) => c.weekday === d && c.hour === hr)!
    expect(cell(1, 10)).toMatchObject({ responses: 2, prompts: 0 })
    expect(cell(1, 9)).toMatchObject({ prompts: 1 })
    expect(cell(6, 21).responses).toBe(1)
    expect(h.peakHour).toBe(10)
    expect(h.peakWeekday).toBe(1)
  })
})

describe('heatmap on a DST change', () => {
  it('uses the offset in force at each instant (Europe/Berlin, 2026-03-29)', async () => {
    await load([
      response('2026-03-29T00:30:00.000Z', 1, 1), // 01:30 CET
      response('2026-03-29T01:30:00.000Z', 1, 1), // 03:30 CEST
      response('2026-03-29T12:00:00.000Z', 1, 1), // 14:00 CEST
    ])
    const api = new Api(store.db, () => Date.UTC(2026, 3, 1))
    const h = call<HeatmapResult>(api, 'heatmap', { range: { preset: 'all' }, timezone: 'Europe/Berlin' })
    const sunday = h.cells.filter((c) => c.weekday === 7 && c.responses > 0).map((c) => c.hour)
    expect(sunday).toEqual([1, 3, 14])
  })
})

describe('contract validation', () => {
  it.each([
    ['summary', { timezone: 'Mars/Olympus' }],
    ['summary', { range: { preset: '2w' } }],
    ['summary', { range: { start: '2026-02-01T00:00:00Z', end: '2026-01-01T00:00:00Z' } }],
    ['series', { groupBy: 'fortnight' }],
    ['summary', { filters: { thread: 'both' } }],
    ['summary', 'not an object'],
  ])('rejects %s %j with a typed error', (name, args) => {
    const r = new Api(store.db).call(name, args)
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid_arguments' } })
  })

  it('answers unknown requests with a typed error', () => {
    expect(new Api(store.db).call('__proto__', {})).toMatchObject({
      ok: false,
      error: { code: 'unknown_request' },
    })
  })
})

describe('response times', () => {
  it('times turns from the prompt to turn_duration or the last response, and tool calls, with percentiles', async () => {
    const tool = (ts: string, id: string) => ({
      type: 'assistant',
      sessionId: 's1',
      cwd: '/work/app',
      timestamp: ts,
      uuid: `tu-${id}`,
      requestId: `rq-${id}`,
      message: {
        id: `mt-${id}`,
        model: 'claude-opus-4-7',
        role: 'assistant',
        content: [{ type: 'tool_use', id, name: 'Bash', input: {} }],
        usage: { input_tokens: 1, output_tokens: 1 },
      },
    })
    const result = (ts: string, id: string) => ({
      type: 'user',
      sessionId: 's1',
      cwd: '/work/app',
      timestamp: ts,
      uuid: `tr-${id}`,
      message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: id, content: 'ok' }] },
    })
    await load([
      // Turn 1: no turn_duration; prompt 10:00:00, last response 10:00:30 → 30 s; a 5 s tool call inside.
      prompt('2026-11-16T10:00:00.000Z'),
      tool('2026-11-16T10:00:05.000Z', 'toolu_a'),
      result('2026-11-16T10:00:10.000Z', 'toolu_a'),
      response('2026-11-16T10:00:30.000Z', 1, 1),
      // Turn 2: turn_duration 12 s wins over the timestamps.
      prompt('2026-11-16T11:00:00.000Z'),
      response('2026-11-16T11:00:20.000Z', 1, 1),
      {
        type: 'system',
        subtype: 'turn_duration',
        durationMs: 12_000,
        sessionId: 's1',
        uuid: 'td1',
        timestamp: '2026-11-16T11:00:21.000Z',
      },
      // Turn 3: a prompt without any reply is not a response time.
      prompt('2026-11-16T12:00:00.000Z'),
    ])
    const api = new Api(store.db, () => Date.UTC(2026, 10, 20))
    const rt = call<any>(api, 'responseTimes', { range: { preset: '7d' }, timezone: 'UTC' })
    expect(rt.turns).toMatchObject({ count: 2, fromTurnDuration: 1, mean: 21_000 })
    expect(rt.tools).toMatchObject({ count: 1 })
    // Percentiles are estimates within 1 % (per-hour histograms, migration 016).
    expect(rt.estimate).toEqual({ relativeError: 0.01 })
    const near = (x: number, exact: number) => expect(Math.abs(x - exact)).toBeLessThanOrEqual(exact / 100)
    near(rt.turns.p50, 12_000)
    near(rt.turns.p95, 30_000)
    near(rt.tools.p50, 5_000)
    // 12 s and 30 s turns fall in the [10 s, 20 s) and [30 s, 60 s) bins; the 5 s tool call in [5 s, 10 s).
    const bins = Object.fromEntries(rt.histogram.map((b: any) => [b.upToMs, [b.turns, b.tools]]))
    expect(bins).toMatchObject({ 10000: [0, 1], 20000: [1, 0], 30000: [0, 0], 60000: [1, 0] })
    expect(rt.histogram.reduce((a: number, b: any) => a + b.turns, 0)).toBe(2)
    expect(rt.slowestTurns[0]).toMatchObject({ sessionId: 's1', durationMs: 30_000 })
    expect(rt.overTime.find((p: any) => p.label === '2026-11-16').turns.count).toBe(2)
    // Both timed turns ended on claude-opus-4-7: its mean response time is theirs.
    const m = call<any>(api, 'models', { range: { preset: '7d' }, timezone: 'UTC' })
    expect(m.models[0]).toMatchObject({ model: 'claude-opus-4-7', avgResponseMs: 21_000 })
  })
})
