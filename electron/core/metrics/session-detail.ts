import type { SessionDetailResult, Spend } from '../../../shared/contract/results'
import type { Db } from '../store/db'
import { sessionInfo } from '../report/sessions'
import { MAX_TURN_MS } from './response-times'
import { inWindow, windowIso } from './limits'

interface Resp {
  ts: number
  agent_id: string | null
  sub: number
  cost: number | null
  tokens: number
}

function spend(rs: Resp[]): Spend {
  const priced = rs.filter((r) => r.cost !== null)
  return {
    cost: priced.length > 0 ? priced.reduce((a, r) => a + r.cost!, 0) : rs.length > 0 ? null : 0,
    tokens: rs.reduce((a, r) => a + r.tokens, 0),
    responses: rs.length,
  }
}

/**
 * One session: its turns (prompt → next prompt, main thread) with timing and spend, tools with
 * errors, API errors, compactions, and its subagents rolled up with the main-vs-subagent split.
 * Returns null for an unknown id.
 */
export function sessionDetail(db: Db, args: { id: string }, now: number): SessionDetailResult | null {
  const info = sessionInfo(db, args.id)
  if (!info) return null
  const id = args.id
  const iso = (ms: number): string => windowIso(ms, now)
  // Rows dated outside the data window are corrupt: left out (limits.ts).
  const w = inWindow('ts', now)
  const resps = db
    .prepare(
      `SELECT ts, agent_id, (agent_id IS NOT NULL OR is_sidechain) AS sub, cost,
        input + output + cache_write_5m + cache_write_1h + cache_read AS tokens FROM responses WHERE session_id = ?${w.sql} ORDER BY ts`,
    )
    .all(id, ...w.args) as Resp[]
  const events = db
    .prepare(`SELECT kind, ts, text, value FROM events WHERE session_id = ?${w.sql} ORDER BY ts`)
    .all(id, ...w.args) as {
    kind: string
    ts: number
    text: string | null
    value: number | null
  }[]
  const calls = db
    .prepare(
      `SELECT name, ts, result_ts, is_error, error_text, agent_id FROM tool_calls WHERE session_id = ? AND name <> '?'${w.sql} ORDER BY ts`,
    )
    .all(id, ...w.args) as {
    name: string
    ts: number
    result_ts: number | null
    is_error: number | null
    error_text: string | null
    agent_id: string | null
  }[]

  const main = resps.filter((r) => !r.sub)
  const prompts = events.filter((e) => e.kind === 'prompt')
  const durations = events.filter((e) => e.kind === 'turn_duration')
  const turns = prompts.map((p, i) => {
    const end = prompts[i + 1]?.ts ?? p.ts + MAX_TURN_MS
    const inTurn = main.filter((r) => r.ts > p.ts && r.ts < end)
    const td = durations.find((d) => d.ts > p.ts && d.ts <= end)
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
          `SELECT a.id, COALESCE(a.agent_type, (SELECT subagent_type FROM tool_calls WHERE spawned_agent_id = a.id LIMIT 1)) AS type,
            COALESCE(a.description, (SELECT description FROM tool_calls WHERE spawned_agent_id = a.id LIMIT 1)) AS description
           FROM agents a WHERE a.session_id = ?`,
        )
        .all(id) as { id: string; type: string | null; description: string | null }[]
    ).map((a) => [a.id, a]),
  )
  const subIds = [...new Set(resps.filter((r) => r.agent_id !== null).map((r) => r.agent_id!))]
  return {
    id,
    title: info.title,
    titleSource: info.titleSource,
    project: info.project,
    firstActivity: iso(info.firstTs),
    lastActivity: iso(info.lastTs),
    versions: info.versions,
    gitBranch: info.gitBranch,
    entrypoint: info.entrypoint,
    totals: { all: spend(resps), main: spend(main), subagents: spend(resps.filter((r) => r.sub)) },
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
      const rs = resps.filter((r) => r.agent_id === aid)
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
