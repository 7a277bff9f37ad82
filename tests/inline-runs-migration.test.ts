import { rebuildLatency } from '../electron/core/store/latency-backfill'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { m009InlineSidechainRuns } from '../electron/core/store/migrations/009-inline-sidechain-runs'
import { recount } from './helpers/recount'
import { copyFixtures, rollupTotals, totals, useTempStore, type TestStore } from './helpers/store'

let dir: string
let store: TestStore
useTempStore((d, s) => {
  dir = d
  store = s
})

const attribution = (s: TestStore) => ({
  responses: s.db
    .prepare(`SELECT key, agent_id, is_sidechain FROM responses WHERE is_sidechain = 1 ORDER BY key`)
    .all(),
  calls: s.db.prepare(`SELECT id, agent_id, spawned_agent_id FROM tool_calls ORDER BY id`).all(),
})

it('migration 009 gives a store written before inline runs their attribution, and no total changes', async () => {
  copyFixtures(dir)
  await store.ingest(dir)
  const want = attribution(store)
  const before = { rows: totals(store.db), rollup: rollupTotals(store.db) }
  // As the writer before this change stored 1.0.x inline sidechains: no agent id, no spawned run.
  store.db.exec(`UPDATE responses SET agent_id = NULL WHERE agent_id LIKE 'inline-%';
    UPDATE tool_calls SET agent_id = NULL WHERE agent_id LIKE 'inline-%';
    UPDATE tool_calls SET spawned_agent_id = NULL WHERE spawned_agent_id LIKE 'inline-%'`)
  // A store that old had its response-time histograms counted from these facts by migration 016.
  rebuildLatency(store.db)
  expect(attribution(store)).not.toEqual(want)
  store.db.exec(m009InlineSidechainRuns.sql)
  await store.ingest(dir)
  expect(attribution(store)).toEqual(want)
  expect({ rows: totals(store.db), rollup: rollupTotals(store.db) }).toEqual(before)
  expect(before.rollup.total).toBe(recount(join(dir, 'projects')).total)
})
