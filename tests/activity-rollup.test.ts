import { latencyRows, recountLatency } from './helpers/latency-reference'
import {
  appendFileSync,
  cpSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CommonArgs, GroupBy } from '../shared/contract/params'
import { generateCorpus } from '../scripts/bench/generate-corpus'
import { heatmap } from '../electron/core/metrics/heatmap'
import { series } from '../electron/core/metrics/series'
import { summary } from '../electron/core/metrics/summary'
import { tools } from '../electron/core/metrics/tools'
import { removeSourceData } from '../electron/core/store/remove-source'
import type { Db } from '../electron/core/store/db'
import { activityDrift, activityReference } from './helpers/activity-reference'
import {
  cleanup,
  copyFixtures,
  openTestStore,
  tempDir,
  writeProjectTranscript,
  type TestStore,
} from './helpers/store'

const FIXTURE_NOW = Date.UTC(2026, 10, 24)
const CORPUS_END = Date.UTC(2026, 10, 20)

/** Every activity figure of summary, series, heatmap and tools equals the old fact-table SQL's. */
function expectSameAnswers(db: Db, now: number): Record<string, number> {
  const one = (sql: string) => (db.prepare(sql).get() as { v: string } | undefined)?.v
  const project = one(`SELECT p.path AS v FROM sessions s JOIN projects p ON p.id = s.project_id
    GROUP BY p.id ORDER BY COUNT(*) DESC, p.id LIMIT 1`)!
  const source = one(`SELECT root AS v FROM sources ORDER BY id LIMIT 1`)!
  const model = one(`SELECT m.name AS v FROM responses r JOIN models m ON m.id = r.model_id
    GROUP BY m.id ORDER BY COUNT(*) DESC LIMIT 1`)!
  const span = db.prepare(`SELECT MIN(ts) AS lo, MAX(ts) AS hi FROM events`).get() as {
    lo: number
    hi: number
  }
  const mid = {
    start: new Date(span.lo + (span.hi - span.lo) / 4).toISOString(),
    end: new Date(span.hi - (span.hi - span.lo) / 4).toISOString(),
  }
  const filters: CommonArgs['filters'][] = [
    {},
    { projects: [project] },
    { sources: [source] },
    { thread: 'main' },
    { thread: 'subagent' },
    { models: [model] },
    { projects: [project], thread: 'subagent' },
  ]
  const ranges: [CommonArgs['range'], GroupBy][] = [
    [{ preset: '7d' }, 'hour'],
    [{ preset: '30d' }, 'day'],
    [{ preset: '90d' }, 'week'],
    [{ preset: 'all' }, 'month'],
    [mid, 'day'],
  ]
  const seen = { prompts: 0, durations: 0, errors: 0, interruptions: 0, apiErrors: 0 }
  for (const [range, groupBy] of ranges)
    for (const timezone of ['UTC', 'Asia/Kolkata', 'America/New_York'])
      for (const f of filters) {
        const args = { range, timezone, weekStart: 1, filters: f } as CommonArgs
        const ref = activityReference(db, { ...args, groupBy }, now)
        const at = JSON.stringify({ range, timezone, f })
        const s = summary(db, args, now)
        expect([s.prompts.value, s.prompts.previous], at).toEqual([ref.prompts, ref.prevPrompts])
        const se = series(db, { ...args, groupBy, breakdownBy: 'model', withActivity: true }, now)
        expect(
          se.points.map((p) => p.prompts),
          at,
        ).toEqual(ref.seriesPrompts)
        const h = heatmap(db, args, now)
        expect(
          h.cells.map((c) => ({ prompts: c.prompts, avgResponseMs: c.avgResponseMs })),
          at,
        ).toEqual(ref.heatmap)
        const t = tools(db, { ...args, groupBy }, now)
        expect(
          t.tools.map(({ name, calls, errors }) => ({ name, calls, errors })),
          at,
        ).toEqual(ref.tools)
        expect(
          t.overTime.map(({ calls, errors }) => ({ calls, errors })),
          at,
        ).toEqual(ref.overTime)
        expect([t.interruptions, t.apiErrors], at).toEqual([ref.interruptions, ref.apiErrors])
        seen.prompts += ref.prompts
        seen.durations += ref.heatmap.filter((c) => c.avgResponseMs !== null).length
        seen.errors += ref.tools.reduce((a, x) => a + x.errors, 0)
        seen.interruptions += ref.interruptions
        seen.apiErrors += ref.apiErrors
      }
  return seen
}

/** Every kind of figure was there to compare. */
const allSeen = (seen: Record<string, number>) =>
  expect(
    Object.values(seen).every((n) => n > 0),
    JSON.stringify(seen),
  ).toBe(true)

const noDrift = { extra: [], missing: [], orphans: [] }

/** API errors (the fixtures hold none), one of them in a subagent's run. */
function writeApiErrors(root: string): void {
  const sessionId = '0a9e0000-0000-4000-8000-00000000a9e0'
  const line = (n: number, extra: object) =>
    JSON.stringify({
      uuid: `0a9e0000-0000-4000-8000-00000000000${n}`,
      sessionId,
      timestamp: `2026-01-10T10:0${n}:00.000Z`,
      cwd: '/work/api-errors',
      ...extra,
    })
  const error = (n: number, status: number) => ({
    type: 'assistant',
    isApiErrorMessage: true,
    apiErrorStatus: status,
    message: {
      id: `msg_api_error_${n}`,
      role: 'assistant',
      model: '<synthetic>',
      content: [{ type: 'text', text: `API Error: ${status}` }],
      usage: { input_tokens: 0, output_tokens: 0 },
    },
  })
  const lines = [
    line(1, { type: 'user', message: { role: 'user', content: 'hello' } }),
    line(2, error(2, 529)),
    line(3, { ...error(3, 429), agentId: 'a9e0', isSidechain: true }),
  ]
  writeProjectTranscript(root, 'api-errors.jsonl', lines.join('\n') + '\n')
}

describe('on the real fixtures', () => {
  let dir = ''
  let store: TestStore
  beforeAll(async () => {
    dir = tempDir()
    store = openTestStore(join(dir, 'store.db'))
    copyFixtures(join(dir, 'in'))
    writeApiErrors(join(dir, 'in'))
    await store.ingest(join(dir, 'in'))
  })
  afterAll(() => {
    store.close()
    cleanup(dir)
  })

  it('answers exactly as the fact tables did, for every range, zone and filter', () => {
    expect(activityDrift(store.db)).toEqual(noDrift)
    allSeen(expectSameAnswers(store.db, FIXTURE_NOW))
  })

  it('migration 011 builds from a version-10 store what the writer maintained', () => {
    const rows = () => store.db.prepare(`SELECT * FROM activity_15m ORDER BY 1, 2, 3, 4, 5, 6`).all()
    const kept = rows()
    expect(kept.length).toBeGreaterThan(0)
    store.db.exec(`DROP TABLE activity_15m; DROP TABLE activity_orphans; PRAGMA user_version = 10`)
    store.close()
    store = openTestStore(join(dir, 'store.db'))
    expect(store.db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(11)
    expect(rows()).toEqual(kept)
    allSeen(expectSameAnswers(store.db, FIXTURE_NOW))
  })

  it('a store from before migration 007 is re-read by 007–009 and ends as a rebuild', async () => {
    store.db.exec(`DROP TABLE activity_15m; DROP TABLE activity_orphans; DROP TABLE session_spans;
      PRAGMA user_version = 6`)
    store.close()
    store = openTestStore(join(dir, 'store.db'))
    expect(activityDrift(store.db)).toEqual(noDrift)
    await store.ingest(join(dir, 'in'))
    expect(activityDrift(store.db)).toEqual(noDrift)
    allSeen(expectSameAnswers(store.db, FIXTURE_NOW))
  })
})

describe('on a generated multi-month corpus', () => {
  let dir = ''
  let store: TestStore
  beforeAll(async () => {
    dir = tempDir()
    generateCorpus({ root: join(dir, 'home'), targetBytes: 30e6, days: 150, seed: 11 })
    store = openTestStore()
    await store.ingest(join(dir, 'home/.claude'), join(dir, 'home/.config/claude'))
  }, 180_000)
  afterAll(() => {
    store.close()
    cleanup(dir)
  })

  it('answers exactly as the fact tables did, for every range, zone and filter', () => {
    expect(activityDrift(store.db)).toEqual(noDrift)
    allSeen({ ...expectSameAnswers(store.db, CORPUS_END + 3_600_000), apiErrors: 1 })
  }, 180_000)
})

function jsonlFiles(root: string): string[] {
  const out: string[] = []
  for (const e of readdirSync(root, { withFileTypes: true })) {
    const p = join(root, e.name)
    if (e.isDirectory()) out.push(...jsonlFiles(p))
    else if (e.name.endsWith('.jsonl') || e.name.endsWith('.meta.json')) out.push(p)
  }
  return out.sort()
}

describe('incremental maintenance', () => {
  let dir = ''
  let store: TestStore
  beforeAll(() => {
    dir = tempDir()
    store = openTestStore()
  })
  afterAll(() => {
    store.close()
    cleanup(dir)
  })

  it('equals a rebuild after appends, results before uses, re-reads from 0 and removed sources', async () => {
    const staged = join(dir, 'staged')
    copyFixtures(staged)
    generateCorpus({ root: join(dir, 'gen'), targetBytes: 6e6, days: 60, seed: 5 })
    cpSync(join(dir, 'gen/.claude/projects'), join(staged, 'projects'), { recursive: true })
    const live = join(dir, 'live')
    const files = jsonlFiles(staged)
    const lines = new Map(files.map((f) => [f, readFileSync(f, 'utf8').split('\n').filter(Boolean)]))
    const mains = files
      .filter((f) => f.endsWith('.jsonl') && !f.includes('/subagents/') && !/agent-[^/]*$/.test(f))
      .sort((a, b) => statSync(b).size - statSync(a).size)
    // G: its first part has no cwd (the session's project is filled later); F: its results come first, in another file.
    const [g, f] = [
      mains[0]!,
      mains.find((m) => lines.get(m)!.some((l) => l.includes('"tool_result"')) && m !== mains[0])!,
    ]
    const upTo = (file: string, share: number) => Math.ceil(lines.get(file)!.length * share)
    const write = (file: string, from: number, to: number) => {
      const dest = join(live, relative(staged, file))
      mkdirSync(dirname(dest), { recursive: true })
      let part = lines.get(file)!.slice(from, to)
      if (file === g && from === 0)
        part = part.map((l) => {
          const o = JSON.parse(l) as Record<string, unknown>
          delete o.cwd
          return JSON.stringify(o)
        })
      if (part.length > 0) appendFileSync(dest, part.join('\n') + '\n')
    }
    const check = async (label: string) => {
      await store.ingest(live)
      expect(activityDrift(store.db), label).toEqual(noDrift)
      // The response-time histograms (migration 016) move with the same facts and sessions.
      expect(latencyRows(store.db), label).toEqual(recountLatency(store.db))
    }
    // Pass 1: the first 40 % of every file (meta files whole), F's results alone in a file of their own.
    for (const file of files)
      if (file.endsWith('.meta.json')) write(file, 0, 1e9)
      else if (file !== f) write(file, 0, upTo(file, 0.4))
    const results = lines.get(f)!.filter((l) => l.includes('"tool_result"'))
    writeFileSync(
      join(dirname(join(live, relative(staged, f))), 'results-first.jsonl'),
      results.join('\n') + '\n',
    )
    writeApiErrors(live)
    await check('first part')
    // Pass 2 and 3: appended lines.
    for (const file of files)
      if (!file.endsWith('.meta.json')) write(file, file === f ? 0 : upTo(file, 0.4), upTo(file, 0.7))
    await check('appended')
    for (const file of files) if (!file.endsWith('.meta.json')) write(file, upTo(file, 0.7), 1e9)
    await check('whole')
    const whole = (
      store.db.prepare(`SELECT SUM(n) AS n FROM activity_15m WHERE kind = 'tool'`).get() as { n: number }
    ).n
    expect(whole).toBeGreaterThan(0)
    // Pass 4: every file re-read from 0 (its first bytes changed); inline runs get their agent ids.
    for (const file of jsonlFiles(live))
      if (file.endsWith('.jsonl')) writeFileSync(file, '\n' + readFileSync(file, 'utf8'))
    await check('re-read')
    // Pass 5: a backup source overlapping the live one, then removed.
    const backup = join(dir, 'backup')
    copyFixtures(backup)
    await store.ingest(live, backup)
    expect(activityDrift(store.db)).toEqual(noDrift)
    removeSourceData(store.db, realpathSync(backup))
    expect(activityDrift(store.db)).toEqual(noDrift)
    expect(latencyRows(store.db)).toEqual(recountLatency(store.db))
    await check('after removal')
    allSeen(expectSameAnswers(store.db, FIXTURE_NOW))
  }, 180_000)
})
