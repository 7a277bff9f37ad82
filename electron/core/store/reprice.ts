import { tokenTotal } from '../../../shared/tokens'
import type { PriceBook } from '../prices/price-book'
import type { Db } from './db'
import { WRITER_SQL } from './writer-sql'
import type { StoredResponse } from './writer'
import { BUCKET_MS } from './buckets'
import { prepareSessionTotals, SessionDelta } from './session-totals'

export interface RepriceResult {
  version: string
  responses: number
  fromVersions: string[]
}

interface Row extends StoredResponse {
  id: number
  session_id: string
  model: string
}

/** Rows re-priced per transaction: memory stays bounded and a kill keeps every finished batch. */
const BATCH = 5_000

/**
 * Explicit re-pricing: recomputes the cost of every response priced with another price version
 * (after a price-data update or an edited prices.json) and moves the rollup by the difference.
 * Each batch updates its rows and their rollup deltas in one transaction, so an interrupted run
 * leaves every row either priced with the old version (and counted so) or with the new one.
 */
export function reprice(db: Db, prices: PriceBook, batch = BATCH): RepriceResult {
  const fromVersions = (
    db
      .prepare(`SELECT DISTINCT price_version AS v FROM responses WHERE price_version <> ?`)
      .all(prices.version) as {
      v: string
    }[]
  ).map((r) => r.v)
  if (fromVersions.length === 0) {
    markPriced(db, prices)
    return { version: prices.version, responses: 0, fromVersions }
  }
  const select = db.prepare(
    `SELECT r.id, r.session_id, r.ts, r.project_id, r.model_id, r.source_id, (r.agent_id IS NOT NULL OR r.is_sidechain) AS sub,
      m.name AS model, r.input, r.output, r.cache_write_5m AS cw5m, r.cache_write_1h AS cw1h, r.cache_read AS cr, r.cost
     FROM responses r JOIN models m ON m.id = r.model_id WHERE r.price_version <> ? AND r.id > ? ORDER BY r.id LIMIT ?`,
  )
  const update = db.prepare(`UPDATE responses SET cost = ?, price_version = ? WHERE id = ?`)
  const rollup = db.prepare(WRITER_SQL.rollup)
  const sessionTotals = prepareSessionTotals(db)
  const apply = db.transaction((rows: Row[]) => {
    const perSession = new SessionDelta()
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
      const cell = {
        ts: r.ts,
        projectId: r.project_id ?? 0,
        modelId: r.model_id,
        sourceId: r.source_id,
        sub: r.sub,
      }
      perSession.add(r.session_id, cell, -1, r, r.cost, false)
      perSession.add(r.session_id, cell, 1, r, cost)
    }
    perSession.write(sessionTotals)
  })
  let responses = 0
  for (let after = 0; ;) {
    const rows = select.all(prices.version, after, batch) as Row[]
    if (rows.length === 0) break
    apply(rows)
    responses += rows.length
    after = rows[rows.length - 1]!.id
  }
  markPriced(db, prices)
  return { version: prices.version, responses, fromVersions }
}

function markPriced(db: Db, prices: PriceBook): void {
  db.prepare(
    `INSERT INTO store_state (key, value) VALUES ('price_version', ?) ON CONFLICT DO UPDATE SET value = excluded.value`,
  ).run(prices.version)
}

/**
 * Re-prices only when the store was last priced with another book: `store_state.price_version`
 * (migration 010) names it, so a process start costs one key look-up, not a scan of every response.
 */
export function repriceIfStale(db: Db, prices: PriceBook): RepriceResult | null {
  const last = db.prepare(`SELECT value FROM store_state WHERE key = 'price_version'`).pluck().get()
  return last === prices.version ? null : reprice(db, prices)
}
