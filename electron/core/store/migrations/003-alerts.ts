import type { Migration } from './types'

/** Threshold alerts raised (the in-app history) and the evaluator's state (what fired, snooze). */
export const m003Alerts: Migration = {
  version: 3,
  name: 'alerts',
  sql: `CREATE TABLE alerts (
  id INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  key TEXT NOT NULL,
  rule TEXT NOT NULL,
  level TEXT NOT NULL,
  title TEXT NOT NULL,
  body TEXT NOT NULL,
  value REAL NOT NULL,
  limit_value REAL NOT NULL,
  route TEXT NOT NULL,
  snoozed INTEGER NOT NULL
);
CREATE TABLE alert_state (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  value TEXT NOT NULL
);`,
}
