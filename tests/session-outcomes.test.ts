import { appendFileSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateCorpus } from '../scripts/bench/generate-corpus'
import { commonSchema, type CommonArgs, type GroupBy } from '../shared/contract/params'
import { Ingestor } from '../electron/core/ingest/ingest'
import { tools } from '../electron/core/metrics/tools'
import { PriceBook } from '../electron/core/prices/price-book'
import type { Db } from '../electron/core/store/db'
import { pruneResponses } from '../electron/core/store/prune'
import { removeSourceData } from '../electron/core/store/remove-source'
import { reprice } from '../electron/core/store/reprice'
import { backfillSessionOutcomes, refreshOutcomes } from '../electron/core/store/session-outcomes'
import { outcomesReference, sessionOutcomesMismatch } from './helpers/outcomes-reference'
import { cleanup, copyFixtures, openTestStore, tempDir, type TestStore } from './helpers/store'
import { jsonlFiles } from './helpers/recount'

const ZONES = ['UTC', 'Europe/Paris', 'Asia/Kolkata', 'America/New_York']
const iso = (ms: number) => new Date(ms).toISOString()
const DAY = 86400e3

/** Ranges (presets and explicit ones), groupings, zones and filters over the store. */
function argSets(db: Db): (CommonArgs & { groupBy: GroupBy })[] {
  const b = db.prepare(`SELECT MIN(first_ts) AS lo, MAX(last_ts) AS hi FROM sessions`).get() as {
    lo: number
    hi: number
  }
  const ranges: CommonArgs['range'][] = ['all', '1y', '90d', '30d', '7d', '24h'].map(
    (preset) => ({ preset }) as CommonArgs['range'],
  )
  const span = b.hi - b.lo
  for (const q of [0, 0.2, 0.5, 0.8])
    ranges.push({ start: iso(b.lo + q * span), end: iso(b.lo + (q + 0.15) * span + DAY / 3) })
  const top = (sql: string) => db.prepare(sql).pluck().all() as string[]
  const projects = top(`SELECT p.path FROM sessions s JOIN projects p ON p.id = s.project_id
    GROUP BY p.path ORDER BY COUNT(*) DESC LIMIT 2`)
  const sources = top(`SELECT root FROM sources ORDER BY id LIMIT 1`)
  const filters = [{}, { projects: projects.slice(0, 1) }, { sources }, { projects, thread: 'main' as const }]
  const groups: GroupBy[] = ['day', 'week', 'month', 'hour']
  const out: (CommonArgs & { groupBy: GroupBy })[] = []
  ranges.forEach((range, i) =>
    filters.forEach((f, j) => {
      const groupBy = groups[(i + j) % groups.length]!
      if (groupBy === 'hour' && i < 6 && i !== 5) return
      out.push({
        ...commonSchema.parse({ range, timezone: ZONES[(i + j) % ZONES.length], filters: f }),
        groupBy,
      })
    }),
  )
  return out
}

/** `tools`' outcomes equal the old per-session SQL for every argument set; returns the sessions counted. */
function checkAnswers(db: Db, now: number, label: string): number {
  let n = 0
  for (const a of argSets(db)) {
    const want = outcomesReference(db, a, now)
    const got = tools(db, a, now)
    expect(got.outcomes, `${label} ${JSON.stringify(a)}`).toEqual(want.outcomes)
    expect(
      got.overTime.map((p) => p.outcomes),
      `${label} ${JSON.stringify(a)}`,
    ).toEqual(want.overTime)
    n += Object.values(want.outcomes).reduce((x, y) => x + y, 0)
  }
  expect(n, label).toBeGreaterThan(0)
  return n
}

function check(db: Db, now: number, label: string): void {
  expect(sessionOutcomesMismatch(db), label).toEqual([])
  checkAnswers(db, now, label)
}

describe('session_outcomes on the real fixtures', () => {
  let dir = ''
  let store: TestStore
  let now = 0
  beforeAll(() => {
    dir = tempDir()
    store = openTestStore()
  })
  afterAll(() => {
    store.close()
    cleanup(dir)
  })

  it('stays exact over passes with appended lines, better copies, re-pricing, pruning and source removal', async () => {
    copyFixtures(dir)
    const files = jsonlFiles(dir).map((f) => ({ f, lines: readFileSync(f, 'utf8').split(/(?<=\n)/) }))
    for (const part of [1, 2, 3]) {
      for (const { f, lines } of files)
        writeFileSync(f, lines.slice(0, Math.ceil((lines.length * part) / 3)).join(''))
      await store.ingest(dir)
      now ||= (store.db.prepare(`SELECT MAX(ts) FROM responses`).pluck().get() as number) + DAY
      check(store.db, now, `pass ${part}`)
    }
    // Better copies of a session's last main-thread responses, earlier (the maximum moves back) and later.
    const main = (l: string) =>
      l.includes('"type":"assistant"') && l.includes('"usage"') && !l.includes('"isSidechain":true')
    const big = files
      .filter((x) => !/agent-[^/]*\.jsonl$/.test(x.f))
      .sort((a, b) => b.lines.filter(main).length - a.lines.filter(main).length)
    for (const [k, shift] of [
      [0, -3 * DAY],
      [1, 2 * 3600e3],
    ] as const) {
      const file = big[k]!
      const last = file.lines.filter(main).slice(-1)[0]!
      const o = JSON.parse(last)
      o.message.usage.output_tokens += 1000
      o.timestamp = iso(Date.parse(o.timestamp) + shift)
      appendFileSync(file.f, JSON.stringify(o) + '\n')
    }
    await store.ingest(dir)
    check(store.db, now, 'better copies')
    reprice(store.db, new PriceBook({ 'claude-*': { input: 2, output: 7, cacheRead: 0.1 } }))
    check(store.db, now, 'repriced')
    const median = store.db
      .prepare(`SELECT ts FROM responses ORDER BY ts LIMIT 1 OFFSET (SELECT COUNT(*) / 2 FROM responses)`)
      .pluck()
      .get() as number
    await pruneResponses(store.db, median, now)
    check(store.db, now, 'pruned')
  })

  it('source removal and a re-read leave it equal to a recount', async () => {
    const other = tempDir()
    try {
      copyFixtures(other, ['spotter', 'sniffly'])
      await store.ingest(dir, other)
      check(store.db, now, 'two sources')
      expect(removeSourceData(store.db, other)).not.toBeNull()
      check(store.db, now, 'removed')
      await store.ingest(dir)
      check(store.db, now, 'removed and re-read')
    } finally {
      cleanup(other)
    }
  })
})

describe('session_outcomes on a generated multi-month corpus', () => {
  let dir = ''
  let store: TestStore
  const now = Date.UTC(2026, 10, 21)
  beforeAll(async () => {
    dir = tempDir()
    generateCorpus({ root: dir, targetBytes: 30e6, days: 150, seed: 7, endMs: Date.UTC(2026, 10, 20) })
    store = openTestStore()
    await store.ingest(join(dir, '.claude'), join(dir, '.config', 'claude'))
  }, 120_000)
  afterAll(() => {
    store.close()
    cleanup(dir)
  })

  it('tools outcomes equal the old query for every range, grouping, zone and filter', () => {
    expect(store.db.prepare(`SELECT COUNT(*) FROM session_outcomes`).pluck().get()).toBeGreaterThan(100)
    expect(checkAnswers(store.db, now, 'corpus')).toBeGreaterThan(100)
    expect(sessionOutcomesMismatch(store.db)).toEqual([])
  }, 120_000)

  it('stays exact through re-pricing, pruning and source removal', async () => {
    reprice(store.db, new PriceBook({ 'claude-opus-*': { input: 3, output: 9 } }))
    check(store.db, now, 'corpus repriced')
    await pruneResponses(store.db, now - 100 * DAY, now)
    check(store.db, now, 'corpus pruned')
    removeSourceData(store.db, join(dir, '.config', 'claude'))
    check(store.db, now, 'corpus source removed')
  }, 120_000)

  it('dirty rows and corrupt future instants are answered from the facts until refreshed', () => {
    // Last main-thread responses and prompts deleted behind the writer's back: their rows go dirty.
    const gone = store.db
      .prepare(
        `DELETE FROM responses WHERE id IN (SELECT MAX(id) FROM responses WHERE agent_id IS NULL AND is_sidechain = 0
          GROUP BY session_id ORDER BY session_id LIMIT 40)`,
        // (session totals and the rollup are not kept here: only outcomes are checked after this)
      )
      .run().changes
    store.db.exec(
      `DELETE FROM events WHERE uuid IN (SELECT uuid FROM events WHERE kind = 'prompt' ORDER BY ts DESC LIMIT 30)`,
    )
    // An instant past the data window (a year after now) is never a maximum for the old probes.
    store.db.exec(`UPDATE events SET ts = ${now + 800 * DAY} WHERE uuid IN
      (SELECT uuid FROM events WHERE kind IN ('interrupt', 'prompt') ORDER BY ts DESC LIMIT 5 OFFSET 40)`)
    expect(gone).toBe(40)
    expect(
      store.db.prepare(`SELECT COUNT(*) FROM session_outcomes WHERE dirty`).pluck().get(),
    ).toBeGreaterThan(30)
    checkAnswers(store.db, now, 'dirty')
    store.db.transaction(() => refreshOutcomes(store.db))()
    expect(store.db.prepare(`SELECT COUNT(*) FROM session_outcomes WHERE dirty`).pluck().get()).toBe(0)
    check(store.db, now, 'refreshed')
  }, 120_000)
})

it('migration 017 builds session_outcomes on a store written before it, and again when run twice', async () => {
  const dir = tempDir()
  try {
    copyFixtures(dir)
    const file = join(dir, 'store.db')
    let store = openTestStore(file)
    await store.ingest(dir)
    const want = store.db.prepare(`SELECT * FROM session_outcomes ORDER BY 1`).all()
    expect(want.length).toBeGreaterThan(0)
    store.db.exec(`DROP TABLE session_outcomes; PRAGMA user_version = 15`)
    store.close()
    store = openTestStore(file)
    expect(store.db.prepare(`SELECT * FROM session_outcomes ORDER BY 1`).all()).toEqual(want)
    store.db.exec(`UPDATE session_outcomes SET last_reply = 1; PRAGMA user_version = 15`)
    store.close()
    store = openTestStore(file)
    expect(store.db.prepare(`SELECT * FROM session_outcomes ORDER BY 1`).all()).toEqual(want)
    // The backfill alone, in chunks of session ids (as a resumable migration runs it), rebuilds the same rows.
    const ids = store.db
      .prepare(`SELECT session_id FROM session_outcomes ORDER BY 1`)
      .pluck()
      .all() as string[]
    const cuts = [null, ids[Math.floor(ids.length / 3)]!, ids[Math.floor((2 * ids.length) / 3)]!, null]
    store.db.exec(`UPDATE session_outcomes SET last_prompt = 1, last_reply = NULL, dirty = 1`)
    store.db.exec(`INSERT INTO session_outcomes (session_id, last_reply) VALUES ('no-such-session', 5)`)
    for (let i = 0; i < 3; i++)
      store.db.transaction(() => backfillSessionOutcomes(store.db, cuts[i]!, cuts[i + 1]!))()
    expect(store.db.prepare(`SELECT * FROM session_outcomes ORDER BY 1`).all()).toEqual(want)
    const triggers = store.db
      .prepare(`SELECT COUNT(*) FROM sqlite_schema WHERE type = 'trigger' AND name LIKE 'session_outcomes_%'`)
      .pluck()
      .get()
    expect(triggers).toBe(9)
    check(store.db, Date.UTC(2027, 0, 1), 'migrated')
    store.close()
  } finally {
    cleanup(dir)
  }
})

it('a bulk pass (indexes dropped while applying) whose better copies move maxima back ends exact', async () => {
  const [dir, twin] = [tempDir(), tempDir()]
  const store = openTestStore()
  try {
    copyFixtures(dir)
    copyFixtures(twin)
    // In the twin root, each main file's last main-thread response comes back with more tokens, a day earlier.
    let moved = 0
    for (const f of jsonlFiles(twin).filter((x) => !/agent-[^/]*\.jsonl$/.test(x))) {
      const lines = readFileSync(f, 'utf8').split(/(?<=\n)/)
      const i = lines.findLastIndex(
        (l) => l.includes('"type":"assistant"') && l.includes('"usage"') && !l.includes('"isSidechain":true'),
      )
      if (i < 0) continue
      const o = JSON.parse(lines[i]!)
      o.message.usage.output_tokens += 1000
      o.timestamp = iso(Date.parse(o.timestamp) - DAY)
      lines[i] = JSON.stringify(o) + '\n'
      writeFileSync(f, lines.join(''))
      moved++
    }
    expect(moved).toBeGreaterThan(3)
    const bulk = new Ingestor(store.db, store.prices, { defaultLabel: () => 'test-host', bulkBytes: 1 })
    await bulk.ingest([{ path: dir }, { path: twin }])
    expect(store.db.prepare(`SELECT COUNT(*) FROM session_outcomes WHERE dirty`).pluck().get()).toBe(0)
    const now = (store.db.prepare(`SELECT MAX(ts) FROM responses`).pluck().get() as number) + DAY
    check(store.db, now, 'bulk')
  } finally {
    store.close()
    cleanup(dir)
    cleanup(twin)
  }
})
