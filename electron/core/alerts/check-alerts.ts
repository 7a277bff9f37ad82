import type { Settings } from '../../../shared/contract/settings'
import { alertInputs } from '../metrics/alert-inputs'
import type { Db } from '../store/db'
import { loadAlertState, recordAlerts, saveAlertState } from './alert-store'
import { evaluateAlerts, type Alert } from './thresholds'

/** One evaluation over the store: what crossed since last time, recorded in the history, state saved. */
export function checkAlerts(db: Db, settings: Settings, now: number): Alert[] {
  const b = settings.budgets
  const any =
    b.dailyUsd !== null ||
    b.weeklyUsd !== null ||
    b.monthlyUsd !== null ||
    b.tokensPerHour !== null ||
    b.sessionUsd !== null ||
    b.loopToolCalls !== null
  if (!any) return []
  const input = alertInputs(
    db,
    { timezone: settings.timezone ?? undefined, weekStart: settings.weekStart },
    now,
  )
  const { alerts, state } = evaluateAlerts(b, input, loadAlertState(db), now)
  db.transaction(() => {
    saveAlertState(db, state)
    recordAlerts(db, alerts)
  })()
  return alerts
}
