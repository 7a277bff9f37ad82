import { expect, it } from 'vitest'
import type { SessionDetailResult, Spend } from '../shared/contract'
import { Api } from '../electron/core/api/api'
import { SESSION_LIST_MAX } from '../electron/core/metrics/limits'
import { MAX_TURN_MS } from '../electron/core/metrics/response-times'
import type { Db } from '../electron/core/store/db'
import { countingDb } from './helpers/counting-db'
import { useTempStore, type TestStore } from './helpers/store'
import { rng } from './helpers/rng'

let store: TestStore
useTempStore((_d, s) => {
  store = s
})

const NOW = Date.UTC(2026, 0, 1)
const T0 = Date.UTC(2025, 5, 1)

/**
 * One session written as the store writer's rows: `prompts` human prompts on a coarse clock (so
 * prompts, responses, durations and tool calls often share an instant), main, sidechain and subagent
 * responses (some unpriced), turn durations (none, one or two per turn, some null), tool calls (some
 * failing, some without result), API errors, compactions and interruptions; now and then a gap over 4 h.
 */
function writeSession(
  db: Db,
  id: string,
  n: { prompts: number; responses: number; calls: number; agents: number },
): void {
  const r = rng(n.prompts)
  db.prepare(`INSERT OR IGNORE INTO sources (id, root, label, added_at) VALUES (1, '/x', 'test', 0)`).run()
  db.prepare(
    `INSERT OR IGNORE INTO models (id, name) VALUES (1, 'claude-sonnet-4-5'), (2, 'claude-opus-4-1')`,
  ).run()
  const span = n.prompts * 40_000
  const at = () => T0 + Math.floor((r() * span) / 1000) * 1000
  const resp = db.prepare(
    `INSERT INTO responses (key, uuid, ts, session_id, agent_id, agent_type, is_sidechain, project_id, source_id, model_id,
      stop_reason, input, output, cache_write_5m, cache_write_1h, cache_read, web_search, web_fetch, service_tier, speed,
      cost, price_version, cost_usd_logged, from_progress) VALUES (?,?,?,?,?,NULL,?,NULL,1,?,NULL,?,?,?,0,?,0,0,NULL,NULL,?,'test',NULL,0)`,
  )
  const event = db.prepare(
    `INSERT INTO events (uuid, kind, ts, session_id, agent_id, text, value) VALUES (?,?,?,?,NULL,?,?)`,
  )
  const call = db.prepare(
    `INSERT INTO tool_calls (id, name, ts, session_id, agent_id, subagent_type, description, result_ts, is_error, error_text,
      spawned_agent_id) VALUES (?,?,?,?,?,?,?,?,?,?,?)`,
  )
  const agent = db.prepare(`INSERT INTO agents (id, session_id, agent_type, description) VALUES (?,?,?,?)`)
  const agentId = (i: number) => `a${i.toString(16).padStart(6, '0')}`
  db.transaction(() => {
    let ts = T0
    for (let i = 0; i < n.prompts; i++) {
      // Mostly short gaps, some ties, a few over 4 h.
      const g = r()
      ts += g < 0.05 ? 0 : g < 0.08 ? MAX_TURN_MS + Math.floor(r() * 3_600_000) : Math.floor(r() * 80) * 1000
      event.run(`p${i}`, 'prompt', ts, id, `prompt ${i}`, null)
      const d = r()
      if (d < 0.6)
        event.run(
          `d${i}`,
          'turn_duration',
          ts + Math.floor(r() * 60) * 1000,
          id,
          null,
          Math.floor(r() * 60_000),
        )
      if (d < 0.15)
        event.run(`d${i}b`, 'turn_duration', ts + Math.floor(r() * 60) * 1000, id, null, r() < 0.3 ? null : 5)
      if (d > 0.97) event.run(`e${i}`, 'api_error', ts + 1000, id, `API Error ${i}`, 529)
      if (d > 0.5 && d < 0.52) event.run(`c${i}`, 'compaction', ts + 2000, id, 'auto', 100_000 + i)
      if (d > 0.3 && d < 0.33) event.run(`x${i}`, 'interrupt', ts + 3000, id, null, null)
    }
    const end = Math.max(ts, T0 + span) + MAX_TURN_MS
    const when = () => T0 + Math.floor((r() * (end - T0)) / 1000) * 1000
    for (let i = 0; i < n.responses; i++) {
      const k = r()
      const agentIx = k < 0.25 ? Math.floor(r() * n.agents) : -1
      const tokens = [
        Math.floor(r() * 1000),
        Math.floor(r() * 500),
        Math.floor(r() * 2000),
        Math.floor(r() * 9000),
      ]
      resp.run(
        `k${i}`,
        `u${i}`,
        k < 0.01 ? at() : when(),
        id,
        agentIx >= 0 ? agentId(agentIx) : null,
        k > 0.9 ? 1 : 0,
        r() < 0.5 ? 1 : 2,
        ...tokens,
        r() < 0.1 ? null : r() * 0.05,
      )
    }
    for (let a = 0; a < n.agents; a++)
      if (r() < 0.7) agent.run(agentId(a), id, r() < 0.5 ? 'Explore' : null, r() < 0.5 ? `agent ${a}` : null)
    for (let i = 0; i < n.calls; i++) {
      const t = when()
      const k = r()
      const err = r() < 0.4
      call.run(
        `t${i}`,
        ['Bash', 'Read', 'Edit', 'Grep', 'mcp__x__y'][Math.floor(r() * 5)]!,
        t,
        id,
        k < 0.3 ? agentId(Math.floor(r() * n.agents)) : null,
        k > 0.98 ? 'general-purpose' : null,
        k > 0.98 ? `spawn ${i}` : null,
        r() < 0.1 ? null : t + Math.floor(r() * 20_000) - 1000,
        err ? 1 : 0,
        err ? `error ${i}` : null,
        k > 0.98 ? agentId(Math.floor(r() * n.agents)) : null,
      )
    }
    db.prepare(
      `INSERT INTO sessions (id, project_id, source_id, first_ts, last_ts, versions) VALUES (?, NULL, 1, ?, ?, '2.1.0')`,
    ).run(id, T0, end)
  })()
}

/** The straightforward computation (the one session detail used before it streamed): every turn filters every row. */
function reference(
  db: Db,
  id: string,
): Omit<
  SessionDetailResult,
  | 'truncated'
  | 'id'
  | 'title'
  | 'titleSource'
  | 'project'
  | 'firstActivity'
  | 'lastActivity'
  | 'versions'
  | 'gitBranch'
  | 'entrypoint'
> {
  type Resp = { ts: number; agent_id: string | null; sub: number; cost: number | null; tokens: number }
  const spend = (rs: Resp[]): Spend => {
    const priced = rs.filter((x) => x.cost !== null)
    return {
      cost: priced.length > 0 ? priced.reduce((a, x) => a + x.cost!, 0) : rs.length > 0 ? null : 0,
      tokens: rs.reduce((a, x) => a + x.tokens, 0),
      responses: rs.length,
    }
  }
  const iso = (ms: number) => new Date(ms).toISOString()
  const resps = db
    .prepare(
      `SELECT ts, agent_id, (agent_id IS NOT NULL OR is_sidechain) AS sub, cost,
        input + output + cache_write_5m + cache_write_1h + cache_read AS tokens FROM responses WHERE session_id = ? ORDER BY ts`,
    )
    .all(id) as Resp[]
  const events = db
    .prepare(`SELECT kind, ts, text, value FROM events WHERE session_id = ? ORDER BY ts`)
    .all(id) as {
    kind: string
    ts: number
    text: string | null
    value: number | null
  }[]
  const calls = db
    .prepare(
      `SELECT name, ts, result_ts, is_error, error_text, agent_id FROM tool_calls WHERE session_id = ? AND name <> '?' ORDER BY ts`,
    )
    .all(id) as {
    name: string
    ts: number
    result_ts: number | null
    is_error: number | null
    error_text: string | null
    agent_id: string | null
  }[]
  const main = resps.filter((x) => !x.sub)
  const prompts = events.filter((e) => e.kind === 'prompt')
  const durations = events.filter((e) => e.kind === 'turn_duration')
  const turns = prompts.map((p, i) => {
    const end = prompts[i + 1]?.ts ?? p.ts + MAX_TURN_MS
    const inTurn = main.filter((x) => x.ts > p.ts && x.ts < end)
    // The sum of the turn's turn_duration lines that have a value (none: from the responses).
    const tds = durations.filter((d) => d.ts > p.ts && d.ts <= end && d.value !== null)
    const td = tds.length > 0 ? { value: tds.reduce((a, d) => a + d.value!, 0) } : undefined
    const last = inTurn[inTurn.length - 1]
    return {
      promptAt: iso(p.ts),
      prompt: p.text,
      durationMs: td?.value ?? (last ? last.ts - p.ts : null),
      toolCalls: calls.filter((c) => c.agent_id === null && c.ts > p.ts && c.ts < end).length,
      spend: spend(inTurn),
    }
  })
  const byTool = new Map<string, { calls: number; errors: number; ms: number; timed: number }>()
  for (const c of calls) {
    let t = byTool.get(c.name)
    if (!t) byTool.set(c.name, (t = { calls: 0, errors: 0, ms: 0, timed: 0 }))
    t.calls++
    if (c.is_error) t.errors++
    if (c.result_ts !== null && c.result_ts >= c.ts) {
      t.ms += c.result_ts - c.ts
      t.timed++
    }
  }
  const agents = new Map(
    (
      db
        .prepare(
          // Every agent id that answered, with or without an agents row (1.0.x inline runs have none).
          `SELECT k.id, COALESCE(a.agent_type, (SELECT subagent_type FROM tool_calls WHERE spawned_agent_id = k.id LIMIT 1),
              CASE WHEN k.id LIKE 'acompact-%' THEN 'compaction' END) AS type,
            COALESCE(a.description, (SELECT description FROM tool_calls WHERE spawned_agent_id = k.id LIMIT 1)) AS description
           FROM (SELECT DISTINCT agent_id AS id FROM responses WHERE session_id = ? AND agent_id IS NOT NULL) k
           LEFT JOIN agents a ON a.id = k.id AND a.session_id = ?`,
        )
        .all(id, id) as { id: string; type: string | null; description: string | null }[]
    ).map((a) => [a.id, a]),
  )
  const subIds = [...new Set(resps.filter((x) => x.agent_id !== null).map((x) => x.agent_id!))]
  return {
    totals: { all: spend(resps), main: spend(main), subagents: spend(resps.filter((x) => x.sub)) },
    turns,
    tools: [...byTool.entries()]
      .map(([name, t]) => ({
        name,
        calls: t.calls,
        errors: t.errors,
        avgMs: t.timed > 0 ? t.ms / t.timed : null,
      }))
      .sort((a, b) => b.calls - a.calls),
    toolErrors: calls
      .filter((c) => c.is_error)
      .map((c) => ({ tool: c.name, at: iso(c.ts), message: c.error_text })),
    apiErrors: events
      .filter((e) => e.kind === 'api_error')
      .map((e) => ({ at: iso(e.ts), status: e.value, message: e.text })),
    interruptions: events.filter((e) => e.kind === 'interrupt').length,
    compactions: events
      .filter((e) => e.kind === 'compaction')
      .map((e) => ({ at: iso(e.ts), trigger: e.text, preTokens: e.value })),
    subagents: subIds.map((aid) => {
      const rs = resps.filter((x) => x.agent_id === aid)
      return {
        id: aid,
        type: agents.get(aid)?.type ?? null,
        description: agents.get(aid)?.description ?? null,
        firstAt: iso(rs[0]!.ts),
        lastAt: iso(rs[rs.length - 1]!.ts),
        toolCalls: calls.filter((c) => c.agent_id === aid).length,
        spend: spend(rs),
      }
    }),
  }
}

function detail(id: string): SessionDetailResult {
  const r = new Api(store.db, () => NOW).call('session', { id })
  if (!r.ok) throw new Error(r.error.message)
  return r.value as SessionDetailResult
}

it('answers a session’s figures exactly as the straightforward per-turn computation does', () => {
  writeSession(store.db, 's-small', { prompts: 400, responses: 1500, calls: 1500, agents: 30 })
  const d = detail('s-small')
  const ref = reference(store.db, 's-small')
  expect(d.truncated).toBeNull()
  expect(d).toMatchObject(ref)
  expect(d.turns).toEqual(ref.turns)
  expect(d.subagents).toEqual(ref.subagents)
  // The generated session has turns of every kind.
  expect(d.turns.some((t) => t.durationMs === null)).toBe(true)
  expect(d.turns.some((t) => t.spend.cost === null)).toBe(true)
  expect(d.turns.filter((t) => t.toolCalls > 0).length).toBeGreaterThan(30)
})

it('keeps the most recent entries of a list over its bound, with the full counts beside them', () => {
  const n = SESSION_LIST_MAX + 500
  writeSession(store.db, 's-mid', { prompts: n, responses: 6 * n, calls: 3 * n, agents: 2 * n })
  const d = detail('s-mid')
  const ref = reference(store.db, 's-mid')
  const last = <T>(xs: T[]) => xs.slice(-SESSION_LIST_MAX)
  expect(d.totals).toEqual(ref.totals)
  expect(d.tools).toEqual(ref.tools)
  expect(d.interruptions).toBe(ref.interruptions)
  expect(d.turns).toEqual(last(ref.turns))
  expect(d.toolErrors).toEqual(last(ref.toolErrors))
  expect(d.apiErrors).toEqual(last(ref.apiErrors))
  expect(d.compactions).toEqual(last(ref.compactions))
  expect(d.subagents).toEqual(last(ref.subagents))
  expect(ref.subagents.length).toBeGreaterThan(SESSION_LIST_MAX)
  expect(ref.toolErrors.length).toBeGreaterThan(SESSION_LIST_MAX)
  expect(d.truncated).toEqual({
    turns: ref.turns.length,
    toolErrors: ref.toolErrors.length,
    apiErrors: ref.apiErrors.length,
    compactions: ref.compactions.length,
    subagents: ref.subagents.length,
  })
})

it('answers a session of 50,000 prompts and 100,000 responses and tool calls reading each row once', () => {
  writeSession(store.db, 's-huge', { prompts: 50_000, responses: 100_000, calls: 100_000, agents: 2000 })
  // The work counted, not timed (speed: the bench's session row, scripts/bench/query-table.ts): a fixed
  // set of statements plus one per kept subagent, and about one row read per stored row, never one
  // statement per turn or a second pass over the rows per turn.
  const counted = countingDb(store.db)
  const r = new Api(counted.db, () => NOW).call('session', { id: 's-huge' })
  if (!r.ok) throw new Error(r.error.message)
  const d = r.value as SessionDetailResult
  const stored = 50_000 + 100_000 + 100_000 + 2000
  expect(counted.work.statements).toBeLessThanOrEqual(SESSION_LIST_MAX + 30)
  expect(counted.work.rows).toBeLessThanOrEqual(stored)
  expect(d.turns).toHaveLength(SESSION_LIST_MAX)
  expect(d.truncated?.turns).toBe(50_000)
  expect(d.totals.all.responses).toBe(100_000)
  expect(d.tools.reduce((a, t) => a + t.calls, 0)).toBe(100_000)
  expect(JSON.stringify(d).length).toBeLessThan(4 * 1024 * 1024)
})
