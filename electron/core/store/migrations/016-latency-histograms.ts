import { LATENCY_BACKFILL_KEY } from '../latency-backfill'
import { LATENCY_TABLES } from '../latency-sql'
import type { Migration } from './types'

/**
 * Response-time histograms per UTC hour (`latency_1h`, store/latency-sql.ts), so percentiles over
 * months read a few rows per hour instead of every turn and tool call. The counting runs in JS (the
 * buckets are computed there): this creates the tables and leaves a `store_state` mark that the open
 * turns into `backfillLatency` (store/latency-backfill.ts), which may run in chunks of hours. Derived
 * data: running this again counts it again.
 */
export const m016LatencyHistograms: Migration = {
  version: 16,
  name: 'latency-histograms',
  sql: `${LATENCY_TABLES}
DELETE FROM latency_1h;
DELETE FROM latency_orphans;
INSERT OR REPLACE INTO store_state (key, value) VALUES ('${LATENCY_BACKFILL_KEY}', 'pending');`,
}
