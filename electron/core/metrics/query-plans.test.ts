import { expect, it } from 'vitest'
import { QUERY_NAMES } from '../../../shared/contract/names'
import { copyFixtures, useTempStore, type TestStore } from '../../../tests/helpers/store'
import { Api } from '../api/api'
import type { Db } from '../store/db'

let dir: string
let store: TestStore
useTempStore((d, s) => {
  dir = d
  store = s
})

/** Runs `fn` while recording every statement it prepares and the arguments it runs them with. */
function capture(db: Db, fn: () => void): { sql: string; args: unknown[] }[] {
  const seen: { sql: string; args: unknown[] }[] = []
  const prepare = db.prepare.bind(db)
  db.prepare = ((sql: string) => {
    const st = prepare(sql)
    const wrap =
      (m: 'all' | 'get' | 'run' | 'iterate') =>
      (...args: unknown[]) => {
        seen.push({ sql, args })
        return (st[m] as (...a: unknown[]) => unknown)(...args)
      }
    // raw() and pluck() change how rows come back, not the statement: the wrapper stays in the chain.
    const wrapped = {
      all: wrap('all'),
      get: wrap('get'),
      run: wrap('run'),
      iterate: wrap('iterate'),
      raw: (...on: [boolean?]) => (st.raw(...on), wrapped),
      pluck: (...on: [boolean?]) => (st.pluck(...on), wrapped),
    }
    return wrapped
  }) as unknown as Db['prepare']
  try {
    fn()
  } finally {
    db.prepare = prepare
  }
  return seen
}

it('no metric query scans a fact table or the rollup: every one searches an index', async () => {
  copyFixtures(dir)
  await store.ingest(dir)
  const api = new Api(store.db, () => Date.UTC(2026, 10, 24))
  const plans: string[] = []
  /** Plans of the statements that loop over group edges. */
  const grouped: string[] = []
  const common = { range: { preset: '30d' }, timezone: 'Europe/Paris', filters: { projects: ['spotter'] } }
  // Every sort of the sessions list (each reads session_totals its own way), and a search.
  const sessionsArgs = ['cost', 'tokens', 'prompts', 'duration'].map((sort) => ({
    ...common,
    sort,
    search: sort === 'cost' ? 'a' : undefined,
  }))
  for (const [name, extra] of [
    ...QUERY_NAMES.map((n) => [n, undefined] as const),
    ...sessionsArgs.map((a) => ['sessions', a] as const),
  ]) {
    const args: Record<string, object> = {
      session: { id: 'ef958aa1-0e93-49f0-bb71-150f63befcd1' },
      series: { ...common, withActivity: true },
      compare: { ...common, filters: {}, projects: ['spotter', 'ai-music'] },
      forecast: { timezone: 'Europe/Paris', planMonthlyUsd: 100 },
      health: {},
      // Turns of every session: read by time alone.
      models: { ...common, filters: { thread: 'main' } },
    }
    for (const q of capture(store.db, () =>
      expect(api.call(name, extra ?? args[name] ?? common)).toMatchObject({ ok: true }),
    ))
      for (const row of store.db.prepare(`EXPLAIN QUERY PLAN ${q.sql}`).all(...q.args) as {
        detail: string
      }[]) {
        // The rollup's rows of a range (rollup-span.ts) come from a co-routine that searches both rollups.
        if (q.sql.includes('rollup_rows AS') && row.detail === 'SCAN r') continue
        plans.push(`${name}: ${row.detail}`)
        if (q.sql.includes('FROM grp')) grouped.push(`${name}: ${row.detail}`)
      }
  }
  const scans = plans.filter((p) =>
    /\bSCAN (r|x|e|t|d|a|l|su|responses|events|tool_calls|rollup_15m|activity_15m|leafs|summaries|sessions)\b(?! USING)/.test(
      p,
    ),
  )
  expect(scans).toEqual([])
  // A seek on kind alone walks every event of that kind (e.g. per session in a correlated subquery).
  expect(plans.filter((p) => /USING (COVERING )?INDEX events_kind_ts \(kind=\?\)$/.test(p))).toEqual([])
  expect(plans.some((p) => /SEARCH r USING PRIMARY KEY \(bucket>\? AND bucket<\?\)/.test(p))).toBe(true)
  expect(plans.some((p) => /USING INDEX responses_ts/.test(p))).toBe(true)
  // series loops over its groups' pieces and searches both rollups by range inside each (the other way
  // round costs a pass over every bucket per group).
  const series = plans.filter((p) => p.startsWith('series: '))
  const groups = series.findIndex((p) => /SCAN json_each\b/.test(p))
  expect(groups).toBeGreaterThanOrEqual(0)
  expect(series.findIndex((p) => /SEARCH r USING PRIMARY KEY \(bucket>\? AND bucket<\?\)/.test(p))).toBe(
    groups + 1,
  )
  expect(series.some((p) => /SEARCH r USING PRIMARY KEY \(day>\? AND day<\?\)/.test(p))).toBe(true)
  // Prompts, turn durations, interruptions, API errors and tool counts come from the activity rollup,
  // searched by kind and bucket range (inside each group for series and tools).
  const activity = plans.filter((p) =>
    /SEARCH a USING PRIMARY KEY \(kind=\? AND bucket>\? AND bucket<\?\)/.test(p),
  )
  for (const name of ['summary', 'series', 'heatmap', 'tools'])
    expect(activity.some((p) => p.startsWith(`${name}: `))).toBe(true)
  expect(
    plans.filter((p) => /\b(events|tool_calls|e)\b/.test(p) && /^(summary|series|heatmap):/.test(p)),
  ).toEqual([])
  // Tools' top errors read only the errors in the range.
  expect(
    plans.some((p) =>
      /^tools: SEARCH t USING COVERING INDEX tool_calls_errors_text \(ts>\? AND ts<\?\)/.test(p),
    ),
  ).toBe(true)
  // Inside a loop over groups every fact search is by time: by session it costs groups × sessions.
  expect(grouped.filter((p) => /SCAN grp$/.test(p)).length).toBeGreaterThanOrEqual(3)
  // Session counts read session_totals by day; only a session straddling a group edge is probed in its
  // responses of that group (session and time), so that search is bounded by the answer.
  const probe = /SEARCH r USING INDEX responses_session \(session_id=\? AND ts>\? AND ts<\?\)$/
  expect(grouped.filter((p) => /SEARCH (r|e|t) .*session_id=\?/.test(p) && !probe.test(p))).toEqual([])
  expect(
    grouped.some((p) => /SEARCH t USING COVERING INDEX session_totals_day \(day>\? AND day<\?\)/.test(p)),
  ).toBe(true)
  // No request aggregates a range of responses for sessions: the sessions list and per-session cache rows too.
  for (const name of ['sessions', 'cache', 'projects'])
    expect(plans.filter((p) => p.startsWith(`${name}: `) && /USING INDEX responses_ts/.test(p))).toEqual([])
  // Turns are read from the turns table by time, never searched per prompt in events or responses.
  for (const name of ['responseTimes', 'models']) {
    const mine = plans.filter((p) => p.startsWith(`${name}: `))
    // By time, or (a project filter: responseTimes) by each of the project's sessions and time.
    const turns =
      /SEARCH t USING (COVERING INDEX turns_ts \(ts>\? AND ts<\?\)|PRIMARY KEY \(session_id=\? AND ts>\? AND ts<\?\))/
    expect(mine.some((p) => turns.test(p))).toBe(true)
    expect(mine.filter((p) => /SEARCH (d|x|e) .*session_id=\?/.test(p))).toEqual([])
  }
  // agents reads runs from agent_runs (migration 015): responses only for runs cut by the range (by
  // session), tool calls per run listed; never the range's responses or tool calls by time.
  const agentPlans = plans.filter((p) => p.startsWith('agents: '))
  expect(agentPlans).toContain('agents: SEARCH ar USING INDEX agent_runs_last (last_ts>?)')
  expect(agentPlans).toContain(
    'agents: SEARCH y USING INDEX responses_subagent (session_id=? AND ts>? AND ts<?)',
  )
  expect(
    agentPlans.filter((p) =>
      /COVERING INDEX tool_calls_agent_errors \(agent_id=\? AND ts>\? AND ts<\?\)/.test(p),
    ).length,
  ).toBe(1)
  expect(agentPlans.filter((p) => /responses_ts|tool_calls_ts|SCAN (y|t|ar)\b/.test(p))).toEqual([])
})

it('responseTimes reads whole UTC days from latency_1d, other whole hours from latency_1h, only partial hours from the facts', async () => {
  copyFixtures(dir)
  await store.ingest(dir)
  const api = new Api(store.db, () => Date.UTC(2026, 10, 24))
  for (const args of [
    { range: { preset: 'all' }, timezone: 'UTC', groupBy: 'day' },
    {
      range: { preset: '90d' },
      timezone: 'Asia/Kolkata',
      groupBy: 'week',
      filters: { projects: ['spotter'] },
    },
  ]) {
    const seen = capture(store.db, () => expect(api.call('responseTimes', args)).toMatchObject({ ok: true }))
    const plans = seen.flatMap((q) =>
      (store.db.prepare(`EXPLAIN QUERY PLAN ${q.sql}`).all(...q.args) as { detail: string }[]).map(
        (r) => r.detail,
      ),
    )
    expect(plans).toContain('SEARCH a USING PRIMARY KEY (kind=? AND project_id=? AND day>? AND day<?)')
    if (args.timezone !== 'UTC')
      expect(plans).toContain('SEARCH a USING PRIMARY KEY (kind=? AND hour>? AND hour<?)')
    expect(plans.filter((p) => /^SCAN (t|a|turns|tool_calls|latency_1h|latency_1d)\b/.test(p))).toEqual([])
    // Facts are read by time only for pieces of at most an hour (two half hours around a group edge) (the slowest turns: above a duration).
    const byTime = seen.filter((q) =>
      /FROM (turns|tool_calls) t WHERE t\.ts >= \? AND t\.ts < \?/.test(q.sql),
    )
    for (const q of byTime)
      expect((q.args[1] as number) - (q.args[0] as number)).toBeLessThanOrEqual(3_600_000)
    const slowest = seen.filter((q) => /t\.duration_ms >= \?/.test(q.sql))
    expect(slowest).toHaveLength(1)
  }
})
