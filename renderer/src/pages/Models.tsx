import { useMemo } from 'react'
import { rankingOption } from '../../../shared/charts/rankings'
import type { ModelRow } from '../../../shared/contract'
import { useQuery } from '../api/query'
import { EChart } from '../charts/EChart'
import { DataTable } from '../components/DataTable'
import { useFmt } from '../components/fmt'
import { Panel, Query } from '../components/states'
import { useCommonArgs } from '../state/ui'

export function Models() {
  const args = useCommonArgs()
  const fmt = useFmt()
  const q = useQuery('models', args)
  const option = useMemo(
    () =>
      q.data &&
      rankingOption(
        q.data.models.map((m) => ({
          name: m.model,
          value: m.cost,
          notes: [`${fmt.exact(m.responses)} responses`],
        })),
        'cost',
        fmt.ctx,
        'Cost by model',
      ),
    [q.data, fmt],
  )
  return (
    <div className="page">
      <Panel title="Cost by model" wide>
        <Query q={q}>
          {() =>
            option && (
              <EChart
                option={option}
                title="Cost by model"
                height={Math.max(200, (q.data?.models.length ?? 0) * 30)}
              />
            )
          }
        </Query>
      </Panel>
      <Panel title="Models" wide>
        <Query q={q}>
          {(r) => (
            <DataTable<ModelRow>
              caption="Models"
              exportAs={{ view: 'models', table: 'Models' }}
              rows={r.models}
              rowKey={(m) => m.model}
              initialSort={{ key: 'responses', desc: true }}
              columns={[
                { key: 'model', label: 'Model', render: (m) => m.model, sort: (m) => m.model },
                {
                  key: 'responses',
                  label: 'Responses',
                  numeric: true,
                  render: (m) => fmt.exact(m.responses),
                  sort: (m) => m.responses,
                },
                {
                  key: 'cost',
                  label: 'Cost',
                  numeric: true,
                  render: (m) => fmt.money(m.cost),
                  sort: (m) => m.cost,
                },
                {
                  key: 'in',
                  label: 'Avg input',
                  numeric: true,
                  render: (m) => fmt.tokens(m.avgInputTokens),
                  title: (m) => fmt.exact(m.avgInputTokens),
                  sort: (m) => m.avgInputTokens,
                },
                {
                  key: 'out',
                  label: 'Avg output',
                  numeric: true,
                  render: (m) => fmt.tokens(m.avgOutputTokens),
                  title: (m) => fmt.exact(m.avgOutputTokens),
                  sort: (m) => m.avgOutputTokens,
                },
                {
                  key: 'hit',
                  label: 'Cache hit',
                  numeric: true,
                  render: (m) => fmt.pct(m.cacheHitRate),
                  sort: (m) => m.cacheHitRate,
                },
                {
                  key: 'share',
                  label: 'Share',
                  numeric: true,
                  render: (m) => fmt.pct(m.share),
                  sort: (m) => m.share,
                },
                {
                  key: 'rt',
                  label: 'Avg response',
                  numeric: true,
                  render: (m) => fmt.duration(m.avgResponseMs),
                  sort: (m) => m.avgResponseMs,
                },
                {
                  key: 'trend',
                  label: 'Trend',
                  numeric: true,
                  render: (m) => fmt.change(m.trend.change, m.trend.note),
                  sort: (m) => m.trend.change,
                },
              ]}
            />
          )}
        </Query>
      </Panel>
    </div>
  )
}
