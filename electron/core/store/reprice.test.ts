import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import {
  cleanup,
  copyFixtures,
  openTestStore,
  rollupTotals,
  tempDir,
  type TestStore,
} from '../../../tests/helpers/store'
import { PriceBook } from '../prices/price-book'
import { reprice, repriceIfStale } from './reprice'

it('re-prices responses of another price version and moves the rollup by the difference', async () => {
  const dir = tempDir()
  copyFixtures(dir, ['spotter/short.jsonl'])
  // One response from a third-party model that the bundled price data does not know.
  mkdirSync(join(dir, 'projects/-glm'), { recursive: true })
  const usage = {
    input_tokens: 1000,
    output_tokens: 500,
    cache_read_input_tokens: 0,
    cache_creation_input_tokens: 0,
  }
  const line = {
    type: 'assistant',
    sessionId: 'g',
    cwd: '/g',
    timestamp: '2026-02-10T10:00:00.000Z',
    uuid: 'u-g',
    requestId: 'r-g',
    message: { id: 'm-g', model: 'glm-4.5', role: 'assistant', content: [], usage },
  }
  writeFileSync(join(dir, 'projects/-glm/g.jsonl'), JSON.stringify(line) + '\n')
  const store = openTestStore()
  await store.ingest(dir)
  const q = () =>
    store.db
      .prepare(
        `SELECT (SELECT ROUND(SUM(cost), 9) FROM responses) AS facts, (SELECT ROUND(SUM(cost), 9) FROM rollup_15m) AS roll,
          (SELECT SUM(unpriced_tokens) FROM rollup_15m) AS unpriced, (SELECT SUM(unpriced_responses) FROM rollup_15m) AS n`,
      )
      .get() as { facts: number; roll: number; unpriced: number; n: number }
  const before = q()
  expect(before).toMatchObject({ unpriced: 1500, n: 1 })

  // The user prices glm-4.5 in prices.json: $1 / $2 per million tokens.
  const book = new PriceBook({ 'glm-*': { input: 1, output: 2 } })
  const r = reprice(store.db, book)
  expect(r.fromVersions).toEqual([new PriceBook().version])
  const after = q()
  expect(after).toMatchObject({ unpriced: 0, n: 0 })
  expect(after.facts).toBeCloseTo(before.facts + (1000 * 1 + 500 * 2) / 1e6, 9)
  expect(after.roll).toBeCloseTo(after.facts, 9)
  // Re-running with the same book changes nothing.
  expect(reprice(store.db, book).responses).toBe(0)
  store.close()
  cleanup(dir)
})

it('re-prices a store priced with the bundled data alone on the first pass with the corrected book', async () => {
  const dir = tempDir()
  const rel =
    'claude-code-log/-Users-dain-workspace-danieldemmel-me-next/b25638d7-b104-4f06-a797-70ac33d069ed.jsonl'
  copyFixtures(dir, [rel])
  // The file's largest Sonnet 4 request (26,152 input tokens, real usage) scaled 8×: 209,216 > 200K.
  const file = join(dir, 'projects', rel)
  const usage = (k: number) =>
    `"input_tokens":${2 * k},"cache_creation_input_tokens":${263 * k},"cache_read_input_tokens":${25887 * k},` +
    `"cache_creation":{"ephemeral_5m_input_tokens":${263 * k},"ephemeral_1h_input_tokens":0},"output_tokens":${6 * k}`
  const lines = readFileSync(file, 'utf8').split('\n')
  const i = lines.findIndex((l) => l.includes(usage(1)))
  expect(i).toBeGreaterThan(0)
  lines[i] = lines[i]!.replace(usage(1), usage(8))
  writeFileSync(file, lines.join('\n'))

  const db = join(dir, 'store.db')
  const old = openTestStore(db)
  old.ingestor.setPrices(new PriceBook({}, null))
  await old.ingest(join(dir, 'projects'))
  const q = (s: TestStore) => ({
    big: s.db.prepare(`SELECT cost FROM responses WHERE cache_read = 207096`).pluck().get(),
    facts: s.db.prepare(`SELECT SUM(cost) FROM responses`).pluck().get(),
    roll: rollupTotals(s.db).cost,
    versions: s.db.prepare(`SELECT DISTINCT price_version FROM responses`).pluck().all(),
  })
  const before = q(old)
  old.close()
  // Base rates: 16 × 3 + 48 × 15 + 2,104 × 3.75 + 207,096 × 0.30, per million.
  expect(Number(before.big)).toBeCloseTo((48 + 720 + 7_890 + 62_128.8) / 1e6, 12)
  expect(before.versions).toEqual([new PriceBook({}, null).version])

  const reopened = openTestStore(db)
  const stats = await reopened.ingest(join(dir, 'projects'))
  expect(stats.filesRead).toBe(0)
  const after = q(reopened)
  // Long-context rates: 16 × 6 + 48 × 22.50 + 2,104 × 7.50 + 207,096 × 0.60, per million.
  const big = (96 + 1_080 + 15_780 + 124_257.6) / 1e6
  expect(Number(after.big)).toBeCloseTo(big, 12)
  expect(after.versions).toEqual([reopened.prices.version])
  // Only that request was over 200K: the rest of the file keeps its cost; the rollup moved with the facts.
  expect(Number(after.facts)).toBeCloseTo(Number(before.facts) + big - Number(before.big), 12)
  expect(after.roll).toBeCloseTo(Number(after.facts), 12)
  reopened.close()
  cleanup(dir)
})

it('re-prices in batches, and a later start with the same book skips the scan by the stored price version', async () => {
  const dir = tempDir()
  copyFixtures(dir, [
    'claude-code-log/-Users-dain-workspace-danieldemmel-me-next/b25638d7-b104-4f06-a797-70ac33d069ed.jsonl',
  ])
  const store = openTestStore()
  store.ingestor.setPrices(new PriceBook({}, null))
  await store.ingest(dir)
  const costs = () => store.db.prepare(`SELECT id, cost, price_version AS v FROM responses ORDER BY id`).all()
  const n = Number(store.db.prepare(`SELECT COUNT(*) FROM responses`).pluck().get())
  expect(n).toBeGreaterThan(7)
  // One book, in batches of 3 and in one batch: the same costs and the same rollup.
  const book = new PriceBook({ 'claude-*': { input: 1, output: 2 } })
  const r = reprice(store.db, book, 3)
  expect(r.responses).toBe(n)
  const batched = { rows: costs(), roll: rollupTotals(store.db).cost }
  reprice(store.db, new PriceBook({}, null))
  reprice(store.db, book)
  expect(costs()).toEqual(batched.rows)
  expect(rollupTotals(store.db).cost).toBeCloseTo(batched.roll, 12)

  // The store now says it was priced with `book`: the same book again does nothing, even for a row
  // that says otherwise; another book re-prices.
  store.db
    .prepare(`UPDATE responses SET price_version = 'elsewhere' WHERE id = (SELECT MIN(id) FROM responses)`)
    .run()
  expect(repriceIfStale(store.db, book)).toBeNull()
  const other = new PriceBook({ 'claude-*': { input: 2, output: 4 } })
  expect(repriceIfStale(store.db, other)?.responses).toBe(n)
  expect(repriceIfStale(store.db, other)).toBeNull()
  store.close()
  cleanup(dir)
})
