import { realpathSync } from 'node:fs'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { recount } from '../../../tests/helpers/recount'
import {
  cleanup,
  copyFixtures,
  openTestStore,
  rollupTotals,
  tempDir,
  totals,
} from '../../../tests/helpers/store'
import { hasResponsesBefore, pruneResponses, pruneState } from './prune'
import { removeSourceData } from './remove-source'

const rereadEverything = (db: import('./db').Db) =>
  db.prepare(`UPDATE files SET offset = 0, size = 0, mtime_ms = 0, head_hash = NULL`).run()

it('deletes old per-response rows, keeps the rollup, and never counts a pruned response again', async () => {
  const dir = tempDir('obs-prune-')
  const root = copyFixtures(join(dir, 'c'))
  const store = openTestStore()
  try {
    await store.ingest(root)
    const rollup = rollupTotals(store.db)
    const before = totals(store.db)
    expect(rollup.total).toBe(recount(join(root, 'projects')).total)
    const ts = (store.db.prepare(`SELECT ts FROM responses ORDER BY ts`).all() as { ts: number }[]).map(
      (r) => r.ts,
    )
    const cutoff = ts[Math.floor(ts.length / 2)]!
    const older = ts.filter((t) => t < cutoff).length
    expect(older).toBeGreaterThan(10)
    expect(hasResponsesBefore(store.db, cutoff)).toBe(true)

    const run = await pruneResponses(store.db, cutoff, 1234)
    expect(run).toMatchObject({ at: 1234, cutoff, responses: older })
    expect(totals(store.db).responses).toBe(before.responses - older)
    expect(hasResponsesBefore(store.db, cutoff)).toBe(false)
    expect(rollupTotals(store.db)).toEqual(rollup)
    expect(pruneState(store.db)).toMatchObject({ last: { cutoff, responses: older }, prunedTotal: older })

    // Every file read again from the start (as after a truncation or a source removal): nothing doubles.
    rereadEverything(store.db)
    const again = await store.ingest(root)
    expect(again.filesRead).toBeGreaterThan(20)
    expect(rollupTotals(store.db)).toEqual(rollup)
    expect(totals(store.db).responses).toBe(before.responses - older)

    // Removing the source drops its tombstones too: reading the folder again restores everything.
    removeSourceData(store.db, realpathSync(root))
    expect(pruneState(store.db).prunedTotal).toBe(0)
    await store.ingest(root)
    expect(totals(store.db)).toEqual(before)
    expect(rollupTotals(store.db)).toEqual(rollup)
  } finally {
    store.close()
    cleanup(dir)
  }
})

it('pauses between chunks of a large run', async () => {
  const store = openTestStore()
  try {
    store.db.exec(`INSERT INTO sources (id, root, label, added_at) VALUES (1, '/r', 'r', 0);
      INSERT INTO models (id, name) VALUES (1, 'm')`)
    const ins = store.db.prepare(
      `INSERT INTO responses (key, ts, session_id, is_sidechain, source_id, model_id, input, output,
        cache_write_5m, cache_write_1h, cache_read, web_search, web_fetch, price_version, from_progress)
       VALUES (?, ?, 's', 0, 1, 1, 1, 1, 0, 0, 0, 0, 0, 'v', 0)`,
    )
    store.db.transaction(() => {
      for (let i = 0; i < 12_000; i++) ins.run(`k${i}`, i)
    })()
    let pauses = 0
    const run = await pruneResponses(store.db, 11_000, 0, async () => {
      pauses++
    })
    expect(run.responses).toBe(11_000)
    expect(pauses).toBe(2)
    expect(totals(store.db).responses).toBe(1000)
  } finally {
    store.close()
  }
})
