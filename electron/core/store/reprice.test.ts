import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { cleanup, copyFixtures, openTestStore, tempDir } from '../../../tests/helpers/store'
import { PriceBook } from '../prices/price-book'
import { reprice } from './reprice'

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
