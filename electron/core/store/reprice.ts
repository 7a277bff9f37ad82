import { tokenTotal } from '../../../shared/tokens'
import type { PriceBook } from '../prices/price-book'
import type { Db } from './db'
import { WRITER_SQL } from './writer-sql'
import type { StoredResponse } from './writer'
import { BUCKET_MS } from './buckets'

export interface RepriceResult {
  version: string
  responses: number
  fromVersions: string[]
}

interface Row extends StoredResponse {
  id: number
  model: string
}

/**
 * Explicit re-pricing: recomputes the cost of every response priced with another price version
 * (after a price-data update or an edited prices.json) and moves the rollup by the difference.
 */
export function reprice(db: Db, prices: PriceBook): RepriceResult {
  const fromVersions = (
    db
      .prepare(`SELECT DISTINCT price_version AS v FROM responses WHERE price_version <> ?`)
      .all(prices.version) as {
      v: string
    }[]
  ).map((r) => r.v)
  if (fromVersions.length === 0) return { version: prices.version, responses: 0, fromVersions }
  const rows = db
    .prepare(
      `SELECT r.id, r.ts, r.project_id, r.model_id, r.source_id, (r.agent_id IS NOT NULL OR r.is_sidechain) AS sub,
        m.name AS model, r.input, r.output, r.cache_write_5m AS cw5m, r.cache_write_1h AS cw1h, r.cache_read AS cr, r.cost
       FROM responses r JOIN models m ON m.id = r.model_id WHERE r.price_version <> ?`,
    )
    .all(prices.version) as Row[]
  const update = db.prepare(`UPDATE responses SET cost = ?, price_version = ? WHERE id = ?`)
  const rollup = db.prepare(WRITER_SQL.rollup)
  db.transaction(() => {
    for (const r of rows) {
      const t = {
        input: r.input,
        output: r.output,
        cacheWrite5m: r.cw5m,
        cacheWrite1h: r.cw1h,
        cacheRead: r.cr,
      }
      const cost = prices.cost(t, r.model, r.ts)
      update.run(cost, prices.version, r.id)
      const total = tokenTotal(t)
      // Cost and unpriced counters move; tokens and response counts stay.
      const unpricedBefore = r.cost === null ? 1 : 0
      const unpricedAfter = cost === null ? 1 : 0
      rollup.run(
        Math.floor(r.ts / BUCKET_MS),
        r.project_id,
        r.model_id,
        r.source_id,
        r.sub,
        0,
        0,
        0,
        0,
        0,
        (cost ?? 0) - (r.cost ?? 0),
        (unpricedAfter - unpricedBefore) * total,
        unpricedAfter - unpricedBefore,
        0,
      )
    }
  })()
  return { version: prices.version, responses: rows.length, fromVersions }
}
