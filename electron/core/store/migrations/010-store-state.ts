import type { Migration } from './types'

/**
 * Facts about the store as a whole, by key. `price_version`: the price book the store was last
 * re-priced with, so the automatic re-pricing before a book's first pass (store/reprice.ts) skips
 * its scan of every response when nothing changed.
 */
export const m010StoreState: Migration = {
  version: 10,
  name: 'store-state',
  sql: `CREATE TABLE IF NOT EXISTS store_state (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;`,
}
