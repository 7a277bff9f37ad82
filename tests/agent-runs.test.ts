import { rebuildLatency } from '../electron/core/store/latency-backfill'
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AgentsResult } from '../shared/contract/results'
import { commonSchema, type CommonArgs } from '../shared/contract/params'
import { generateCorpus } from '../scripts/bench/generate-corpus'
import { agents } from '../electron/core/metrics/agents'
import { PriceBook } from '../electron/core/prices/price-book'
import type { Db } from '../electron/core/store/db'
import { m009InlineSidechainRuns } from '../electron/core/store/migrations/009-inline-sidechain-runs'
import { pruneResponses } from '../electron/core/store/prune'
import { removeSourceData } from '../electron/core/store/remove-source'
import { reprice } from '../electron/core/store/reprice'
import { refreshRunTypes } from '../electron/core/store/run-types'
import { agentRunsMismatch, agentsReference, runTypesStale, untypedRuns } from './helpers/agents-reference'
import { cleanup, copyFixtures, openTestStore, tempDir, type TestStore } from './helpers/store'
import { jsonlFiles } from './helpers/recount'

const ZONES = ['UTC', 'Europe/Paris', 'Asia/Kolkata', 'America/New_York']
const iso = (ms: number) => new Date(ms).toISOString()
const Q = 900_000

/** Same rows in the same order; costs equal to 1e-9 (summed in another order). */
function expectSame(got: AgentsResult, want: AgentsResult, label: string): void {
  const strip = (r: AgentsResult) => ({
    range: r.range,
    agents: r.agents.map((a) => ({ ...a, spend: { ...a.spend, cost: a.spend.cost === null ? null : 0 } })),
  })
  expect(strip(got), label).toEqual(strip(want))
  got.agents.forEach((a, i) => {
    const w = want.agents[i]!.spend.cost
    if (w !== null) expect(Math.abs(a.spend.cost! - w), label).toBeLessThanOrEqual(1e-9 * Math.max(1, w))
  })
}

/** Ranges (presets, whole history, and explicit ones cutting through runs), zones and filters over the store. */
function argSets(db: Db, now: number): { args: CommonArgs[]; cuts: number } {
  // Runs a 15-minute edge cuts (explicit ranges widen to such edges): the first edge inside each.
  const cut = db
    .prepare(
      `SELECT first_ts, last_ts, (first_ts / ${Q} + 1) * ${Q} AS edge FROM agent_runs
       WHERE (first_ts / ${Q} + 1) * ${Q} <= last_ts ORDER BY run LIMIT 8`,
    )
    .all() as { first_ts: number; last_ts: number; edge: number }[]
  const edges = db.prepare(`SELECT MIN(first_ts) AS lo, MAX(last_ts) AS hi FROM agent_runs`).get() as {
    lo: number
    hi: number
  }
  const ranges: CommonArgs['range'][] = ['all', '1y', '90d', '30d', '7d', '24h'].map(
    (preset) => ({ preset }) as CommonArgs['range'],
  )
  for (const r of cut) {
    ranges.push({ start: iso(r.edge), end: iso(r.edge + 3 * 86400e3) })
    ranges.push({ start: iso(r.edge - 3 * 86400e3), end: iso(r.edge) })
    if (r.edge + Q < r.last_ts) ranges.push({ start: iso(r.edge), end: iso(r.edge + Q) })
  }
  const span = edges.hi - edges.lo
  for (const q of [0.2, 0.5, 0.8])
    ranges.push({ start: iso(edges.lo + q * span), end: iso(edges.lo + (q + 0.15) * span) })
  const top = (sql: string) => db.prepare(sql).pluck().all() as string[]
  const projects = top(`SELECT p.path FROM agent_runs a JOIN projects p ON p.id = a.project_id
    GROUP BY p.path ORDER BY SUM(a.responses) DESC LIMIT 2`)
  const models = top(`SELECT m.name FROM agent_runs a JOIN models m ON m.id = a.model_id
    GROUP BY m.name ORDER BY SUM(a.responses) DESC LIMIT 2`)
  const sources = top(`SELECT root FROM sources ORDER BY id LIMIT 1`)
  const filters = [
    {},
    { projects: projects.slice(0, 1) },
    { models },
    { sources },
    { projects, models: models.slice(0, 1) },
  ]
  const out: CommonArgs[] = []
  ranges.forEach((range, i) =>
    filters.forEach((f, j) => {
      if ((i + j) % 2 === 0 || i < 6)
        out.push(commonSchema.parse({ range, timezone: ZONES[(i + j) % ZONES.length], filters: f }))
    }),
  )
  expect(now).toBeGreaterThan(edges.hi)
  return { args: out, cuts: cut.length }
}

/** `agents` equals the old SQL for every argument set, and agent_runs equals a rebuild; returns the runs cut. */
function check(db: Db, now: number, label: string): number {
  expect(agentRunsMismatch(db), label).toEqual([])
  // A stored run type is never stale (migration 018); an untyped row is typed by the query itself.
  expect(runTypesStale(db), label).toEqual([])
  let runs = 0
  const sets = argSets(db, now)
  for (const a of sets.args) {
    const want = agentsReference(db, a, now)
    runs += want.agents.reduce((n, x) => n + x.runs, 0)
    expectSame(agents(db, a, now), want, `${label} ${JSON.stringify(a)}`)
  }
  expect(runs, label).toBeGreaterThan(0)
  return sets.cuts
}

describe('agent_runs on the real fixtures', () => {
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

  it('stays exact over passes with appended lines, a better copy, inline runs filled, re-pricing, pruning and source removal', async () => {
    copyFixtures(dir)
    const files = jsonlFiles(dir).map((f) => ({ f, lines: readFileSync(f, 'utf8').split(/(?<=\n)/) }))
    // Three passes: a third of every file, two thirds, all of it.
    for (const part of [1, 2, 3]) {
      for (const { f, lines } of files)
        writeFileSync(f, lines.slice(0, Math.ceil((lines.length * part) / 3)).join(''))
      await store.ingest(dir)
      now ||= (store.db.prepare(`SELECT MAX(ts) FROM responses`).pluck().get() as number) + 86400e3
      check(store.db, now, `pass ${part}`)
    }
    refreshRunTypes(store.db)
    expect(untypedRuns(store.db)).toBe(0)
    check(store.db, now, 'typed')
    // Better copies of subagent responses in another file: more tokens, another time, another project.
    const usage = (l: string) => l.includes('"type":"assistant"') && l.includes('"usage"')
    const sub = files
      .filter((x) => /agent-[^/]*\.jsonl$/.test(x.f))
      .sort((a, b) => b.lines.filter(usage).length - a.lines.filter(usage).length)[0]!
    const copies = sub.lines
      .filter(usage)
      .slice(0, 3)
      .map((l, i) => {
        const o = JSON.parse(l)
        o.message.usage.output_tokens += 1000
        o.timestamp = iso(Date.parse(o.timestamp) + (i === 1 ? -7200e3 : 5400e3))
        if (i === 2) o.cwd = '/elsewhere/project'
        return JSON.stringify(o) + '\n'
      })
    expect(copies.length).toBeGreaterThan(0)
    appendFileSync(sub.f, copies.join(''))
    await store.ingest(dir)
    expect(check(store.db, now, 'better copies')).toBeGreaterThan(0)
    // 1.0.x inline runs stored without their agent id, then re-read (migration 009): fillAgent moves them.
    const moved = store.db
      .prepare(`UPDATE responses SET agent_id = NULL WHERE agent_id LIKE 'inline-%'`)
      .run()
    expect(moved.changes).toBeGreaterThan(0)
    store.db.exec(`UPDATE tool_calls SET agent_id = NULL WHERE agent_id LIKE 'inline-%'`)
    // A store that old had its response-time histograms counted from these facts by migration 016.
    rebuildLatency(store.db)
    check(store.db, now, 'inline runs unattributed')
    store.db.exec(m009InlineSidechainRuns.sql)
    await store.ingest(dir)
    expect(
      store.db.prepare(`SELECT COUNT(*) FROM agent_runs WHERE run LIKE 'inline-%'`).pluck().get(),
    ).toBeGreaterThan(0)
    check(store.db, now, 'inline runs re-read')
    reprice(store.db, new PriceBook({ 'claude-*': { input: 2, output: 7, cacheRead: 0.1 } }))
    check(store.db, now, 'repriced')
    const median = store.db
      .prepare(
        `SELECT ts FROM responses WHERE agent_id IS NOT NULL ORDER BY ts LIMIT 1 OFFSET
        (SELECT COUNT(*) / 2 FROM responses WHERE agent_id IS NOT NULL)`,
      )
      .pluck()
      .get() as number
    await pruneResponses(store.db, median, now)
    check(store.db, now, 'pruned')
  })

  it('source removal leaves agent_runs equal to a rebuild', async () => {
    const other = tempDir()
    try {
      copyFixtures(other, ['spotter', 'sniffly'])
      await store.ingest(dir, other)
      check(store.db, now, 'two sources')
      expect(removeSourceData(store.db, other)).not.toBeNull()
      expect(agentRunsMismatch(store.db)).toEqual([])
      await store.ingest(dir)
      check(store.db, now, 'removed and re-read')
    } finally {
      cleanup(other)
    }
  })
})

describe('agent_runs on a generated multi-month corpus', () => {
  let dir = ''
  let store: TestStore
  const now = Date.UTC(2026, 10, 21)
  beforeAll(async () => {
    dir = tempDir()
    generateCorpus({ root: dir, targetBytes: 30e6, days: 150, seed: 5, endMs: Date.UTC(2026, 10, 20) })
    store = openTestStore()
    await store.ingest(join(dir, '.claude'), join(dir, '.config', 'claude'))
  }, 120_000)
  afterAll(() => {
    store.close()
    cleanup(dir)
  })

  it('agents equals the old query for every range, zone and filter', () => {
    expect(store.db.prepare(`SELECT COUNT(*) FROM agent_runs`).pluck().get()).toBeGreaterThan(50)
    check(store.db, now, 'corpus')
  }, 120_000)

  it('run types follow their sidecar and spawning call', () => {
    const db = store.db
    refreshRunTypes(db)
    expect(untypedRuns(db)).toBe(0)
    const typeOf = (sql: string) => db.prepare(sql).pluck().get() as string
    const sidecar = typeOf(
      `SELECT id FROM agents WHERE id IN (SELECT run FROM agent_runs) ORDER BY id LIMIT 1`,
    )
    const spawned =
      typeOf(`SELECT spawned_agent_id FROM tool_calls WHERE spawned_agent_id IN (SELECT run FROM agent_runs)
      AND spawned_agent_id NOT IN (SELECT id FROM agents) ORDER BY 1 LIMIT 1`)
    expect(sidecar && spawned).toBeTruthy()
    db.prepare(`UPDATE agents SET agent_type = 'renamed' WHERE id = ?`).run(sidecar)
    db.prepare(`UPDATE tool_calls SET subagent_type = 'respawned' WHERE spawned_agent_id = ?`).run(spawned)
    expect(untypedRuns(db)).toBeGreaterThan(0)
    const types = () =>
      agents(db, commonSchema.parse({ range: { preset: 'all' } }), now).agents.map((a) => a.type)
    expect(types()).toEqual(expect.arrayContaining(['renamed', 'respawned']))
    check(db, now, 'untyped')
    expect(refreshRunTypes(db)).toBe(true)
    expect(untypedRuns(db)).toBe(0)
    expect(types()).toEqual(expect.arrayContaining(['renamed', 'respawned']))
    // The sidecar gone, its run falls back to its spawning call (or compaction, unknown).
    db.prepare(`DELETE FROM agents WHERE id = ?`).run(sidecar)
    check(db, now, 'sidecar removed')
    refreshRunTypes(db)
    expect(types()).not.toContain('renamed')
    check(db, now, 'sidecar removed, typed')
    // A run's calls changed: its counts are searched again until the refresh stores them.
    const busy = typeOf(`SELECT run FROM run_types WHERE calls > 1 ORDER BY calls DESC LIMIT 1`)
    db.prepare(`UPDATE tool_calls SET is_error = 1 - IFNULL(is_error, 0) WHERE agent_id = ?`).run(busy)
    db.prepare(
      `DELETE FROM tool_calls WHERE rowid = (SELECT MIN(rowid) FROM tool_calls WHERE agent_id = ?)`,
    ).run(busy)
    expect(untypedRuns(db)).toBe(1)
    check(db, now, 'calls changed')
    refreshRunTypes(db)
    expect(untypedRuns(db)).toBe(0)
    check(db, now, 'calls changed, counted')
    // The oracle sees a stored count gone wrong.
    db.prepare(`UPDATE run_types SET errors = errors + 1 WHERE run = ?`).run(busy)
    expect(runTypesStale(db)).toHaveLength(1)
    db.prepare(`UPDATE run_types SET errors = errors - 1 WHERE run = ?`).run(busy)
    expect(runTypesStale(db)).toEqual([])
  }, 120_000)

  it('runs spread over hours (timestamps moved in place) are cut by ranges and still equal the old query', () => {
    // Moves every subagent response by up to ~2 hours: the update trigger moves runs' bounds.
    store.db.exec(
      `UPDATE responses SET ts = ts + (id % 9) * 800000 WHERE agent_id IS NOT NULL OR is_sidechain = 1`,
    )
    expect(check(store.db, now, 'corpus spread')).toBeGreaterThan(3)
  }, 120_000)

  it('stays exact through re-pricing, pruning and source removal', async () => {
    reprice(store.db, new PriceBook({ 'claude-opus-*': { input: 3, output: 9 } }))
    check(store.db, now, 'corpus repriced')
    await pruneResponses(store.db, now - 100 * 86400e3, now)
    check(store.db, now, 'corpus pruned')
    removeSourceData(store.db, join(dir, '.config', 'claude'))
    check(store.db, now, 'corpus source removed')
  }, 120_000)
})

it('migration 015 builds agent_runs on a store written before it', async () => {
  const dir = tempDir()
  try {
    copyFixtures(dir)
    const file = join(dir, 'store.db')
    let store = openTestStore(file)
    await store.ingest(dir)
    const want = store.db.prepare(`SELECT * FROM agent_runs ORDER BY 1, 2, 3, 4, 5`).all()
    expect(want.length).toBeGreaterThan(0)
    store.db.exec(`DROP TABLE agent_runs; DROP TRIGGER agent_runs_insert; DROP TRIGGER agent_runs_update;
      DROP TRIGGER agent_runs_delete; PRAGMA user_version = 14`)
    store.close()
    store = openTestStore(file)
    expect(agentRunsMismatch(store.db)).toEqual([])
    // Re-runnable: a store set back with the table in place (stale) is rebuilt, triggers once each.
    store.db.exec(`DELETE FROM agent_runs; PRAGMA user_version = 14`)
    store.close()
    store = openTestStore(file)
    expect(agentRunsMismatch(store.db)).toEqual([])
    expect(store.db.prepare(`SELECT COUNT(*) FROM agent_runs`).pluck().get()).toBe(want.length)
    const now = Date.UTC(2027, 0, 1)
    check(store.db, now, 'migrated')
    // Migration 018 types every row of a store written before it.
    store.db.exec(`DROP TABLE run_types; PRAGMA user_version = 17`)
    store.close()
    store = openTestStore(file)
    expect(untypedRuns(store.db)).toBe(0)
    check(store.db, now, 'typed by migration 018')
    store.close()
  } finally {
    cleanup(dir)
  }
})
