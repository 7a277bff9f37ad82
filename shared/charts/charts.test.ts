import { beforeAll, describe, expect, it } from 'vitest'
import { Api } from '../../electron/core/api/api'
import { copyFixtures, openTestStore, tempDir } from '../../tests/helpers/store'
import type { HeatmapResult, ResponseTimesResult, SeriesResult } from '../contract/results'
import { calendarOption, heatmapOption, weekdayOrder } from './activity'
import { DEFAULT_CONTEXT } from './common'
import { rankingOption } from './rankings'
import { distributionOption } from './timing'
import { MAX_KEYS, stackedOption, stackedValues, tokenKindsOption } from './time-series'

/* eslint-disable @typescript-eslint/no-explicit-any -- reading built ECharts options */
let api: Api
const ctx = { ...DEFAULT_CONTEXT, locale: 'en-US' }
function call<T>(name: string, args: object): T {
  const r = api.call(name, { range: { preset: 'all' }, timezone: 'UTC', ...args })
  if (!r.ok) throw new Error(r.error.message)
  return r.value as T
}

beforeAll(async () => {
  const dir = tempDir('obs-charts-')
  copyFixtures(dir)
  const store = openTestStore()
  await store.ingest(dir)
  api = new Api(store.db, () => Date.UTC(2026, 10, 24))
})

describe('chart options are built from query results, exactly', () => {
  it('stacks cost and tokens per model so every point sums to its total', () => {
    const s = call<SeriesResult>('series', { groupBy: 'month', breakdownBy: 'model' })
    expect(s.points.length).toBeGreaterThan(3)
    for (const metric of ['cost', 'tokens'] as const) {
      const { data } = stackedValues(s, metric)
      s.points.forEach((p, i) => {
        const sum = data.reduce((a, row) => a + (row[i] ?? 0), 0)
        const total = metric === 'cost' ? (p.cost ?? 0) : Object.values(p.tokens).reduce((a, b) => a + b, 0)
        expect(sum).toBeCloseTo(total, 9)
      })
    }
    const opt = stackedOption(s, 'tokens', ctx, 'Tokens') as any
    expect(opt.xAxis.data).toEqual(s.points.map((p) => p.label))
    expect(opt.aria.label.description).toBe('Tokens')
  })

  it('folds the smallest keys into "Other" without losing any tokens', () => {
    const s = call<SeriesResult>('series', { groupBy: 'month', breakdownBy: 'project' })
    const keys = new Set(s.points.flatMap((p) => p.breakdown.map((b) => b.key)))
    expect(keys.size).toBeGreaterThan(3)
    const { names, data } = stackedValues(s, 'tokens', 3)
    expect(names).toHaveLength(3)
    expect(names[2]).toBe('Other')
    const all = s.points.reduce((a, p) => a + Object.values(p.tokens).reduce((x, y) => x + y, 0), 0)
    expect(data.flat().reduce((a, b) => a! + (b ?? 0), 0)).toBe(all)
    expect(MAX_KEYS).toBeGreaterThan(3)
  })

  it('shows an unpriced model as unknown, never as $0, in the bars and the tooltip', () => {
    const s: SeriesResult = {
      range: { start: '', end: '', timezone: 'UTC', weekStart: 1, previous: null },
      groupBy: 'day',
      breakdownBy: 'model',
      points: [
        {
          label: '2026-11-01',
          start: '2026-11-01T00:00:00.000Z',
          cost: null,
          tokens: { input: 10, output: 5, cacheWrite5m: 0, cacheWrite1h: 0, cacheRead: 0 },
          unpricedTokens: 15,
          responses: 1,
          breakdown: [
            {
              key: 'mystery-model',
              cost: null,
              tokens: 15,
              responses: 1,
              kinds: { input: 10, output: 5, cacheWrite5m: 0, cacheWrite1h: 0, cacheRead: 0 },
            },
          ],
        },
      ],
    }
    expect(stackedValues(s, 'cost').data).toEqual([[null]])
    const opt = stackedOption(s, 'cost', ctx, 'Cost') as any
    const html = opt.tooltip.formatter([
      { dataIndex: 0, seriesName: 'mystery-model', value: null, color: '#000' },
    ])
    expect(html).toContain('unknown')
    expect(html).toContain('15 tokens without a known price')
    expect(html).not.toContain('$0.00')
  })

  it('token kinds chart has the five kinds with their exact counts', () => {
    const s = call<SeriesResult>('series', { groupBy: 'month' })
    const opt = tokenKindsOption(s, ctx, 'Kinds') as any
    expect(opt.series.map((x: any) => x.name)).toEqual([
      'Input',
      'Output',
      'Cache write (5 min)',
      'Cache write (1 h)',
      'Cache read',
    ])
    expect(opt.series[3].data).toEqual(s.points.map((p) => p.tokens.cacheWrite1h))
  })

  it('heatmap puts each cell at its weekday row (in week order) and hour, with the chosen metric', () => {
    const h = call<HeatmapResult>('heatmap', { weekStart: 7 })
    expect(weekdayOrder(7)).toEqual([7, 1, 2, 3, 4, 5, 6])
    const opt = heatmapOption(h, 'responses', ctx, 'Activity') as any
    expect(opt.yAxis.data.at(-1)).toBe('Sun') // the week's first day is the top row
    expect(opt.series[0].data).toHaveLength(h.cells.length)
    const busiest = [...h.cells].sort((a, b) => b.responses - a.responses)[0]!
    const row = 6 - weekdayOrder(7).indexOf(busiest.weekday)
    expect(opt.series[0].data).toContainEqual([busiest.hour, row, busiest.responses])
    expect(opt.visualMap.max).toBe(busiest.responses)
    const tip = opt.tooltip.formatter({ value: [busiest.hour, row, busiest.responses] })
    expect(tip).toContain(`${busiest.responses.toLocaleString('en-US')} responses`)
  })

  it('calendar has one cell per day with its cost', () => {
    const s = call<SeriesResult>('series', { groupBy: 'day', range: { preset: '1y' } })
    const opt = calendarOption(s, ctx, 'Daily cost') as any
    expect(opt.series[0].data).toHaveLength(s.points.length)
    expect(opt.calendar.range).toEqual([s.points[0]!.label, s.points.at(-1)!.label])
  })

  it('distribution counts every timed turn once', () => {
    const rt = call<ResponseTimesResult>('responseTimes', {})
    const opt = distributionOption(rt, ctx, 'Distribution') as any
    expect(opt.series[0].data.reduce((a: number, b: number) => a + b, 0)).toBe(rt.turns.count)
    expect(opt.xAxis.data[0]).toBe('< 1 s')
  })

  it('rankings put the largest at the top and keep unknown cost unknown', () => {
    const opt = rankingOption(
      [
        { name: 'a', value: 2 },
        { name: 'b', value: null },
        { name: 'c', value: 5 },
      ],
      'cost',
      ctx,
      'Projects',
    ) as any
    expect(opt.yAxis.data).toEqual(['b', 'a', 'c'])
    expect(opt.tooltip.formatter([{ dataIndex: 0 }])).toContain('unknown')
  })
})
