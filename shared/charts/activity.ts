import type { EChartsOption } from 'echarts'
import type { HeatmapResult, SeriesResult } from '../contract/results'
import { formatDuration } from '../format'
import { base, escapeHtml, exactValue, type ChartContext } from './common'

export type HeatmapMetric = 'responses' | 'cost' | 'avgResponseMs'

export const WEEKDAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday']

/** ISO weekdays (1 = Monday) in display order, starting at the week start. */
export function weekdayOrder(weekStart: number): number[] {
  return Array.from({ length: 7 }, (_, i) => ((weekStart - 1 + i) % 7) + 1)
}

export function heatmapValue(c: HeatmapResult['cells'][number], metric: HeatmapMetric): number | null {
  return metric === 'responses' ? c.responses : metric === 'cost' ? c.cost : c.avgResponseMs
}

function heatmapLabel(metric: HeatmapMetric, v: number | null, ctx: ChartContext): string {
  if (metric === 'avgResponseMs')
    return v === null ? 'no timed turns' : `${formatDuration(v, ctx.locale)} mean response`
  return metric === 'cost' ? exactValue('cost', v, ctx) : `${exactValue('count', v, ctx)} responses`
}

/** Weekday × hour grid, rows in week order from the top; the tooltip gives the exact value. */
export function heatmapOption(
  h: HeatmapResult,
  metric: HeatmapMetric,
  ctx: ChartContext,
  title: string,
): EChartsOption {
  const order = weekdayOrder(h.range.weekStart)
  const data: [number, number, number | null][] = h.cells.map((c) => [
    c.hour,
    order.length - 1 - order.indexOf(c.weekday),
    heatmapValue(c, metric),
  ])
  const max = Math.max(0, ...data.map((d) => d[2] ?? 0))
  return {
    ...base(title),
    grid: { left: 8, right: 16, top: 8, bottom: 72, containLabel: true },
    tooltip: {
      formatter: (p: unknown) => {
        const [hour, row, v] = (p as { value: [number, number, number | null] }).value
        const day = WEEKDAY_NAMES[order[order.length - 1 - row]! - 1]!
        return `<b>${escapeHtml(`${day} ${String(hour).padStart(2, '0')}:00–${String(hour + 1).padStart(2, '0')}:00`)}</b><div>${escapeHtml(heatmapLabel(metric, v, ctx))}</div>`
      },
    },
    xAxis: {
      type: 'category',
      data: Array.from({ length: 24 }, (_, i) => String(i).padStart(2, '0')),
      splitArea: { show: true },
    },
    yAxis: {
      type: 'category',
      data: [...order].reverse().map((d) => WEEKDAY_NAMES[d - 1]!.slice(0, 3)),
      splitArea: { show: true },
    },
    visualMap: {
      min: 0,
      max: max || 1,
      calculable: true,
      orient: 'horizontal',
      left: 'center',
      bottom: 0,
      itemHeight: 120,
      inRange: { color: ['#dbeafe', '#60a5fa', '#1d4ed8', '#1e3a8a'] },
    },
    series: [
      {
        type: 'heatmap',
        name: title,
        data,
        emphasis: { itemStyle: { borderColor: '#000', borderWidth: 1 } },
      },
    ],
  }
}

/** A year of daily cost as a calendar; days with usage but no known price show as unknown. */
export function calendarOption(s: SeriesResult, ctx: ChartContext, title: string): EChartsOption {
  const data = s.points.map((p) => [p.label, p.cost] as [string, number | null])
  const first = s.points[0]?.label ?? new Date().toISOString().slice(0, 10)
  const last = s.points.at(-1)?.label ?? first
  const max = Math.max(0, ...data.map((d) => d[1] ?? 0))
  return {
    ...base(title),
    tooltip: {
      formatter: (p: unknown) => {
        const [day, v] = (p as { value: [string, number | null] }).value
        return `<b>${escapeHtml(day)}</b><div>${escapeHtml(exactValue('cost', v, ctx))}</div>`
      },
    },
    visualMap: {
      min: 0,
      max: max || 1,
      orient: 'horizontal',
      left: 'center',
      bottom: 0,
      itemHeight: 120,
      calculable: true,
      inRange: { color: ['#e0f2fe', '#38bdf8', '#0369a1', '#0c4a6e'] },
    },
    calendar: {
      range: [first, last],
      top: 30,
      left: 40,
      right: 16,
      cellSize: ['auto', 14],
      yearLabel: { show: false },
      splitLine: { show: false },
    },
    series: [{ type: 'heatmap', coordinateSystem: 'calendar', name: title, data }],
  }
}
