import type { EChartsOption } from 'echarts'
import { base, escapeHtml, exactValue, axisValue, type ChartContext, type Metric } from './common'

export interface Ranked {
  name: string
  value: number | null
  /** Extra tooltip lines, already formatted. */
  notes?: string[]
}

/** Horizontal bars, largest at the top; unknown (null) values are listed as unknown, drawn empty. */
export function rankingOption(
  items: Ranked[],
  metric: Metric | 'count',
  ctx: ChartContext,
  title: string,
): EChartsOption {
  const rows = [...items].sort((a, b) => (a.value ?? -1) - (b.value ?? -1))
  return {
    ...base(title),
    grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (params: unknown) => {
        const i = (params as { dataIndex: number }[])[0]?.dataIndex ?? 0
        const r = rows[i]!
        return `<b>${escapeHtml(r.name)}</b><div>${escapeHtml(exactValue(metric, r.value, ctx))}</div>${(r.notes ?? []).map((n) => `<div>${escapeHtml(n)}</div>`).join('')}`
      },
    },
    xAxis: { type: 'value', axisLabel: metric === 'count' ? {} : { formatter: axisValue(metric, ctx) } },
    yAxis: {
      type: 'category',
      data: rows.map((r) => r.name),
      axisLabel: { width: 180, overflow: 'truncate' },
    },
    series: [{ type: 'bar', name: title, data: rows.map((r) => r.value), barMaxWidth: 22 }],
  }
}

/** Calls and errors per tool (or agent type): two bars per row. */
export function callsErrorsOption(
  rows: { name: string; calls: number; errors: number }[],
  ctx: ChartContext,
  title: string,
): EChartsOption {
  const sorted = [...rows].sort((a, b) => a.calls - b.calls)
  return {
    ...base(title),
    legend: { top: 0 },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      valueFormatter: (v) => exactValue('count', v as number, ctx),
    },
    xAxis: { type: 'value' },
    yAxis: {
      type: 'category',
      data: sorted.map((r) => r.name),
      axisLabel: { width: 180, overflow: 'truncate' },
    },
    series: [
      { type: 'bar', name: 'Calls', data: sorted.map((r) => r.calls), barMaxWidth: 18 },
      {
        type: 'bar',
        name: 'Errors',
        data: sorted.map((r) => r.errors),
        barMaxWidth: 18,
        itemStyle: { color: '#D55E00' },
      },
    ],
  }
}
