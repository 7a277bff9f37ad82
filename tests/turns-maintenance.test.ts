import { appendFileSync, mkdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import type { ResponseTimesResult } from '../shared/contract/results'
import { Api } from '../electron/core/api/api'
import { Ingestor } from '../electron/core/ingest/ingest'
import { forEachTurn, type Turn } from '../electron/core/metrics/response-times'
import { sessionDetail } from '../electron/core/metrics/session-detail'
import { PriceBook } from '../electron/core/prices/price-book'
import type { Db } from '../electron/core/store/db'
import { pruneResponses } from '../electron/core/store/prune'
import { removeSourceData } from '../electron/core/store/remove-source'
import { prompt, response } from './helpers/lines'
import { latencyRows, recountLatency } from './helpers/latency-reference'
import { jsonlFiles } from './helpers/recount'
import { answerFigures, oldForEachTurn, rebuiltTurnRows, turnFigures, turnRows } from './helpers/old-turns'
import { copyFixtures, openTestStore, useTempStore, type TestStore } from './helpers/store'

const NOW = Date.parse('2026-12-01T00:00:00Z')
const at = (s: number) => new Date(Date.parse('2026-05-01T10:00:00Z') + s * 1000).toISOString()
const jsonl = (lines: object[]) => lines.map((l) => JSON.stringify(l)).join('\n') + '\n'
const td = (ts: string, ms: number, session = 's1') => ({
  type: 'system',
  subtype: 'turn_duration',
  durationMs: ms,
  sessionId: session,
  timestamp: ts,
  uuid: `td-${session}-${ts}`,
})
const command = (ts: string, name: string, session = 's1') => ({
  ...prompt(ts, session),
  message: { role: 'user', content: `<command-name>${name}</command-name>\n<command-args>x</command-args>` },
})
const all = (each: typeof forEachTurn, db: Db): Turn[] => {
  const out: Turn[] = []
  each(db, {}, 0, NOW, (t) => out.push(t))
  return out.sort((a, b) => (a.sessionId < b.sessionId ? -1 : a.sessionId > b.sessionId ? 1 : a.ts - b.ts))
}
/** The table equals a from-scratch rebuild (and so do the histograms), and yields what the old SQL did over every stored turn. */
function expectConsistent(db: Db): void {
  expect(turnRows(db)).toEqual(rebuiltTurnRows(db))
  // The response-time histograms (migration 016) the writer kept equal a count from the facts.
  expect(latencyRows(db)).toEqual(recountLatency(db))
  expect(all(forEachTurn, db)).toEqual(all(oldForEachTurn, db))
}
const durations = (db: Db) => all(forEachTurn, db).map((t) => [t.sessionId, t.durationMs, t.model])

let dir = ''
let store: TestStore
useTempStore((d, s) => {
  dir = d
  store = s
})

describe('the writer keeps the turns of the sessions it changes', () => {
  it('lines appended mid-turn over several passes: a prompt, its responses, its turn_duration, the next prompt', async () => {
    const proj = join(dir, 'projects', '-p')
    const file = join(proj, 's1.jsonl')
    const pass = async (lines: object[]) => {
      appendFileSync(file, jsonl(lines))
      await store.ingest(dir)
      expectConsistent(store.db)
    }
    mkdirSync(proj, { recursive: true })
    await pass([prompt(at(0))])
    expect(durations(store.db)).toEqual([])
    await pass([response(at(5), 10, 10), response(at(10), 10, 10, { model: 'claude-sonnet-4-5' })])
    expect(durations(store.db)).toEqual([['s1', 10_000, 'claude-sonnet-4-5']])
    await pass([td(at(11), 9000)])
    expect(durations(store.db)).toEqual([['s1', 9000, 'claude-sonnet-4-5']])
    await pass([prompt(at(60))])
    await pass([response(at(70), 10, 10)])
    expect(durations(store.db)).toEqual([
      ['s1', 9000, 'claude-sonnet-4-5'],
      ['s1', 10_000, 'claude-opus-4-7'],
    ])
    // A slash command cuts the second turn short; the model answers it.
    await pass([response(at(65), 1, 1), command(at(68), '/review'), response(at(90), 1, 1)])
    expect(durations(store.db)).toEqual([
      ['s1', 9000, 'claude-sonnet-4-5'],
      ['s1', 5000, 'claude-opus-4-7'],
      ['s1', 22_000, 'claude-opus-4-7'],
    ])
    // Re-read from 0: the file is replaced by a shorter one (other first bytes).
    writeFileSync(file, jsonl([prompt(at(1)), response(at(3), 1, 1), td(at(4), 2500)]))
    await store.ingest(dir)
    expectConsistent(store.db)
    // Stored facts stay: the new prompt splits the first turn, and the turn_durations after it add up.
    expect(sessionDetail(store.db, { id: 's1' }, NOW)!.turns.map((t) => t.durationMs)).toEqual([
      null,
      11_500,
      5000,
      22_000,
    ])
  })

  it('every real fixture read in thirds, each pass cutting turns anywhere: the turns of a clean read', async () => {
    copyFixtures(dir)
    const files = jsonlFiles(join(dir, 'projects')).map((f) => ({
      f,
      lines: readFileSync(f, 'utf8').split('\n'),
    }))
    for (const part of [1, 2, 3]) {
      for (const { f, lines } of files)
        writeFileSync(f, lines.slice(0, Math.ceil((lines.length * part) / 3)).join('\n'))
      await store.ingest(dir)
      expectConsistent(store.db)
    }
    const clean = openTestStore()
    try {
      await clean.ingest(dir)
      expect(turnRows(store.db)).toEqual(turnRows(clean.db))
    } finally {
      clean.close()
    }
  })

  it('a better copy of a response in another session moves the turn it ended', async () => {
    const proj = join(dir, 'projects', '-p')
    const r = response(at(20), 10, 10)
    mkdirSync(proj, { recursive: true })
    writeFileSync(join(proj, 's1.jsonl'), jsonl([prompt(at(0)), response(at(5), 1, 1), r]))
    await store.ingest(dir)
    expect(durations(store.db)).toEqual([['s1', 20_000, 'claude-opus-4-7']])
    const copy = {
      ...r,
      sessionId: 's2',
      timestamp: at(40),
      message: { ...r.message, usage: { input_tokens: 50, output_tokens: 50 } },
    }
    writeFileSync(join(proj, 's2.jsonl'), jsonl([prompt(at(30), 's2'), copy]))
    await store.ingest(dir)
    expectConsistent(store.db)
    expect(durations(store.db)).toEqual([
      ['s1', 5000, 'claude-opus-4-7'],
      ['s2', 10_000, 'claude-opus-4-7'],
    ])
  })

  it('among equally slow turns the slowest list keeps the order the old SQL gave', async () => {
    const lines = (s: string, t0: number) => [prompt(at(t0), s), response(at(t0 + 7), 1, 1, { session: s })]
    // Session ids in the opposite order of their prompts' times.
    const proj = join(dir, 'projects', '-p')
    mkdirSync(proj, { recursive: true })
    for (const [i, s] of ['s9', 's5', 's1', 's3'].entries())
      writeFileSync(join(proj, `${s}.jsonl`), jsonl([...lines(s, i * 100), ...lines(s, i * 100 + 50)]))
    await store.ingest(dir)
    const args = { range: { preset: 'all' }, timezone: 'UTC', groupBy: 'day' }
    const res = new Api(store.db, () => NOW).call('responseTimes', args)
    if (!res.ok) throw new Error(res.error.message)
    const got = answerFigures(res.value as ResponseTimesResult)
    expect(got.slowestTurns.map((t) => t.sessionId)).toEqual(['s1', 's1', 's3', 's3', 's5', 's5', 's9', 's9'])
    expect(got).toEqual(turnFigures(store.db, args, NOW))
  })

  it('a bulk pass recomputes its sessions once the indexes are back, as a plain pass does', async () => {
    copyFixtures(dir)
    const bulk = new Ingestor(store.db, new PriceBook(), { bulkBytes: 1, defaultLabel: () => 'test-host' })
    await bulk.ingest([{ path: dir }])
    expect(store.db.prepare(`SELECT COUNT(*) AS n FROM turns_dirty`).get()).toEqual({ n: 0 })
    const plain = openTestStore()
    try {
      await plain.ingest(dir)
      expect(turnRows(store.db)).toEqual(turnRows(plain.db))
      expectConsistent(store.db)
    } finally {
      plain.close()
    }
  })
})

it("a turn is timed to the session's next prompt whatever the range; the old SQL cut it at 4 h when that prompt lay over a day past the range", async () => {
  const proj = join(dir, 'projects', '-p')
  mkdirSync(proj, { recursive: true })
  const day = 86_400
  // Resumed 6 h later by a task notification (a second turn_duration); the next prompt comes two days later.
  writeFileSync(
    join(proj, 's1.jsonl'),
    jsonl([
      prompt(at(0)),
      response(at(9), 1, 1),
      td(at(10), 10_000),
      td(at(6 * 3600), 2000),
      prompt(at(2 * day)),
    ]),
  )
  await store.ingest(dir)
  const times = (each: typeof forEachTurn, end: number) => {
    const out: number[] = []
    each(store.db, {}, Date.parse(at(0)), Date.parse(at(end)), (t) => out.push(t.durationMs))
    return out
  }
  expect(times(forEachTurn, day)).toEqual([12_000])
  expect(times(forEachTurn, 3 * day)).toEqual([12_000])
  expect(times(oldForEachTurn, 3 * day)).toEqual([12_000])
  expect(times(oldForEachTurn, day)).toEqual([10_000])
  expect(sessionDetail(store.db, { id: 's1' }, NOW)!.turns[0]!.durationMs).toBe(12_000)
})

describe('sources, retention and migration', () => {
  it('removing a source leaves the turns a clean read of the rest gives', async () => {
    const live = copyFixtures(join(dir, 'live'), ['claude-code-log', 'sniffly', 'spotter'])
    const backup = copyFixtures(join(dir, 'backup'))
    await store.ingest(live, backup)
    removeSourceData(store.db, realpathSync(backup))
    expectConsistent(store.db)
    await store.ingest(live)
    const clean = openTestStore()
    try {
      await clean.ingest(live)
      expect(turnRows(store.db)).toEqual(turnRows(clean.db))
      expect(turnRows(clean.db).length).toBeGreaterThan(0)
    } finally {
      clean.close()
    }
  })

  it('retention keeps the stored turns as they were', async () => {
    copyFixtures(dir)
    await store.ingest(dir)
    const before = turnRows(store.db)
    await pruneResponses(store.db, Date.parse('2026-04-19T00:00:00Z'), NOW)
    expect(turnRows(store.db)).toEqual(before)
  })

  it('migration 013 gives a store written before it the turns a rebuild gives', async () => {
    copyFixtures(dir)
    const file = join(dir, 'store.db')
    const s = openTestStore(file)
    await s.ingest(dir)
    const want = turnRows(s.db)
    s.close()
    const raw = new Database(file)
    raw.exec(`DROP TABLE turns; DROP TABLE turns_dirty`)
    raw.pragma('user_version = 10')
    raw.close()
    const again = openTestStore(file)
    try {
      expect(want.length).toBe(24)
      expect(turnRows(again.db)).toEqual(want)
      expect(turnRows(again.db)).toEqual(rebuiltTurnRows(again.db))
      expect(again.db.prepare(`SELECT COUNT(*) AS n FROM turns_dirty`).get()).toEqual({ n: 0 })
      // Migration 016 ran in the same open: its histograms hold the turns recomputed after it.
      expect(latencyRows(again.db)).toEqual(recountLatency(again.db))
      expect(latencyRows(again.db).length).toBeGreaterThan(0)
    } finally {
      again.close()
    }
  })
})
