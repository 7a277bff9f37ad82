import { useMemo } from 'react'
import { turnTimelineOption } from '../../../shared/charts/session'
import type { SessionDetailResult, Spend } from '../../../shared/contract'
import { useQuery } from '../api/query'
import { EChart } from '../charts/EChart'
import { DataTable } from '../components/DataTable'
import { spendColumns } from '../components/spend-columns'
import { useFmt } from '../components/fmt'
import { Empty, Panel, Query } from '../components/states'

type Sub = SessionDetailResult['subagents'][number]

export function SessionDetail({ id }: { id: string }) {
  const fmt = useFmt()
  const q = useQuery('session', { id })
  const timeline = useMemo(() => q.data && turnTimelineOption(q.data, fmt.ctx, 'Turns'), [q.data, fmt.ctx])
  const spend = (label: string, s: Spend, testId: string) => (
    <div className="kpi" data-testid={testId}>
      <div className="kpi-label">{label}</div>
      <div className="kpi-value">{fmt.money(s.cost)}</div>
      <div className="muted" title={fmt.exact(s.tokens)}>
        {fmt.tokens(s.tokens)} tokens · {fmt.exact(s.responses)} responses
      </div>
    </div>
  )
  return (
    <div className="page">
      <p>
        <a href="#/sessions">← All sessions</a>
      </p>
      <Query q={q}>
        {(s) =>
          s === null ? (
            <Empty>No session with id {id} is stored.</Empty>
          ) : (
            <>
              <h1 className="session-title">{s.title ?? s.id}</h1>
              <p className="muted">
                {s.project ?? 'no project'} · {fmt.dateTime(s.firstActivity)} – {fmt.dateTime(s.lastActivity)}
                {s.gitBranch && ` · branch ${s.gitBranch}`}
                {s.versions.length > 0 && ` · Claude Code ${s.versions.join(', ')}`}
                {s.entrypoint && ` · ${s.entrypoint}`}
              </p>
              <div className="kpis">
                {spend('Whole session', s.totals.all, 'session-all')}
                {spend('Main thread', s.totals.main, 'session-main')}
                {spend('Subagents', s.totals.subagents, 'session-subagents')}
                <div className="kpi">
                  <div className="kpi-label">Turns</div>
                  <div className="kpi-value">{s.truncated?.turns ?? s.turns.length}</div>
                  <div className="muted">
                    {s.interruptions} interruptions · {s.truncated?.compactions ?? s.compactions.length}{' '}
                    compactions · {s.truncated?.apiErrors ?? s.apiErrors.length} API errors
                  </div>
                </div>
              </div>
              <div className="grid">
                <Panel title="Turn timeline" wide>
                  {timeline && <EChart option={timeline} title="Cost per turn over the session" />}
                </Panel>
                <Panel title="Tools">
                  <DataTable
                    caption="Tools used in this session"
                    rows={s.tools}
                    rowKey={(t) => t.name}
                    initialSort={{ key: 'calls', desc: true }}
                    columns={[
                      { key: 'name', label: 'Tool', render: (t) => t.name, sort: (t) => t.name },
                      {
                        key: 'calls',
                        label: 'Calls',
                        numeric: true,
                        render: (t) => fmt.exact(t.calls),
                        sort: (t) => t.calls,
                      },
                      {
                        key: 'errors',
                        label: 'Errors',
                        numeric: true,
                        render: (t) => fmt.exact(t.errors),
                        sort: (t) => t.errors,
                      },
                      {
                        key: 'avg',
                        label: 'Avg time',
                        numeric: true,
                        render: (t) => fmt.duration(t.avgMs),
                        sort: (t) => t.avgMs,
                      },
                    ]}
                  />
                </Panel>
                <Panel title="Subagents">
                  {s.subagents.length === 0 ? (
                    <p className="muted">No subagents in this session.</p>
                  ) : (
                    <DataTable<Sub>
                      caption="Subagents"
                      rows={s.subagents}
                      rowKey={(a) => a.id}
                      columns={[
                        {
                          key: 'type',
                          label: 'Type',
                          render: (a) => (
                            <span title={a.description ?? undefined}>{a.type ?? 'unknown'}</span>
                          ),
                          sort: (a) => a.type,
                        },
                        ...spendColumns<Sub>(fmt, (a) => a.spend),
                        {
                          key: 'tools',
                          label: 'Tool calls',
                          numeric: true,
                          render: (a) => fmt.exact(a.toolCalls),
                          sort: (a) => a.toolCalls,
                        },
                        {
                          key: 'd',
                          label: 'Duration',
                          numeric: true,
                          render: (a) => fmt.duration(Date.parse(a.lastAt) - Date.parse(a.firstAt)),
                        },
                      ]}
                    />
                  )}
                </Panel>
                <Panel title="Errors and compactions" wide>
                  {s.toolErrors.length + s.apiErrors.length + s.compactions.length === 0 ? (
                    <p className="muted">None.</p>
                  ) : (
                    <ul className="events">
                      {s.apiErrors.map((e, i) => (
                        <li key={`a${i}`}>
                          <b>API error</b> {fmt.dateTime(e.at)} {e.status ?? ''} {e.message}
                        </li>
                      ))}
                      {s.toolErrors.map((e, i) => (
                        <li key={`t${i}`}>
                          <b>{e.tool}</b> {fmt.dateTime(e.at)} {e.message?.slice(0, 300)}
                        </li>
                      ))}
                      {s.compactions.map((c, i) => (
                        <li key={`c${i}`}>
                          <b>Compaction</b> {fmt.dateTime(c.at)} ({c.trigger ?? 'unknown trigger'}
                          {c.preTokens !== null && `, ${fmt.exact(c.preTokens)} tokens before`})
                        </li>
                      ))}
                    </ul>
                  )}
                </Panel>
              </div>
            </>
          )
        }
      </Query>
    </div>
  )
}
