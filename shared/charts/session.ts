import type { EChartsOption } from 'echarts'
import type { SessionDetailResult } from '../contract/results'
import { formatDuration } from '../format'
import { base, escapeHtml, exactValue, axisValue, type ChartContext } from './common'

/** A session's turns on a time axis: cost per turn as bars, each turn's duration in the tooltip. */
export function turnTimelineOption(s: SessionDetailResult, ctx: ChartContext, title: string): EChartsOption {
  return {
    ...base(title),
    tooltip: {
      trigger: 'axis',
      formatter: (params: unknown) => {
        const i = (params as { dataIndex: number }[])[0]?.dataIndex ?? 0
        const t = s.turns[i]!
        return [
          `<b>${escapeHtml(new Date(t.promptAt).toISOString().replace('T', ' ').slice(0, 19))} UTC</b>`,
          t.prompt
            ? `<div style="max-width:320px;white-space:normal">${escapeHtml(t.prompt.slice(0, 200))}</div>`
            : '',
          `<div>Cost: <b>${escapeHtml(exactValue('cost', t.spend.cost, ctx))}</b></div>`,
          `<div>Tokens: ${escapeHtml(exactValue('tokens', t.spend.tokens, ctx))}</div>`,
          `<div>Duration: ${escapeHtml(formatDuration(t.durationMs, ctx.locale))}, ${t.toolCalls} tool calls</div>`,
        ].join('')
      },
    },
    xAxis: { type: 'time' },
    yAxis: { type: 'value', axisLabel: { formatter: axisValue('cost', ctx) } },
    series: [
      {
        type: 'bar',
        name: 'Cost per turn',
        barMaxWidth: 16,
        data: s.turns.map((t) => [t.promptAt, t.spend.cost]),
      },
    ],
  }
}
