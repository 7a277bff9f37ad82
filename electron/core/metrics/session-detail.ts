import type { SessionDetailResult, Spend } from '../../../shared/contract/results'
import type { Db } from '../store/db'
import { sessionInfo } from '../report/sessions'
import { MAX_TURN_MS } from './response-times'
import { SESSION_LIST_MAX, inWindow, windowIso } from './limits'

/** Running spend of responses added in time order (the sums are taken in that order, as they always were). */
class SpendSum {
  cost = 0
  priced = 0
  tokens = 0
  responses = 0
  add(cost: number | null, tokens: number): void {
    if (cost !== null) {
      this.cost += cost
      this.priced++
    }
    this.tokens += tokens
    this.responses++
  }
  spend(): Spend {
    return {
      cost: this.priced > 0 ? this.cost : this.responses > 0 ? null : 0,
      tokens: this.tokens,
      responses: this.responses,
    }
  }
}

interface TurnAcc {
  ts: number
  text: string | null
  /** A slash command's turn (shown only when the model answered it). */
  command: boolean
  /** A `turn_duration` event in the turn was seen (its value may still be null). */
  timed: boolean
  duration: number | null
  lastTs: number | null
  toolCalls: number
  spend: SpendSum
}

/**
 * One session: its turns (prompt → next prompt, main thread) with timing and spend, tools with
 * errors, API errors, compactions, and its subagents rolled up with the main-vs-subagent split.
 * Returns null for an unknown id.
 *
 * The cost is linear in the session and the memory bounded by the answer: each list keeps at most
 * SESSION_LIST_MAX entries (the most recent, read by LIMIT/OFFSET after a count); tool figures are
 * summed in SQL; responses are streamed once in time order (costs summed in that order, as always),
 * and a row of a kept turn finds its turn by binary search over the kept prompts.
 */
export function sessionDetail(db: Db, args: { id: string }, now: number): SessionDetailResult | null {
  const info = sessionInfo(db, args.id)
  if (!info) return null
  const id = args.id
  const max = SESSION_LIST_MAX
  const iso = (ms: number): string => windowIso(ms, now)
  // Rows dated outside the data window are corrupt: left out (limits.ts).
  const w = inWindow('ts', now)

  // Turns: one per human prompt; only the last `max` are kept (their figures need no earlier row).
  // Each list is read by kind from events(session_id, kind, ts), in time order as before.
  // 'turn': the events that start a turn, human prompts and slash commands.
  const ofKind = (kind: string) =>
    `FROM events WHERE session_id = ? AND ${kind === 'turn' ? `kind IN ('prompt', 'command')` : `kind = '${kind}'`}${
      kind === 'turn' || kind === 'turn_duration' ? ' AND agent_id IS NULL' : ''
    }${w.sql}`
  const count = (kind: string): number =>
    (db.prepare(`SELECT COUNT(*) AS n ${ofKind(kind)}`).get(id, ...w.args) as { n: number }).n
  /** The last `max` events of a kind (of `n`), oldest first. */
  const lastOf = (kind: string, n: number) =>
    db
      .prepare(`SELECT ts, kind, text, value ${ofKind(kind)} ORDER BY ts LIMIT ? OFFSET ?`)
      .all(id, ...w.args, max, Math.max(0, n - max)) as {
      ts: number
      kind: string
      text: string | null
      value: number | null
    }[]
  const promptCount = count('turn')
  const turns: TurnAcc[] = lastOf('turn', promptCount).map((p) => ({
    ts: p.ts,
    text: p.text,
    command: p.kind === 'command',
    timed: false,
    duration: null,
    lastTs: null,
    toolCalls: 0,
    spend: new SpendSum(),
  }))
  /** Index of the last kept prompt strictly before `ts` (-1 if none), by binary search. */
  const before = (ts: number): number => {
    let lo = 0
    let hi = turns.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (turns[mid]!.ts < ts) lo = mid + 1
      else hi = mid
    }
    return lo - 1
  }
  /** End of kept turn i: the next prompt, else 4 h after its prompt (the last turn of the session). */
  const endOf = (i: number): number => turns[i + 1]?.ts ?? turns[i]!.ts + MAX_TURN_MS
  /** The kept turn (p, end) holding an instant. */
  const turnAt = (ts: number): TurnAcc | undefined => {
    const i = before(ts)
    return i >= 0 && ts < endOf(i) ? turns[i] : undefined
  }
  if (turns.length > 0)
    // A turn (p, end] is timed by the sum of the turn_duration lines in it.
    for (const d of db
      .prepare(`SELECT ts, value ${ofKind('turn_duration')} AND ts > ? ORDER BY ts`)
      .iterate(id, ...w.args, turns[0]!.ts) as IterableIterator<{ ts: number; value: number | null }>) {
      const i = before(d.ts)
      const t = turns[i]
      if (!t || d.ts > endOf(i)) continue
      t.timed = true
      if (d.value !== null) t.duration = (t.duration ?? 0) + d.value
    }
  const apiErrorCount = count('api_error')
  const compactionCount = count('compaction')

  const all = new SpendSum()
  const main = new SpendSum()
  const subs = new SpendSum()
  const agentRuns = new Map<string, { firstTs: number; lastTs: number; toolCalls: number; spend: SpendSum }>()
  // Rows as arrays [ts, agent_id, sub, cost, tokens]: the one per-row pass, kept lean.
  for (const [ts, agentId, sub, cost, tokens] of db
    .prepare(
      `SELECT ts, agent_id, (agent_id IS NOT NULL OR is_sidechain) AS sub, cost,
        input + output + cache_write_5m + cache_write_1h + cache_read AS tokens FROM responses WHERE session_id = ?${w.sql} ORDER BY ts`,
    )
    .raw()
    .iterate(id, ...w.args) as IterableIterator<[number, string | null, number, number | null, number]>) {
    all.add(cost, tokens)
    if (sub) subs.add(cost, tokens)
    else {
      main.add(cost, tokens)
      const t = turnAt(ts)
      if (t) {
        t.spend.add(cost, tokens)
        t.lastTs = ts
      }
    }
    if (agentId !== null) {
      let a = agentRuns.get(agentId)
      if (!a) agentRuns.set(agentId, (a = { firstTs: ts, lastTs: ts, toolCalls: 0, spend: new SpendSum() }))
      a.lastTs = ts
      a.spend.add(cost, tokens)
    }
  }

  // Tools: counts and times per name in SQL (integers, exact), ordered by calls, then first use.
  const inCalls = `FROM tool_calls WHERE session_id = ? AND name <> '?'${w.sql}`
  const tools = (
    db
      .prepare(
        `SELECT name, COUNT(*) AS calls, COUNT(CASE WHEN is_error THEN 1 END) AS errors,
          TOTAL(CASE WHEN result_ts >= ts THEN result_ts - ts END) AS ms, COUNT(CASE WHEN result_ts >= ts THEN 1 END) AS timed
         ${inCalls} GROUP BY name ORDER BY MIN(ts)`,
      )
      .all(id, ...w.args) as { name: string; calls: number; errors: number; ms: number; timed: number }[]
  )
    .map((t) => ({
      name: t.name,
      calls: t.calls,
      errors: t.errors,
      avgMs: t.timed > 0 ? t.ms / t.timed : null,
    }))
    .sort((a, b) => b.calls - a.calls)
  const toolErrorCount = tools.reduce((a, t) => a + t.errors, 0)
  const toolErrors = (
    db
      .prepare(`SELECT name, ts, error_text ${inCalls} AND is_error ORDER BY ts LIMIT ? OFFSET ?`)
      .all(id, ...w.args, max, Math.max(0, toolErrorCount - max)) as {
      name: string
      ts: number
      error_text: string | null
    }[]
  ).map((c) => ({ tool: c.name, at: iso(c.ts), message: c.error_text }))
  if (turns.length > 0)
    for (const ts of db
      .prepare(`SELECT ts ${inCalls} AND agent_id IS NULL AND ts > ?`)
      .pluck()
      .iterate(id, ...w.args, turns[0]!.ts) as IterableIterator<number>) {
      const t = turnAt(ts)
      if (t) t.toolCalls++
    }
  for (const c of db
    .prepare(`SELECT agent_id, COUNT(*) AS n ${inCalls} AND agent_id IS NOT NULL GROUP BY agent_id`)
    .iterate(id, ...w.args) as IterableIterator<{ agent_id: string; n: number }>) {
    const a = agentRuns.get(c.agent_id)
    if (a) a.toolCalls = c.n
  }

  // Subagents in the order they first answered; the last `max` to start are kept.
  const kept = [...agentRuns.entries()].slice(-max)
  // Typed as in the agents metric: sidecar, else the spawning Task call, else `compaction` for acompact-*.
  // 1.0.x inline runs have no agents row: their Task call alone types them.
  const agentInfo = db.prepare(
    `SELECT COALESCE(a.agent_type, (SELECT subagent_type FROM tool_calls WHERE spawned_agent_id = k.id LIMIT 1),
         CASE WHEN k.id LIKE 'acompact-%' THEN 'compaction' END) AS type,
       COALESCE(a.description, (SELECT description FROM tool_calls WHERE spawned_agent_id = k.id LIMIT 1)) AS description
     FROM (SELECT ? AS id, ? AS sid) k LEFT JOIN agents a ON a.id = k.id AND a.session_id = k.sid`,
  )
  const cut =
    promptCount > max ||
    toolErrorCount > max ||
    apiErrorCount > max ||
    compactionCount > max ||
    agentRuns.size > max
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
    totals: { all: all.spend(), main: main.spend(), subagents: subs.spend() },
    turns: turns
      .filter((t) => !t.command || t.lastTs !== null)
      .map((t) => ({
        promptAt: iso(t.ts),
        prompt: t.text,
        durationMs: (t.timed ? t.duration : null) ?? (t.lastTs !== null ? t.lastTs - t.ts : null),
        toolCalls: t.toolCalls,
        spend: t.spend.spend(),
      })),
    tools,
    toolErrors,
    apiErrors: lastOf('api_error', apiErrorCount).map((e) => ({
      at: iso(e.ts),
      status: e.value,
      message: e.text,
    })),
    interruptions: count('interrupt'),
    compactions: lastOf('compaction', compactionCount).map((e) => ({
      at: iso(e.ts),
      trigger: e.text,
      preTokens: e.value,
    })),
    subagents: kept.map(([aid, a]) => {
      const meta = agentInfo.get(aid, id) as { type: string | null; description: string | null } | undefined
      return {
        id: aid,
        type: meta?.type ?? null,
        description: meta?.description ?? null,
        firstAt: iso(a.firstTs),
        lastAt: iso(a.lastTs),
        toolCalls: a.toolCalls,
        spend: a.spend.spend(),
      }
    }),
    truncated: cut
      ? {
          turns: promptCount,
          toolErrors: toolErrorCount,
          apiErrors: apiErrorCount,
          compactions: compactionCount,
          subagents: agentRuns.size,
        }
      : null,
  }
}
