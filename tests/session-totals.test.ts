import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateCorpus } from '../scripts/bench/generate-corpus'
import type { Db } from '../electron/core/store/db'
import { casesFor, expectAnswersEqual, expectTotalsRebuilt } from './helpers/session-answers'
import { cleanup, copyFixtures, openTestStore, tempDir, type TestStore } from './helpers/store'

/** An hour after the last stored response, so 24h and 30d hold data. */
const nowOf = (db: Db): number =>
  (db.prepare(`SELECT MAX(ts) FROM responses`).pluck().get() as number) + 3_600_000

describe.each([
  ['real fixtures', (dir: string) => [copyFixtures(dir)]],
  [
    'a generated five-month corpus',
    (dir: string) => {
      generateCorpus({ root: join(dir, 'home'), targetBytes: 30e6, days: 150, seed: 17 })
      return [join(dir, 'home/.claude'), join(dir, 'home/.config/claude')]
    },
  ],
] as const)('session figures from session_totals equal the per-response queries: %s', (_, make) => {
  let dir = ''
  let store: TestStore
  beforeAll(async () => {
    dir = tempDir()
    store = openTestStore()
    await store.ingest(...make(dir))
  }, 300_000)
  afterAll(() => {
    store.close()
    cleanup(dir)
  })

  it('session_totals equals a rebuild from responses', () => expectTotalsRebuilt(store.db))

  it('sessions, summary, series activity, projects and cache per session, for every range and filter', () => {
    const now = nowOf(store.db)
    const cases = casesFor(store.db, now)
    expect(cases.length).toBeGreaterThanOrEqual(30)
    for (const c of cases) expectAnswersEqual(store.db, store.prices, now, c)
  }, 300_000)
})
