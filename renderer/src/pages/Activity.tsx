import { useMemo, useState } from 'react'
import {
  calendarOption,
  heatmapOption,
  WEEKDAY_NAMES,
  type HeatmapMetric,
} from '../../../shared/charts/activity'
import { useQuery } from '../api/query'
import { EChart } from '../charts/EChart'
import { useFmt } from '../components/fmt'
import { Panel, Query, Segmented } from '../components/states'
import { useCommonArgs } from '../state/ui'

export function Activity() {
  const args = useCommonArgs()
  const fmt = useFmt()
  const [metric, setMetric] = useState<HeatmapMetric>('responses')
  const heatmap = useQuery('heatmap', args)
  const year = useQuery('series', { ...args, range: { preset: '1y' }, groupBy: 'day', breakdownBy: 'model' })
  const option = useMemo(
    () => heatmap.data && heatmapOption(heatmap.data, metric, fmt.ctx, 'Activity by weekday and hour'),
    [heatmap.data, metric, fmt.ctx],
  )
  const cal = useMemo(
    () => year.data && calendarOption(year.data, fmt.ctx, 'Daily cost over the year'),
    [year.data, fmt.ctx],
  )
  return (
    <div className="page">
      <Panel
        title="When you work"
        wide
        actions={
          <Segmented
            label="Heatmap metric"
            value={metric}
            onChange={setMetric}
            options={
              [
                ['responses', 'Responses'],
                ['cost', 'Cost'],
                ['avgResponseMs', 'Response time'],
              ] as const
            }
          />
        }
      >
        <Query q={heatmap}>
          {(h) => (
            <>
              <p data-testid="peak">
                Peak hour: <b>{h.peakHour === null ? '—' : `${String(h.peakHour).padStart(2, '0')}:00`}</b> ·
                peak day: <b>{h.peakWeekday === null ? '—' : WEEKDAY_NAMES[h.peakWeekday - 1]}</b> (
                {h.range.timezone})
              </p>
              {option && <EChart option={option} title="Activity by weekday and hour" height={300} />}
            </>
          )}
        </Query>
      </Panel>
      <Panel title="Daily cost over the last year" wide>
        <Query q={year}>
          {() => cal && <EChart option={cal} title="Daily cost over the year" height={200} />}
        </Query>
      </Panel>
    </div>
  )
}
