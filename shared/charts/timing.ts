import type { EChartsOption } from 'echarts'
import type { ResponseTimesResult } from '../contract/results'
import { formatDuration } from '../format'
import { base, escapeHtml, tooltipRow, type ChartContext } from './common'

/** Bin label: "< 1 s", "1–2 s", …, "≥ 30 min". */
export function binLabel(bins: ResponseTimesResult['histogram'], i: number, locale?: string): string {
  const up = bins[i]!.upToMs
  const lo = i === 0 ? null : bins[i - 1]!.upToMs
  if (lo === null) return `< ${formatDuration(up, locale)}`
  if (up === null) return `≥ ${formatDuration(lo, locale)}`
  return `${formatDuration(lo, locale)} – ${formatDuration(up, locale)}`
}

/** How long turns and tool calls take: counts per duration bin. */
export function distributionOption(rt: ResponseTimesResult, ctx: ChartContext, title: string): EChartsOption {
  const labels = rt.histogram.map((_, i) => binLabel(rt.histogram, i, ctx.locale))
  return {
    ...base(title),
    legend: { top: 0 },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'category', data: labels, axisLabel: { interval: 0, rotate: 30 } },
    yAxis: { type: 'value', name: 'count' },
    series: [
      { type: 'bar', name: 'Turns', data: rt.histogram.map((b) => b.turns) },
      { type: 'bar', name: 'Tool calls', data: rt.histogram.map((b) => b.tools) },
    ],
  }
}

/** Turn-time percentiles (p50, p90, p95, p99) per period; gaps where a period had no timed turns. */
export function percentilesOption(rt: ResponseTimesResult, ctx: ChartContext, title: string): EChartsOption {
  const keys = ['p50', 'p90', 'p95', 'p99'] as const
  return {
    ...base(title),
    legend: { top: 0 },
    tooltip: {
      trigger: 'axis',
      formatter: (params: unknown) => {
        const ps = params as { dataIndex: number; seriesName: string; value: number | null; color: string }[]
        const p = rt.overTime[ps[0]?.dataIndex ?? 0]!
        return `<b>${escapeHtml(p.label)}</b> (${p.turns.count} turns)${ps.map((x) => tooltipRow(x.color, x.seriesName, formatDuration(x.value, ctx.locale))).join('')}`
      },
    },
    xAxis: { type: 'category', data: rt.overTime.map((p) => p.label) },
    yAxis: { type: 'value', axisLabel: { formatter: (v: number) => formatDuration(v, ctx.locale) } },
    series: keys.map((k) => ({
      type: 'line' as const,
      name: k,
      connectNulls: false,
      data: rt.overTime.map((p) => p.turns[k]),
    })),
  }
}
