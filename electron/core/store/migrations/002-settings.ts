import type { Migration } from './types'

/** User settings as JSON values by key (see shared/contract/settings.ts). */
export const m002Settings: Migration = {
  version: 2,
  name: 'settings',
  sql: `CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);`,
}
