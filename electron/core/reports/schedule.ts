import { groupEdges, groupLabel } from '../metrics/range'

export type ReportPeriod = 'daily' | 'weekly' | 'monthly'

export interface DueReport {
  period: ReportPeriod
  /** The period's label: its first local day (YYYY-MM-DD) or month (YYYY-MM). */
  label: string
  /** [start, end) of the period, ISO instants. */
  start: string
  end: string
}

const UNIT = { daily: 'day', weekly: 'week', monthly: 'month' } as const

/**
 * Scheduled reports cover the last completed local period: yesterday, last week (from the week start),
 * last month. One is due when that period's report has not been written yet, which also catches up
 * after the app was closed over a period edge (only the latest completed period is written).
 */
export function dueReports(
  enabled: Record<ReportPeriod, boolean>,
  written: Partial<Record<ReportPeriod, string>>,
  now: number,
  timezone: string,
  weekStart: number,
): DueReport[] {
  const out: DueReport[] = []
  for (const period of ['daily', 'weekly', 'monthly'] as const) {
    if (!enabled[period]) continue
    const unit = UNIT[period]
    const current = groupEdges(now, now, unit, timezone, weekStart)[0]!
    const start = groupEdges(current - 1, current - 1, unit, timezone, weekStart)[0]!
    const label = groupLabel(start, unit === 'month' ? 'month' : 'day', timezone)
    if (written[period] === label) continue
    out.push({ period, label, start: new Date(start).toISOString(), end: new Date(current).toISOString() })
  }
  return out
}
