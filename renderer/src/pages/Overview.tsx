import { useMemo } from 'react'
import { rankingOption } from '../../../shared/charts/rankings'
import { stackedOption } from '../../../shared/charts/time-series'
import type { SeriesPoint } from '../../../shared/contract'
import { cacheHitRate } from '../../../shared/tokens'
import { useQuery } from '../api/query'
import { EChart } from '../charts/EChart'
import { useFmt } from '../components/fmt'
import { Kpi } from '../components/Kpi'
import { Panel, Query } from '../components/states'
import { navigate } from '../state/router'
import { useCommonArgs, useUi } from '../state/ui'
import { autoGroupBy } from './auto-group'

/** The summary's cache hit rate, per point. */
function hitRate({ tokens: t }: SeriesPoint): number | null {
  return cacheHitRate(t.cacheRead, t.input + t.cacheWrite5m + t.cacheWrite1h)
}

export function Overview() {
  const args = useCommonArgs()
  const fmt = useFmt()
  const plan = useQuery('settings', {}).data?.settings.planMonthlyUsd ?? undefined
  const groupBy = autoGroupBy(args.range)
  const summary = useQuery('summary', args)
  const series = useQuery('series', { ...args, groupBy, breakdownBy: 'model' })
  const projects = useQuery('projects', args)
  const forecast = useQuery('forecast', {
    timezone: args.timezone,
    ...(plan ? { planMonthlyUsd: plan } : {}),
  })
  const currency = useUi((s) => s.currency)
  // Sessions and prompts per period (two sparklines) are asked for last, so the numbers draw first.
  const activity = useQuery('series', { ...args, groupBy, breakdownBy: 'model', withActivity: true })
  const act = activity.data?.points ?? []

  const costOption = useMemo(
    () => series.data && stackedOption(series.data, 'cost', fmt.ctx, 'Cost by model'),
    [series.data, fmt.ctx],
  )
  const projectsOption = useMemo(
    () =>
      projects.data &&
      rankingOption(
        projects.data.projects.slice(0, 8).map((p) => ({
          name: p.name,
          value: p.cost,
          notes: [`${fmt.exact(p.tokens)} tokens`, `${p.sessions} sessions`],
        })),
        'cost',
        fmt.ctx,
        'Top projects by cost',
      ),
    [projects.data, fmt],
  )
  const pts = series.data?.points ?? []
  return (
    <div className="page">
      <Query q={summary}>
        {(s) => (
          <div className="kpis">
            <Kpi
              testId="kpi-cost"
              label="Cost"
              delta={s.cost}
              format={fmt.money}
              spark={pts.map((p) => p.cost)}
              invert
            />
            <Kpi
              testId="kpi-tokens"
              label="Tokens"
              delta={s.tokens.total}
              format={fmt.tokens}
              exact={fmt.exact}
              spark={pts.map((p) => Object.values(p.tokens).reduce((a, b) => a + b, 0))}
            />
            <Kpi
              testId="kpi-sessions"
              label="Sessions"
              delta={s.sessions}
              format={fmt.exact}
              spark={act.map((p) => p.sessions ?? null)}
            />
            <Kpi
              testId="kpi-prompts"
              label="Prompts"
              delta={s.prompts}
              format={fmt.exact}
              spark={act.map((p) => p.prompts ?? null)}
            />
            <Kpi
              testId="kpi-cache"
              label="Cache hit rate"
              delta={s.cacheHitRate}
              format={fmt.pct}
              spark={pts.map(hitRate)}
            />
          </div>
        )}
      </Query>
      {(summary.data?.unpricedTokens.value ?? 0) > 0 && (
        <p className="note" data-testid="unpriced-note">
          {fmt.exact(summary.data!.unpricedTokens.value)} tokens in this range are from models without a known
          price: they are counted, and their cost is shown as unknown.
        </p>
      )}
      <div className="grid">
        <Panel title="Cost over time, by model" wide>
          <Query q={series}>
            {() => costOption && <EChart option={costOption} title="Cost over time, by model" />}
          </Query>
        </Panel>
        <Panel title="Top projects" actions={<a href="#/projects">All projects</a>}>
          <Query q={projects}>
            {() =>
              projectsOption && <EChart option={projectsOption} title="Top projects by cost" height={280} />
            }
          </Query>
        </Panel>
        <Panel title="This month">
          <Query q={forecast}>
            {(f) => (
              <dl className="facts" data-testid="forecast">
                <dt>Spent so far ({f.month.label})</dt>
                <dd>{fmt.money(f.month.costToDate)}</dd>
                <dt>Projected month end</dt>
                <dd title={f.month.method}>{fmt.money(f.month.projected)}</dd>
                <dt>Days</dt>
                <dd>
                  {f.month.daysElapsed.toFixed(1)} of {f.month.daysInMonth}
                </dd>
                {f.plan ? (
                  <>
                    <dt>Plan value</dt>
                    <dd>
                      {fmt.money(f.plan.apiEquivalentUsd)} at API prices for a {fmt.money(f.plan.monthlyUsd)}{' '}
                      plan
                      {f.plan.ratio !== null && ` (${f.plan.ratio.toFixed(1)}×)`}
                    </dd>
                  </>
                ) : (
                  <>
                    <dt>Plan value</dt>
                    <dd>
                      <a href="#/settings">Set your plan price</a> to compare
                    </dd>
                  </>
                )}
              </dl>
            )}
          </Query>
        </Panel>
        <Panel title="Current 5-hour block">
          <Query q={forecast}>
            {(f) =>
              f.block ? (
                <dl className="facts" data-testid="block">
                  <dt>Window</dt>
                  <dd>
                    {fmt.dateTime(f.block.start)} – {fmt.dateTime(f.block.end)}
                  </dd>
                  <dt>Spent</dt>
                  <dd>
                    {fmt.money(f.block.cost)} ·{' '}
                    <span title={fmt.exact(f.block.tokens)}>{fmt.tokens(f.block.tokens)} tokens</span>
                  </dd>
                  <dt>Burn rate</dt>
                  <dd>
                    {f.block.burnPerHour === null ? 'unknown' : `${fmt.money(f.block.burnPerHour)} / hour`}
                  </dd>
                  <dt>Projected for the block</dt>
                  <dd>{fmt.money(f.block.projectedCost)}</dd>
                </dl>
              ) : (
                <p className="muted">No activity in the last 5 hours.</p>
              )
            }
          </Query>
        </Panel>
      </div>
      {summary.data?.mostActiveProject && (
        <p className="muted">
          Most active project:{' '}
          <a href="#/projects" onClick={(e) => (e.preventDefault(), navigate('projects'))}>
            {summary.data.mostActiveProject.name}
          </a>{' '}
          · most used model: {summary.data.mostUsedModel?.name ?? '—'} · amounts in {currency.code}
        </p>
      )}
    </div>
  )
}
