import { useMemo, useState } from 'react'
import { stackedOption, stackedValues, tokenKindsOption } from '../../../shared/charts/time-series'
import type { Metric } from '../../../shared/charts/common'
import type { SeriesResult } from '../../../shared/contract'
import { useQuery } from '../api/query'
import { EChart } from '../charts/EChart'
import { DataTable, type Column } from '../components/DataTable'
import { useFmt } from '../components/fmt'
import { Panel, Query, Segmented } from '../components/states'
import { useCommonArgs, useUi } from '../state/ui'
import { hourGroupsFit } from './auto-group'

type Row = { label: string; values: (number | null)[]; total: number | null; unpriced: number }

/** The table under the chart: exactly the stacked numbers, one row per period. */
function tableRows(s: SeriesResult, metric: Metric): { names: string[]; rows: Row[] } {
  const { names, data } = stackedValues(s, metric)
  return {
    names,
    rows: s.points.map((p, i) => ({
      label: p.label,
      values: data.map((d) => d[i]!),
      total: metric === 'cost' ? p.cost : Object.values(p.tokens).reduce((a, b) => a + b, 0),
      unpriced: p.unpricedTokens,
    })),
  }
}

export function CostTokens() {
  const args = useCommonArgs()
  const { groupBy: chosen, breakdownBy, set } = useUi()
  // Hour groups over a long range are more points than the server answers: days instead, and say why.
  const hourFits = hourGroupsFit(args.range)
  const groupBy = chosen === 'hour' && !hourFits ? 'day' : chosen
  const [metric, setMetric] = useState<Metric>('cost')
  const fmt = useFmt()
  const series = useQuery('series', { ...args, groupBy, breakdownBy })
  const option = useMemo(
    () =>
      series.data &&
      stackedOption(
        series.data,
        metric,
        fmt.ctx,
        `${metric === 'cost' ? 'Cost' : 'Tokens'} by ${breakdownBy}`,
      ),
    [series.data, metric, fmt.ctx, breakdownBy],
  )
  const kinds = useMemo(
    () => series.data && tokenKindsOption(series.data, fmt.ctx, 'Token kinds'),
    [series.data, fmt.ctx],
  )
  const table = useMemo(() => series.data && tableRows(series.data, metric), [series.data, metric])
  const value = (v: number | null) => (metric === 'cost' ? fmt.money(v) : fmt.tokens(v))
  const columns: Column<Row>[] = table
    ? [
        {
          key: 'period',
          label: 'Period',
          render: (r) => <span className="nowrap">{r.label}</span>,
          sort: (r) => r.label,
        },
        ...table.names.map((n, i) => ({
          key: `k${i}`,
          label: n,
          numeric: true,
          render: (r: Row) => (r.values[i] === 0 ? '—' : value(r.values[i] ?? null)),
          title: (r: Row) =>
            metric === 'cost' ? fmt.money(r.values[i] ?? null) : fmt.exact(r.values[i] ?? null),
          sort: (r: Row) => r.values[i] ?? null,
        })),
        {
          key: 'total',
          label: 'Total',
          numeric: true,
          render: (r) => <b>{value(r.total)}</b>,
          title: (r) => fmt.exact(r.total),
          sort: (r) => r.total,
        },
        {
          key: 'unpriced',
          label: 'Unpriced tokens',
          numeric: true,
          render: (r) => (r.unpriced ? <span className="warn">{fmt.tokens(r.unpriced)}</span> : '—'),
          title: (r) => fmt.exact(r.unpriced),
          sort: (r) => r.unpriced,
        },
      ]
    : []
  return (
    <div className="page">
      <div className="controls">
        <Segmented
          label="Metric"
          value={metric}
          onChange={setMetric}
          options={
            [
              ['cost', 'Cost'],
              ['tokens', 'Tokens'],
            ] as const
          }
        />
        <Segmented
          label="Group by"
          value={groupBy}
          onChange={(g) => set({ groupBy: g })}
          disabled={hourFits ? {} : { hour: 'Hour groups cover at most 125 days: pick a shorter range' }}
          options={
            [
              ['hour', 'Hour'],
              ['day', 'Day'],
              ['week', 'Week'],
              ['month', 'Month'],
            ] as const
          }
        />
        <Segmented
          label="Stack by"
          value={breakdownBy}
          onChange={(b) => set({ breakdownBy: b })}
          options={
            [
              ['model', 'Model'],
              ['project', 'Project'],
            ] as const
          }
        />
      </div>
      <Panel title={`${metric === 'cost' ? 'Cost' : 'Tokens'} over time, by ${breakdownBy}`} wide>
        <Query q={series}>
          {() => option && <EChart option={option} title={`${metric} by ${breakdownBy}`} height={360} />}
        </Query>
      </Panel>
      <Panel title="Token kinds" wide>
        <Query q={series}>{() => kinds && <EChart option={kinds} title="Token kinds over time" />}</Query>
      </Panel>
      <Panel title="The numbers in the chart" wide>
        <Query q={series}>
          {() =>
            table && (
              <DataTable
                caption="Per period, per stacked key"
                exportAs={{ view: 'cost', table: `Cost and tokens per ${groupBy}` }}
                rows={table.rows.filter((r) => r.total !== 0 || r.unpriced > 0)}
                columns={columns}
                rowKey={(r) => r.label}
              />
            )
          }
        </Query>
      </Panel>
    </div>
  )
}
