import type { EChartsOption, SeriesOption } from 'echarts'
import type { CompareResult, SeriesResult } from '../contract/results'
import { TOKEN_KINDS, type TokenKind } from '../tokens'
import { formatExact } from '../format'
import {
  axisValue,
  base,
  escapeHtml,
  exactValue,
  PALETTE,
  tooltipRow,
  TOKEN_KIND_LABELS,
  type ChartContext,
  type Metric,
} from './common'

/** At most this many stacked keys; the rest are summed as "Other". */
export const MAX_KEYS = 8

/** The keys to stack, largest total first, and whether an "Other" bucket is needed. */
export function topKeys(s: SeriesResult, metric: Metric, max = MAX_KEYS): { keys: string[]; other: boolean } {
  const totals = new Map<string, number>()
  for (const p of s.points)
    for (const b of p.breakdown)
      totals.set(b.key, (totals.get(b.key) ?? 0) + (metric === 'cost' ? (b.cost ?? 0) : b.tokens))
  const keys = [...totals.entries()].sort((a, b) => b[1] - a[1]).map(([k]) => k)
  return keys.length <= max ? { keys, other: false } : { keys: keys.slice(0, max - 1), other: true }
}

/** One row per point × stacked key: the numbers the chart draws (and the table under it shows). */
export function stackedValues(
  s: SeriesResult,
  metric: Metric,
  max = MAX_KEYS,
): { names: string[]; data: (number | null)[][] } {
  const { keys, other } = topKeys(s, metric, max)
  const names = other ? [...keys, 'Other'] : keys
  const data = names.map((name, i) =>
    s.points.map((p) => {
      const items =
        other && i === names.length - 1
          ? p.breakdown.filter((b) => !keys.includes(b.key))
          : p.breakdown.filter((b) => b.key === name)
      if (items.length === 0) return 0
      if (metric === 'tokens') return items.reduce((a, b) => a + b.tokens, 0)
      // A key with tokens but no price is unknown, drawn as a gap (never $0).
      const priced = items.filter((b) => b.cost !== null)
      return priced.length === 0 ? null : priced.reduce((a, b) => a + b.cost!, 0)
    }),
  )
  return { names, data }
}

/** Cost or tokens over time, stacked by model or project; the tooltip lists exact values and unpriced tokens. */
export function stackedOption(
  s: SeriesResult,
  metric: Metric,
  ctx: ChartContext,
  title: string,
): EChartsOption {
  const { names, data } = stackedValues(s, metric)
  const series: SeriesOption[] = names.map((name, i) => ({
    type: 'bar',
    name,
    stack: 'total',
    data: data[i],
    emphasis: { focus: 'series' },
    itemStyle: { color: PALETTE[i % PALETTE.length] },
  }))
  return {
    ...base(title),
    legend: { type: 'scroll', top: 0 },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (params: unknown) => {
        const ps = params as { dataIndex: number; seriesName: string; value: number | null; color: string }[]
        const i = ps[0]?.dataIndex ?? 0
        const p = s.points[i]!
        const total = metric === 'cost' ? p.cost : Object.values(p.tokens).reduce((a, b) => a + b, 0)
        const rows = ps
          .filter((x) => x.value !== 0)
          .map((x) => tooltipRow(x.color, x.seriesName, exactValue(metric, x.value, ctx)))
        const unpriced =
          p.unpricedTokens > 0
            ? `<div>${escapeHtml(`${formatExact(p.unpricedTokens, ctx.locale)} tokens without a known price`)}</div>`
            : ''
        return `<b>${escapeHtml(p.label)}</b>${rows.join('')}<div>Total: <b>${escapeHtml(exactValue(metric, total, ctx))}</b></div>${unpriced}`
      },
    },
    xAxis: { type: 'category', data: s.points.map((p) => p.label) },
    yAxis: { type: 'value', axisLabel: { formatter: axisValue(metric, ctx) } },
    ...(s.points.length > 60
      ? {
          dataZoom: [{ type: 'inside' }, { type: 'slider', height: 18, bottom: 4 }],
          grid: { left: 8, right: 16, top: 40, bottom: 36, containLabel: true },
        }
      : {}),
    series,
  }
}

/** Token kinds over time, stacked (input, output, both cache writes, cache read). */
export function tokenKindsOption(s: SeriesResult, ctx: ChartContext, title: string): EChartsOption {
  return {
    ...base(title),
    legend: { top: 0 },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (params: unknown) => {
        const ps = params as { dataIndex: number; seriesName: string; value: number; color: string }[]
        const p = s.points[ps[0]?.dataIndex ?? 0]!
        return `<b>${escapeHtml(p.label)}</b>${ps.map((x) => tooltipRow(x.color, x.seriesName, exactValue('tokens', x.value, ctx))).join('')}`
      },
    },
    xAxis: { type: 'category', data: s.points.map((p) => p.label) },
    yAxis: { type: 'value', axisLabel: { formatter: axisValue('tokens', ctx) } },
    series: TOKEN_KINDS.map((k: TokenKind) => ({
      type: 'bar' as const,
      name: TOKEN_KIND_LABELS[k],
      stack: 'kinds',
      data: s.points.map((p) => p.tokens[k]),
    })),
  }
}

/** A tiny line for a KPI card; no axes, no tooltip (the card shows the value). */
export function sparklineOption(values: (number | null)[], color = PALETTE[0]!): EChartsOption {
  return {
    backgroundColor: 'transparent',
    animation: false,
    grid: { left: 0, right: 0, top: 2, bottom: 2 },
    xAxis: { type: 'category', show: false, data: values.map((_, i) => i) },
    yAxis: { type: 'value', show: false, scale: true },
    series: [
      {
        type: 'line',
        data: values,
        showSymbol: false,
        smooth: true,
        lineStyle: { width: 1.5, color },
        areaStyle: { opacity: 0.15, color },
      },
    ],
  }
}

/** 2–10 projects side by side on the same time edges. */
export function compareOption(
  c: CompareResult,
  metric: Metric,
  ctx: ChartContext,
  title: string,
): EChartsOption {
  return {
    ...base(title),
    legend: { type: 'scroll', top: 0 },
    tooltip: {
      trigger: 'axis',
      formatter: (params: unknown) => {
        const ps = params as { name: string; seriesName: string; value: number | null; color: string }[]
        return `<b>${escapeHtml(ps[0]?.name ?? '')}</b>${ps.map((x) => tooltipRow(x.color, x.seriesName, exactValue(metric, x.value, ctx))).join('')}`
      },
    },
    xAxis: { type: 'category', data: c.projects[0]?.points.map((p) => p.label) ?? [] },
    yAxis: { type: 'value', axisLabel: { formatter: axisValue(metric, ctx) } },
    series: c.projects.map((p) => ({
      type: 'line' as const,
      name: p.project,
      showSymbol: false,
      data: p.points.map((x) => (metric === 'cost' ? x.cost : x.tokens)),
    })),
  }
}
