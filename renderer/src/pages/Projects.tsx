import { useMemo, useState } from 'react'
import { compareOption } from '../../../shared/charts/time-series'
import { rankingOption } from '../../../shared/charts/rankings'
import type { ProjectRow } from '../../../shared/contract'
import { useQuery } from '../api/query'
import { EChart } from '../charts/EChart'
import { DataTable } from '../components/DataTable'
import { useFmt } from '../components/fmt'
import { Panel, Query, Segmented } from '../components/states'
import { useCommonArgs } from '../state/ui'
import { autoGroupBy } from './auto-group'

export function Projects() {
  const args = useCommonArgs()
  const fmt = useFmt()
  const q = useQuery('projects', args)
  const [picked, setPicked] = useState<string[]>([])
  const [metric, setMetric] = useState<'cost' | 'tokens'>('cost')
  const cmp = useQuery(
    'compare',
    picked.length >= 2 ? { ...args, groupBy: autoGroupBy(args.range), projects: picked } : null,
  )
  const ranking = useMemo(
    () =>
      q.data &&
      rankingOption(
        q.data.projects.slice(0, 15).map((p) => ({ name: p.name, value: p.cost, notes: [p.path] })),
        'cost',
        fmt.ctx,
        'Cost by project',
      ),
    [q.data, fmt],
  )
  const cmpOption = useMemo(
    () => cmp.data && compareOption(cmp.data, metric, fmt.ctx, 'Project comparison'),
    [cmp.data, metric, fmt.ctx],
  )
  const toggle = (path: string) =>
    setPicked((xs) =>
      xs.includes(path) ? xs.filter((x) => x !== path) : xs.length >= 10 ? xs : [...xs, path],
    )
  return (
    <div className="page">
      <Panel title="Cost by project" wide>
        <Query q={q}>
          {() =>
            ranking && (
              <EChart
                option={ranking}
                title="Cost by project"
                height={Math.max(200, Math.min(15, q.data?.projects.length ?? 0) * 28)}
              />
            )
          }
        </Query>
      </Panel>
      <Panel
        title="Compare projects"
        wide
        actions={
          <Segmented
            label="Comparison metric"
            value={metric}
            onChange={setMetric}
            options={
              [
                ['cost', 'Cost'],
                ['tokens', 'Tokens'],
              ] as const
            }
          />
        }
      >
        {picked.length < 2 ? (
          <p className="muted">Tick 2–10 projects in the table below to compare them side by side.</p>
        ) : (
          <Query q={cmp}>{() => cmpOption && <EChart option={cmpOption} title="Project comparison" />}</Query>
        )}
      </Panel>
      <Panel title="Projects" wide>
        <Query q={q}>
          {(r) => (
            <DataTable<ProjectRow>
              caption="Projects"
              exportAs={{ view: 'projects', table: 'Projects' }}
              rows={r.projects}
              rowKey={(p) => p.path}
              columns={[
                {
                  key: 'pick',
                  label: 'Compare',
                  render: (p) => (
                    <input
                      type="checkbox"
                      aria-label={`Compare ${p.name}`}
                      checked={picked.includes(p.path)}
                      onChange={() => toggle(p.path)}
                      disabled={!picked.includes(p.path) && picked.length >= 10}
                    />
                  ),
                },
                {
                  key: 'name',
                  label: 'Project',
                  render: (p) => <span title={p.path}>{p.name}</span>,
                  sort: (p) => p.name,
                },
                {
                  key: 'cost',
                  label: 'Cost',
                  numeric: true,
                  render: (p) => fmt.money(p.cost),
                  sort: (p) => p.cost,
                },
                {
                  key: 'tokens',
                  label: 'Tokens',
                  numeric: true,
                  render: (p) => fmt.tokens(p.tokens),
                  title: (p) => fmt.exact(p.tokens),
                  sort: (p) => p.tokens,
                },
                {
                  key: 'unpriced',
                  label: 'Unpriced tokens',
                  numeric: true,
                  render: (p) => (p.unpricedTokens ? fmt.tokens(p.unpricedTokens) : '—'),
                  sort: (p) => p.unpricedTokens,
                },
                {
                  key: 'responses',
                  label: 'Responses',
                  numeric: true,
                  render: (p) => fmt.exact(p.responses),
                  sort: (p) => p.responses,
                },
                {
                  key: 'sessions',
                  label: 'Sessions',
                  numeric: true,
                  render: (p) => fmt.exact(p.sessions),
                  sort: (p) => p.sessions,
                },
                {
                  key: 'last',
                  label: 'Last active',
                  render: (p) => (p.lastActive ? fmt.dateTime(p.lastActive) : '—'),
                  sort: (p) => p.lastActive,
                },
              ]}
            />
          )}
        </Query>
      </Panel>
    </div>
  )
}
