import type { CommonArgs } from '../../../shared/contract/params'
import type { AgentsResult } from '../../../shared/contract/results'
import type { Db } from '../store/db'
import { agentTypeSql } from '../store/run-types-sql'
import { effectiveRange, firstDataMs } from './common'
import { dimensionFilter } from './filters'
import { resolveRange } from './range'

/** A run's type: the stored one (`run_types`, migration 018), else looked up (a run not typed yet). */
const TYPE = `CASE WHEN inline THEN 'inline sidechain' ELSE COALESCE(rt.type, ${agentTypeSql('runs.run')}) END`

/**
 * The runs with responses in [start, end): a row of `agent_runs` (migration 015) wholly inside counts
 * as it is; only the rows straddling an edge are summed from their session's responses in the range,
 * so the cost follows the answer, not the history. Tool calls and errors: the run's calls in the range,
 * its stored counts (`run_types`) when all its calls are inside, else searched.
 */
const RUNS = (filter: string) => `
  WITH hit AS MATERIALIZED (
    SELECT ar.* FROM agent_runs ar WHERE ar.last_ts >= ? AND ar.first_ts < ?${filter}
  ), part AS (
    SELECT run, session_id, first_ts AS first, last_ts AS last, cost, priced, responses, tokens FROM hit
      WHERE first_ts >= ? AND last_ts < ?
    UNION ALL
    SELECT h.run, h.session_id, MIN(y.ts), MAX(y.ts), TOTAL(y.cost), COUNT(y.cost), COUNT(*),
      SUM(y.input + y.output + y.cache_write_5m + y.cache_write_1h + y.cache_read)
      FROM hit h CROSS JOIN responses y ON y.session_id = h.session_id AND y.ts >= ? AND y.ts < ?
        AND (y.agent_id IS NOT NULL OR y.is_sidechain = 1) AND COALESCE(y.agent_id, 'inline:' || y.session_id) = h.run
        AND IFNULL(y.project_id, 0) = h.project_id AND y.model_id = h.model_id AND y.source_id = h.source_id
      WHERE NOT (h.first_ts >= ? AND h.last_ts < ?)
      GROUP BY h.run, h.session_id, h.project_id, h.model_id, h.source_id
  ), runs AS (
    SELECT run, MAX(run = 'inline:' || session_id) AS inline, MIN(first) AS first, MAX(last) AS last,
      SUM(cost) AS cost, SUM(priced) AS priced, SUM(responses) AS responses, SUM(tokens) AS tokens
    FROM part GROUP BY run
  )
  SELECT runs.run, ${TYPE} AS type, first, last, cost, priced, responses, tokens,
    CASE WHEN rt.calls = 0 OR (rt.calls > 0 AND rt.first_call >= ? AND rt.last_call < ?) THEN rt.calls || ' ' || rt.errors
    ELSE (SELECT COUNT(*) || ' ' || IFNULL(SUM(COALESCE(t.is_error, 0)), 0) FROM tool_calls t
      WHERE t.agent_id = runs.run AND t.ts >= ? AND t.ts < ?) END AS calls
  FROM runs LEFT JOIN run_types rt ON rt.run = runs.run ORDER BY runs.run`

/**
 * Subagents by type. A run is one agent id (its responses in the range); its type comes from the
 * `.meta.json` sidecar, else the Task/Agent call that spawned it, else `compaction` for
 * `acompact-*` agents; 1.0.x inline sidechains, which carry no agent id, form one `inline sidechain`
 * row counted per session. Duration = last − first response of the run.
 */
export function agents(db: Db, args: CommonArgs, now: number): AgentsResult {
  const r = resolveRange(args, now, firstDataMs(db, now))
  const f = dimensionFilter({ ...args.filters, thread: undefined }, 'ar', '1')
  const span = [r.start, r.end]
  const runs = db
    .prepare(RUNS(f.sql))
    .all(...span, ...f.args, ...span, ...span, ...span, ...span, ...span) as {
    run: string
    type: string
    first: number
    last: number
    cost: number | null
    priced: number
    responses: number
    tokens: number
    /** The run's calls and errors in the range, as `<calls> <errors>` (one search of tool_calls_agent_errors). */
    calls: string
  }[]
  const byType = new Map<
    string,
    {
      runs: number
      cost: number
      priced: number
      tokens: number
      responses: number
      dur: number
      timed: number
      calls: number
      errors: number
    }
  >()
  for (const run of runs) {
    let t = byType.get(run.type)
    if (!t)
      byType.set(
        run.type,
        (t = { runs: 0, cost: 0, priced: 0, tokens: 0, responses: 0, dur: 0, timed: 0, calls: 0, errors: 0 }),
      )
    t.runs++
    t.cost += run.cost ?? 0
    t.priced += run.priced
    t.tokens += run.tokens
    t.responses += run.responses
    if (run.responses > 1) {
      t.dur += run.last - run.first
      t.timed++
    }
    const cut = run.calls.indexOf(' ')
    t.calls += Number(run.calls.slice(0, cut))
    t.errors += Number(run.calls.slice(cut + 1))
  }
  return {
    range: effectiveRange(r),
    agents: [...byType.entries()]
      .map(([type, t]) => ({
        type,
        runs: t.runs,
        spend: { cost: t.priced > 0 ? t.cost : null, tokens: t.tokens, responses: t.responses },
        avgDurationMs: t.timed > 0 ? t.dur / t.timed : null,
        toolCalls: t.calls,
        errorRate: t.calls > 0 ? t.errors / t.calls : null,
      }))
      .sort((a, b) => (b.spend.cost ?? -1) - (a.spend.cost ?? -1) || b.runs - a.runs),
  }
}
