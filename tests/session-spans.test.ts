import { appendFileSync, cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Api } from '../electron/core/api/api'
import type { ProjectsResult, SessionsResult } from '../shared/contract'
import { buildCli, runCli } from './helpers/cli'
import { cleanup, copyFixtures, openTestStore, tempDir, useTempStore, type TestStore } from './helpers/store'
import { jsonlFiles } from './helpers/recount'
import { SessionAccumulator } from '../electron/core/parse/normalize'
import { emptyBatch } from '../electron/core/parse/records'

/* eslint-disable @typescript-eslint/no-explicit-any -- transcript lines are schemaless JSON */

const WARMUP = 'claude-code-log/-Users-dain-workspace-coderabbit-review-helper/agent-0c78cdae.jsonl'
const WARMUP_SESSION = '6323a48e-3984-42eb-8790-2f7811368ab7'
const CLAUDE_P = 'claude-code-log/-src-experiments-claude_p'
const CLAUDE_P_SESSION = '29ccd257-68b1-427f-ae5f-6524b7cb6f20'
const WORKTREES = 'claude-code-log/-experiments-worktrees'
const WORKTREES_SESSION = 'ef958aa1-0e93-49f0-bb71-150f63befcd1'
const HOUR = 3_600_000
const PUBLIC_FIXTURES = join(__dirname, 'fixtures/claude-logs/public')

function lines(file: string): any[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .flatMap((l) => {
      try {
        return [JSON.parse(l)]
      } catch {
        return []
      }
    })
}

/**
 * Counting rule 11, recounted from the files: per session, min/max timestamp of the non-meta
 * user/assistant lines of the main thread and of every subagent whose human prompts are not
 * exactly one `Warmup`; only Warmup runs: their span.
 */
function recountSpans(dir: string): Map<string, { first: number; last: number }> {
  const threads = new Map<string, { first: number; last: number; prompts: string[] }>()
  for (const f of jsonlFiles(dir))
    for (const o of lines(f)) {
      if ((o.type !== 'user' && o.type !== 'assistant') || o.isMeta === true) continue
      const ts = Date.parse(o.timestamp)
      if (!Number.isFinite(ts) || typeof o.sessionId !== 'string') continue
      const agent = typeof o.agentId === 'string' ? o.agentId : ''
      const key = `${o.sessionId}\n${agent}`
      const t = threads.get(key) ?? { first: ts, last: ts, prompts: [] }
      t.first = Math.min(t.first, ts)
      t.last = Math.max(t.last, ts)
      const c = o.message?.content
      if (
        o.type === 'user' &&
        agent !== '' &&
        (typeof c === 'string' || !c?.some?.((b: any) => b?.type === 'tool_result'))
      )
        t.prompts.push(typeof c === 'string' ? c : (c?.find?.((b: any) => b?.type === 'text')?.text ?? ''))
      threads.set(key, t)
    }
  const all = new Map<
    string,
    { span: { first: number; last: number } | null; warm: { first: number; last: number } | null }
  >()
  const widen = (a: { first: number; last: number } | null, b: { first: number; last: number }) =>
    a === null
      ? { first: b.first, last: b.last }
      : { first: Math.min(a.first, b.first), last: Math.max(a.last, b.last) }
  for (const [key, t] of threads) {
    const [session, agent] = key.split('\n') as [string, string]
    const s = all.get(session) ?? { span: null, warm: null }
    const warmup = agent !== '' && t.prompts.length === 1 && t.prompts[0]!.trim() === 'Warmup'
    if (warmup) s.warm = widen(s.warm, t)
    else s.span = widen(s.span, t)
    all.set(session, s)
  }
  return new Map([...all].map(([id, s]) => [id, (s.span ?? s.warm)!]))
}

/** A contract request over the whole store, as metrics-lists.test.ts asks it. */
function call<T>(s: TestStore, name: string): T {
  const r = new Api(s.db, Date.now).call(name, { range: { preset: 'all' }, timezone: 'UTC' })
  if (!r.ok) throw new Error(r.error.message)
  return r.value as T
}

const stored = (s: TestStore, id: string) =>
  s.db.prepare(`SELECT first_ts AS first, last_ts AS last FROM sessions WHERE id = ?`).get(id) as
    { first: number; last: number } | undefined

/** A main-thread exchange of the Warmup session, `days` after its Warmup agent. */
function mainThread(days: number): string {
  const base = Date.parse('2025-11-14T12:23:09.052Z') + days * 24 * HOUR
  const common = {
    sessionId: WARMUP_SESSION,
    cwd: '/Users/dain/workspace/coderabbit-review-helper',
    version: '2.0.37',
  }
  return (
    [
      {
        ...common,
        type: 'user',
        uuid: 'main-u1',
        timestamp: new Date(base).toISOString(),
        message: { role: 'user', content: 'review the pagination fix' },
      },
      {
        ...common,
        type: 'assistant',
        uuid: 'main-a1',
        timestamp: new Date(base + 30 * 60_000).toISOString(),
        message: {
          id: 'msg_main_1',
          model: 'claude-sonnet-4-5-20250929',
          role: 'assistant',
          content: [{ type: 'text', text: 'Done.' }],
          usage: { input_tokens: 10, output_tokens: 5 },
        },
      },
    ]
      .map((l) => JSON.stringify(l))
      .join('\n') + '\n'
  )
}

describe('counting rule 11: a session spans its main thread and the subagents it ran', () => {
  let dir = ''
  let store: TestStore
  useTempStore((d, s) => {
    dir = d
    store = s
  })

  it('a session with nothing but a Warmup agent spans that agent (and is listed with its cost)', async () => {
    copyFixtures(dir, [WARMUP])
    await store.ingest(dir)
    const want = recountSpans(join(dir, 'projects')).get(WARMUP_SESSION)!
    expect(stored(store, WARMUP_SESSION)).toEqual(want)
    const v = call<SessionsResult>(store, 'sessions')
    expect(v.sessions.map((x) => [x.id, x.durationMs])).toEqual([[WARMUP_SESSION, want.last - want.first]])
    expect(v.sessions[0]!.cost).toBeGreaterThan(0)
  })

  it('a Warmup agent days before the conversation keeps its usage but not the span, read in two passes', async () => {
    copyFixtures(dir, [WARMUP])
    await store.ingest(dir)
    const responses = () => (store.db.prepare(`SELECT COUNT(*) AS n FROM responses`).get() as { n: number }).n
    const warmupResponses = responses()
    // The conversation starts three days later, in a file read by a later pass: the span is
    // recomputed from the threads, not widened.
    writeFileSync(join(dir, 'projects', WARMUP.replace(/agent-0c78cdae/, WARMUP_SESSION)), mainThread(3))
    await store.ingest(dir)
    const want = recountSpans(join(dir, 'projects')).get(WARMUP_SESSION)!
    expect(want.last - want.first).toBe(30 * 60_000)
    expect(stored(store, WARMUP_SESSION)).toEqual(want)
    expect(responses()).toBe(warmupResponses + 1)
    // A second prompt in the agent file (read incrementally) makes it a real run: it widens the span.
    const agentFile = join(dir, 'projects', WARMUP)
    const first = lines(agentFile)[0]
    appendFileSync(
      agentFile,
      JSON.stringify({
        ...first,
        uuid: 'second-prompt',
        timestamp: '2025-11-14T12:30:00.000Z',
        message: { role: 'user', content: 'and now search' },
      }) + '\n',
    )
    await store.ingest(dir)
    const widened = recountSpans(join(dir, 'projects')).get(WARMUP_SESSION)!
    expect(widened.first).toBe(Date.parse('2025-11-14T12:23:09.052Z'))
    expect(stored(store, WARMUP_SESSION)).toEqual(widened)
  })

  it('sessions with subagents span the main thread and their runs (claude_p, worktrees)', async () => {
    copyFixtures(dir, [CLAUDE_P, WORKTREES])
    // The worktrees session's parallel round-2 runs (public/, see its SOURCES.md).
    cpSync(join(PUBLIC_FIXTURES, WORKTREES), join(dir, 'projects', WORKTREES), { recursive: true })
    await store.ingest(dir)
    const want = recountSpans(join(dir, 'projects'))
    for (const id of [CLAUDE_P_SESSION, WORKTREES_SESSION]) expect(stored(store, id)).toEqual(want.get(id))
    const parts = store.db.prepare(`SELECT session_id, agent_id FROM session_spans ORDER BY 1, 2`).all()
    expect(parts).toEqual([
      { session_id: CLAUDE_P_SESSION, agent_id: '' },
      { session_id: CLAUDE_P_SESSION, agent_id: 'a2271d1' },
      { session_id: WORKTREES_SESSION, agent_id: '' },
      { session_id: WORKTREES_SESSION, agent_id: 'a36efb2a1231c41e2' },
      { session_id: WORKTREES_SESSION, agent_id: 'a6aa8ad077d9ea083' },
      { session_id: WORKTREES_SESSION, agent_id: 'aef063ba534d73153' },
    ])
  })

  it('every real fixture session has the recounted span', async () => {
    copyFixtures(dir)
    await store.ingest(dir)
    const want = recountSpans(join(dir, 'projects'))
    const got = store.db
      .prepare(`SELECT id, first_ts AS first, last_ts AS last FROM sessions ORDER BY id`)
      .all() as {
      id: string
      first: number
      last: number
    }[]
    expect(new Map(got.map((s) => [s.id, { first: s.first, last: s.last }]))).toEqual(want)
  })
})

/**
 * Sets a store back to what the code before migration 008 left (no thread spans; a session widened to
 * `widenTo` when given, as the Warmup agent made it) and opens it again, which runs 008 and later.
 */
function reopenAsBefore008(file: string, widenTo?: number): TestStore {
  const raw = new Database(file)
  raw.exec(`DROP TABLE session_spans`)
  if (widenTo !== undefined) raw.prepare(`UPDATE sessions SET first_ts = ?`).run(widenTo)
  raw.pragma('user_version = 6')
  raw.close()
  return openTestStore(file)
}

describe('migration 008 rebuilds the spans of existing stores', () => {
  let dir = ''
  beforeAll(() => {
    dir = tempDir('obs-m008-')
  })
  afterAll(() => cleanup(dir))

  it('a store whose Warmup agent widened a span gets the main-thread span back on its next pass', async () => {
    copyFixtures(dir, [WARMUP])
    writeFileSync(join(dir, 'projects', WARMUP.replace(/agent-0c78cdae/, WARMUP_SESSION)), mainThread(3))
    const file = join(dir, 'store.db')
    const s = openTestStore(file)
    await s.ingest(dir)
    s.close()
    // As the code before 008 left it: no thread spans, the session widened to the Warmup agent.
    const again = reopenAsBefore008(file, Date.parse('2025-11-14T12:23:09.052Z'))
    try {
      const before = stored(again, WARMUP_SESSION)!
      expect(before.first).toBe(Date.parse('2025-11-14T12:23:09.052Z'))
      await again.ingest(dir)
      expect(stored(again, WARMUP_SESSION)).toEqual(recountSpans(join(dir, 'projects')).get(WARMUP_SESSION))
      expect(again.db.prepare(`SELECT COUNT(*) AS n FROM responses`).get()).toEqual({ n: 2 })
    } finally {
      again.close()
    }
  })
})

describe('migration 008 and files that are gone', () => {
  let dir = ''
  beforeAll(() => {
    dir = tempDir('obs-m008-gone-')
  })
  afterAll(() => cleanup(dir))

  it('a Warmup file that is gone no longer widens the span of a store written before 008', async () => {
    const sub = join(dir, 'w')
    copyFixtures(sub, [WARMUP])
    const main = join(sub, 'projects', WARMUP.replace(/agent-0c78cdae/, WARMUP_SESSION))
    writeFileSync(main, mainThread(3))
    const file = join(sub, 'store.db')
    const s = openTestStore(file)
    await s.ingest(sub)
    rmSync(join(sub, 'projects', WARMUP))
    await s.ingest(sub) // marks the Warmup file missing
    s.close()
    // As the code before 008 left it: the session widened to the Warmup agent, days before.
    const again = reopenAsBefore008(file, Date.parse('2025-11-14T12:23:09.052Z'))
    try {
      await again.ingest(sub)
      // No Task call spawned the agent: a Warmup run, kept in the totals, not in the span.
      const span = stored(again, WARMUP_SESSION)!
      expect(span.last - span.first).toBe(30 * 60_000)
      expect(span.first).toBe(Date.parse('2025-11-14T12:23:09.052Z') + 3 * 24 * HOUR)
      expect(again.db.prepare(`SELECT COUNT(*) AS n FROM responses`).get()).toEqual({ n: 2 })
    } finally {
      again.close()
    }
  })

  it('a session whose file is gone keeps its stored span (it cannot be derived again)', async () => {
    copyFixtures(dir, [WARMUP])
    const main = join(dir, 'projects', WARMUP.replace(/agent-0c78cdae/, WARMUP_SESSION))
    writeFileSync(main, mainThread(3))
    const file = join(dir, 'store.db')
    const s = openTestStore(file)
    await s.ingest(dir)
    rmSync(main)
    await s.ingest(dir) // marks the main file missing
    s.close()
    const again = reopenAsBefore008(file)
    try {
      const before = stored(again, WARMUP_SESSION)
      // The main thread's part comes from its stored rows (the file is gone); the Warmup agent is read again.
      expect(again.db.prepare(`SELECT agent_id, first_prompt FROM session_spans`).all()).toEqual([
        { agent_id: '', first_prompt: '?stored' },
      ])
      await again.ingest(dir)
      // The Warmup agent, read again, does not change it; the main thread's span stays.
      expect(stored(again, WARMUP_SESSION)).toEqual(before)
      expect(before!.last - before!.first).toBe(30 * 60_000)
    } finally {
      again.close()
    }
  })
})

describe('lastActive is the time of the last response', () => {
  let dir = ''
  let store: TestStore
  beforeAll(async () => {
    dir = tempDir('obs-last-')
    copyFixtures(dir)
    store = openTestStore()
    await store.ingest(dir)
  })
  afterAll(() => {
    store.close()
    cleanup(dir)
  })

  it('per project, the timestamp of the latest response (its kept copy) in the files', () => {
    // Rule 2: one copy per (message.id, requestId), the largest token total, the first on a tie.
    const kept = new Map<string, { total: number; ts: number; project: string }>()
    for (const f of jsonlFiles(join(dir, 'projects')))
      for (const o of lines(f)) {
        const m = o.type === 'assistant' ? o.message : null
        const u = m?.usage
        if (!u || m.model === '<synthetic>' || o.isApiErrorMessage === true) continue
        const total =
          (u.input_tokens ?? 0) +
          (u.output_tokens ?? 0) +
          (u.cache_creation_input_tokens ?? 0) +
          (u.cache_read_input_tokens ?? 0)
        const key = `${m.id}\n${o.requestId ?? ''}`
        const cwd: string = typeof o.cwd === 'string' ? o.cwd : ''
        const project = cwd.replace(/\/(\.claude\/worktrees|\.worktrees|\.git\/worktrees)\/[^/]+$/, '')
        const had = kept.get(key)
        if (!had || total > had.total) kept.set(key, { total, ts: Date.parse(o.timestamp), project })
      }
    const last = new Map<string, number>()
    for (const k of kept.values()) last.set(k.project, Math.max(last.get(k.project) ?? 0, k.ts))
    const v = call<ProjectsResult>(store, 'projects')
    expect(new Map(v.projects.map((p) => [p.path, p.lastActive]))).toEqual(
      new Map([...last].map(([p, ts]) => [p, new Date(ts).toISOString()])),
    )
  })
})

describe('observatory sessions pages through every session', () => {
  let dir = ''
  beforeAll(() => {
    buildCli()
    dir = tempDir('obs-pages-')
    copyFixtures(join(dir, 'claude'))
  })
  afterAll(() => cleanup(dir))

  it('--page/--page-size list each session once and say the total', () => {
    // Sessions with at least one response, counted from the files.
    const ids = new Set<string>()
    for (const f of jsonlFiles(join(dir, 'claude/projects')))
      for (const o of lines(f))
        if (
          o.type === 'assistant' &&
          o.message?.usage &&
          o.message.model !== '<synthetic>' &&
          o.isApiErrorMessage !== true
        )
          ids.add(o.sessionId)
    const cli = (...args: string[]) =>
      runCli(
        { dir, db: join(dir, 'cli.db') },
        'sessions',
        '--root',
        join(dir, 'claude'),
        '--range',
        'all',
        ...args,
      )
    const size = 4
    const pages = Math.ceil(ids.size / size)
    const seen: string[] = []
    for (let page = 1; page <= pages; page++) {
      const r = cli('--page', String(page), '--page-size', String(size), '--json')
      expect(r.code).toBe(0)
      const v = JSON.parse(r.out) as SessionsResult
      expect(v.total).toBe(ids.size)
      seen.push(...v.sessions.map((s) => s.id))
      const text = cli('--page', String(page), '--page-size', String(size))
      expect(text.out).toContain(`page ${page} of ${pages}, ${ids.size} sessions`)
    }
    expect(seen.sort()).toEqual([...ids].sort())
    expect(cli('--page', '0').code).toBe(2)
  })
})

it('a hostile file whose every line names another agent is read in linear time', () => {
  const acc = new SessionAccumulator()
  const n = 150_000
  const t0 = Date.UTC(2026, 0, 1)
  acc.touch('s', t0, { type: 'assistant' }, 'a0')
  // The session's list of span parts, with every read of it counted (a search of it per line: n²/2).
  let reads = 0
  const s = acc.map.get('s')!
  s.parts = new Proxy(s.parts, {
    get(target, key, receiver) {
      // Stops a quadratic reader at once rather than after minutes.
      if (++reads > 4 * n) throw new Error(`the span parts were read more than ${4 * n} times`)
      return Reflect.get(target, key, receiver) as unknown
    },
  })
  for (let i = 1; i < n; i++) acc.touch('s', t0 + i, { type: 'assistant' }, `a${i}`)
  // Each new part is appended: a few reads (`push`, `length`) per line, whatever the number of parts.
  expect(reads).toBeLessThanOrEqual(4 * n)
  expect(reads).toBeGreaterThanOrEqual(n - 1) // the proxy saw the appends
  const batch = emptyBatch()
  acc.flush(batch)
  expect(batch.sessions[0]?.parts).toHaveLength(n)
})
