import { useMemo } from 'react'
import { callsErrorsOption } from '../../../shared/charts/rankings'
import type { AgentsResult, ToolsResult } from '../../../shared/contract'
import { useQuery } from '../api/query'
import { EChart } from '../charts/EChart'
import { DataTable } from '../components/DataTable'
import { spendColumns } from '../components/spend-columns'
import { useFmt } from '../components/fmt'
import { Panel, Query } from '../components/states'
import { useCommonArgs } from '../state/ui'
import { autoGroupBy } from './auto-group'

type Agent = AgentsResult['agents'][number]
type TopError = ToolsResult['topErrors'][number]

export function AgentsTools() {
  const args = useCommonArgs()
  const fmt = useFmt()
  const agents = useQuery('agents', args)
  const tools = useQuery('tools', { ...args, groupBy: autoGroupBy(args.range) })
  const toolsOption = useMemo(
    () => tools.data && callsErrorsOption(tools.data.tools.slice(0, 20), fmt.ctx, 'Tool calls and errors'),
    [tools.data, fmt.ctx],
  )
  return (
    <div className="page">
      <div className="grid">
        <Panel title="Subagent types" wide>
          <Query q={agents}>
            {(r) => (
              <DataTable<Agent>
                caption="Subagent types"
                exportAs={{ view: 'agents', table: 'Subagent types' }}
                rows={r.agents}
                rowKey={(a) => a.type}
                initialSort={{ key: 'runs', desc: true }}
                columns={[
                  { key: 'type', label: 'Type', render: (a) => a.type, sort: (a) => a.type },
                  {
                    key: 'runs',
                    label: 'Runs',
                    numeric: true,
                    render: (a) => fmt.exact(a.runs),
                    sort: (a) => a.runs,
                  },
                  ...spendColumns<Agent>(fmt, (a) => a.spend),
                  {
                    key: 'd',
                    label: 'Avg duration',
                    numeric: true,
                    render: (a) => fmt.duration(a.avgDurationMs),
                    sort: (a) => a.avgDurationMs,
                  },
                  {
                    key: 'tools',
                    label: 'Tool calls',
                    numeric: true,
                    render: (a) => fmt.exact(a.toolCalls),
                    sort: (a) => a.toolCalls,
                  },
                  {
                    key: 'err',
                    label: 'Error rate',
                    numeric: true,
                    render: (a) => fmt.pct(a.errorRate),
                    sort: (a) => a.errorRate,
                  },
                ]}
              />
            )}
          </Query>
        </Panel>
        <Panel title="Tool mix">
          <Query q={tools}>
            {(t) =>
              toolsOption && (
                <EChart
                  option={toolsOption}
                  title="Tool calls and errors"
                  height={Math.max(220, Math.min(20, t.tools.length) * 26)}
                />
              )
            }
          </Query>
        </Panel>
        <Panel title="Outcomes">
          <Query q={tools}>
            {(t) => (
              <dl className="facts" data-testid="outcomes">
                <dt>Sessions that ended normally</dt>
                <dd>{fmt.exact(t.outcomes.endedNormally)}</dd>
                <dt>Ended interrupted</dt>
                <dd>{fmt.exact(t.outcomes.interrupted)}</dd>
                <dt>Ended on an API error</dt>
                <dd>{fmt.exact(t.outcomes.apiError)}</dd>
                <dt>No reply</dt>
                <dd>{fmt.exact(t.outcomes.noReply)}</dd>
                <dt>Interruptions</dt>
                <dd>{fmt.exact(t.interruptions)}</dd>
                <dt>API errors</dt>
                <dd>{fmt.exact(t.apiErrors)}</dd>
              </dl>
            )}
          </Query>
        </Panel>
        <Panel title="Tools" wide>
          <Query q={tools}>
            {(t) => (
              <DataTable
                caption="Tools"
                exportAs={{ view: 'tools', table: 'Tools' }}
                rows={t.tools}
                rowKey={(x) => x.name}
                initialSort={{ key: 'calls', desc: true }}
                columns={[
                  { key: 'name', label: 'Tool', render: (x) => x.name, sort: (x) => x.name },
                  {
                    key: 'calls',
                    label: 'Calls',
                    numeric: true,
                    render: (x) => fmt.exact(x.calls),
                    sort: (x) => x.calls,
                  },
                  {
                    key: 'errors',
                    label: 'Errors',
                    numeric: true,
                    render: (x) => fmt.exact(x.errors),
                    sort: (x) => x.errors,
                  },
                  {
                    key: 'rate',
                    label: 'Error rate',
                    numeric: true,
                    render: (x) => fmt.pct(x.errorRate),
                    sort: (x) => x.errorRate,
                  },
                ]}
              />
            )}
          </Query>
        </Panel>
        <Panel title="Most frequent errors" wide>
          <Query q={tools}>
            {(t) => (
              <DataTable<TopError>
                caption="Most frequent errors"
                exportAs={{ view: 'tools', table: 'Most frequent errors' }}
                rows={t.topErrors}
                rowKey={(e) => e.message}
                columns={[
                  {
                    key: 'count',
                    label: 'Count',
                    numeric: true,
                    render: (e) => fmt.exact(e.count),
                    sort: (e) => e.count,
                  },
                  { key: 'tools', label: 'Tools', render: (e) => e.tools.join(', ') },
                  { key: 'msg', label: 'Message', render: (e) => <span className="clip">{e.message}</span> },
                ]}
              />
            )}
          </Query>
        </Panel>
      </div>
    </div>
  )
}
