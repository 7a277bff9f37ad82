import type { AlertsResult } from '../../../shared/contract/results'
import type { Db } from '../store/db'
import { EMPTY_ALERT_STATE, type Alert, type AlertState } from './thresholds'

/** SQL for alerts: the history the app lists and the evaluator's state. */
export function loadAlertState(db: Db): AlertState {
  const row = db.prepare(`SELECT value FROM alert_state WHERE id = 1`).get() as { value: string } | undefined
  if (!row) return EMPTY_ALERT_STATE
  try {
    const v = JSON.parse(row.value) as AlertState
    return { fired: v.fired ?? {}, snoozedUntil: v.snoozedUntil ?? null }
  } catch {
    return EMPTY_ALERT_STATE
  }
}

export function saveAlertState(db: Db, state: AlertState): void {
  db.prepare(
    `INSERT INTO alert_state (id, value) VALUES (1, ?) ON CONFLICT(id) DO UPDATE SET value = excluded.value`,
  ).run(JSON.stringify(state))
}

export function recordAlerts(db: Db, alerts: Alert[]): void {
  const put = db.prepare(
    `INSERT INTO alerts (at, key, rule, level, title, body, value, limit_value, route, snoozed) VALUES (?,?,?,?,?,?,?,?,?,?)`,
  )
  db.transaction(() => {
    for (const a of alerts)
      put.run(
        Date.parse(a.at),
        a.key,
        a.rule,
        a.level,
        a.title,
        a.body,
        a.value,
        a.limit,
        a.route,
        a.snoozed ? 1 : 0,
      )
  })()
}

/** The newest alerts first, and the snooze in force at `now` (null when none). */
export function listAlerts(db: Db, limit: number, now: number): AlertsResult {
  const rows = db
    .prepare(
      `SELECT at, key, rule, level, title, body, value, limit_value, route, snoozed FROM alerts ORDER BY id DESC LIMIT ?`,
    )
    .all(limit) as (Omit<Alert, 'at' | 'snoozed' | 'limit'> & {
    at: number
    limit_value: number
    snoozed: number
  })[]
  const { snoozedUntil } = loadAlertState(db)
  return {
    alerts: rows.map(({ at, limit_value, snoozed, ...a }) => ({
      ...a,
      at: new Date(at).toISOString(),
      limit: limit_value,
      snoozed: snoozed === 1,
    })),
    snoozedUntil: snoozedUntil === null || snoozedUntil <= now ? null : new Date(snoozedUntil).toISOString(),
  }
}
