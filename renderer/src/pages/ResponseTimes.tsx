import { useMemo } from 'react'
import { distributionOption, percentilesOption } from '../../../shared/charts/timing'
import type { ResponseTimesResult } from '../../../shared/contract'
import { useQuery } from '../api/query'
import { EChart } from '../charts/EChart'
import { DataTable } from '../components/DataTable'
import { useFmt } from '../components/fmt'
import { Panel, Query } from '../components/states'
import { navigate } from '../state/router'
import { useCommonArgs } from '../state/ui'
import { autoGroupBy } from './auto-group'

type Slow = ResponseTimesResult['slowestTurns'][number]

const percent = (x: number): string => `${+(x * 100).toFixed(2)} %`
/** The percentiles come from per-hour histograms (ARCHITECTURE.md, Response times). */
const estimateNote = (r: ResponseTimesResult): string =>
  `Estimate: within ±${percent(r.estimate.relativeError)} of the exact value (from per-hour histograms)`

export function ResponseTimes() {
  const args = useCommonArgs()
  const fmt = useFmt()
  const rt = useQuery('responseTimes', { ...args, groupBy: autoGroupBy(args.range) })
  const dist = useMemo(
    () => rt.data && distributionOption(rt.data, fmt.ctx, 'Distribution of response times'),
    [rt.data, fmt.ctx],
  )
  const over = useMemo(
    () => rt.data && percentilesOption(rt.data, fmt.ctx, 'Turn time percentiles over time'),
    [rt.data, fmt.ctx],
  )
  return (
    <div className="page">
      <Query q={rt}>
        {(r) => (
          <>
            <div className="kpis">
              {(['p50', 'p90', 'p95', 'p99'] as const).map((k) => (
                <div className="kpi" key={k} data-testid={`turn-${k}`} title={estimateNote(r)}>
                  <div className="kpi-label">
                    Turn {k} <abbr aria-label="estimate">≈</abbr>
                  </div>
                  <div className="kpi-value">{fmt.duration(r.turns[k])}</div>
                  <div className="muted">tools: {fmt.duration(r.tools[k])}</div>
                </div>
              ))}
            </div>
            <p className="muted">
              {fmt.exact(r.turns.count)} timed turns (human prompt → end of the turn),{' '}
              {fmt.exact(r.turns.fromTurnDuration)} of them from Claude Code&apos;s own turn duration;{' '}
              {fmt.exact(r.tools.count)} tool calls. Percentiles are estimates within ±
              {percent(r.estimate.relativeError)} of the exact value; counts and means are exact.
            </p>
          </>
        )}
      </Query>
      <div className="grid">
        <Panel title="Distribution">
          <Query q={rt}>
            {() => dist && <EChart option={dist} title="Distribution of response times" />}
          </Query>
        </Panel>
        <Panel title="Percentiles over time">
          <Query q={rt}>
            {() => over && <EChart option={over} title="Turn time percentiles over time" />}
          </Query>
        </Panel>
        <Panel title="Slowest turns" wide>
          <Query q={rt}>
            {(r) => (
              <DataTable<Slow>
                caption="Slowest turns"
                exportAs={{ view: 'response-times', table: 'Slowest turns' }}
                rows={r.slowestTurns}
                rowKey={(t) => `${t.sessionId}-${t.promptAt}`}
                onRowClick={(t) => navigate('session', t.sessionId)}
                columns={[
                  {
                    key: 'at',
                    label: 'Prompt at',
                    render: (t) => fmt.dateTime(t.promptAt),
                    sort: (t) => t.promptAt,
                  },
                  {
                    key: 'd',
                    label: 'Duration',
                    numeric: true,
                    render: (t) => fmt.duration(t.durationMs),
                    sort: (t) => t.durationMs,
                  },
                  {
                    key: 's',
                    label: 'Session',
                    render: (t) => (
                      <a href={`#/session/${encodeURIComponent(t.sessionId)}`}>{t.sessionId.slice(0, 8)}</a>
                    ),
                  },
                ]}
              />
            )}
          </Query>
        </Panel>
      </div>
    </div>
  )
}
