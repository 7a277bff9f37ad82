import type { Delta } from '../../../shared/contract'
import { sparklineOption } from '../../../shared/charts/time-series'
import { EChart } from '../charts/EChart'
import { useFmt } from './fmt'

/** A KPI card: the value, its change vs the previous period, and an optional sparkline. */
export function Kpi({
  label,
  delta,
  format,
  exact,
  spark,
  testId,
  invert,
}: {
  label: string
  delta: Delta
  format: (v: number | null) => string
  exact?: (v: number | null) => string
  spark?: (number | null)[]
  testId: string
  /** A rise is bad (cost): colour it as a warning. */
  invert?: boolean
}) {
  const fmt = useFmt()
  const up = (delta.change ?? 0) > 0
  const tone = delta.change === null || delta.change === 0 ? '' : up !== Boolean(invert) ? 'good' : 'bad'
  return (
    <div className="kpi" data-testid={testId}>
      <div className="kpi-label">{label}</div>
      <div className="kpi-value" title={exact ? exact(delta.value) : undefined}>
        {format(delta.value)}
      </div>
      <div
        className={`kpi-change ${tone}`}
        title={delta.previous === null ? undefined : `previous period: ${format(delta.previous)}`}
      >
        {fmt.change(delta.change, delta.note)}
        {delta.change !== null && <span className="muted"> vs previous period</span>}
      </div>
      {spark && spark.length > 1 && (
        <EChart option={sparklineOption(spark)} title={`${label} trend`} height={36} />
      )}
    </div>
  )
}
