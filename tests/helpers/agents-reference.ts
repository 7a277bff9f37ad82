import type { CommonArgs } from '../../shared/contract/params'
import type { AgentsResult } from '../../shared/contract/results'
import type { Db } from '../../electron/core/store/db'
import { effectiveRange, firstDataMs } from '../../electron/core/metrics/common'
import { dimensionFilter } from '../../electron/core/metrics/filters'
import { resolveRange } from '../../electron/core/metrics/range'

/**
 * The `agents` metric as it was before migration 015 (every subagent response of the range grouped
 * by run, every tool call of the range scanned): the reference the per-run table must reproduce.
 */
export function agentsReference(db: Db, args: CommonArgs, now: number): AgentsResult {
  const r = resolveRange(args, now, firstDataMs(db, now))
  const f = dimensionFilter({ ...args.filters, thread: undefined }, 'x', '1')
  const runs = db
    .prepare(
      `SELECT COALESCE(x.agent_id, 'inline:' || x.session_id) AS run,
        CASE WHEN x.agent_id IS NULL THEN 'inline sidechain'
          ELSE COALESCE(MAX(a.agent_type), (SELECT subagent_type FROM tool_calls WHERE spawned_agent_id = x.agent_id LIMIT 1),
            CASE WHEN x.agent_id LIKE 'acompact-%' THEN 'compaction' END, 'unknown') END AS type,
        MIN(x.ts) AS first, MAX(x.ts) AS last, SUM(x.cost) AS cost, COUNT(x.cost) AS priced, COUNT(*) AS responses,
        SUM(x.input + x.output + x.cache_write_5m + x.cache_write_1h + x.cache_read) AS tokens
       FROM responses x LEFT JOIN agents a ON a.id = x.agent_id
       WHERE (x.agent_id IS NOT NULL OR x.is_sidechain = 1) AND x.ts >= ? AND x.ts < ?${f.sql}
       GROUP BY run`,
    )
    .all(r.start, r.end, ...f.args) as {
    run: string
    type: string
    first: number
    last: number
    cost: number | null
    priced: number
    responses: number
    tokens: number
  }[]
  const toolRows = db
    .prepare(
      `SELECT agent_id, COUNT(*) AS calls, SUM(COALESCE(is_error, 0)) AS errors FROM tool_calls
       WHERE agent_id IS NOT NULL AND ts >= ? AND ts < ? GROUP BY agent_id`,
    )
    .all(r.start, r.end) as { agent_id: string; calls: number; errors: number }[]
  const toolsByRun = new Map(toolRows.map((t) => [t.agent_id, t]))
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
    const tc = toolsByRun.get(run.run)
    t.calls += tc?.calls ?? 0
    t.errors += tc?.errors ?? 0
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

const RUN = `COALESCE(x.agent_id, 'inline:' || x.session_id)`
const TOKENS = `x.input + x.output + x.cache_write_5m + x.cache_write_1h + x.cache_read`

/** agent_runs minus a rebuild from responses, both ways (integers exact, cost to 1e-9). */
export function agentRunsMismatch(db: Db): unknown[] {
  const rebuilt = `SELECT ${RUN} AS run, x.session_id, IFNULL(x.project_id, 0) AS project_id, x.model_id, x.source_id,
      MIN(x.ts) AS first_ts, MAX(x.ts) AS last_ts, ROUND(TOTAL(x.cost), 9) AS cost, COUNT(x.cost) AS priced,
      COUNT(*) AS responses, SUM(${TOKENS}) AS tokens
    FROM responses x WHERE (x.agent_id IS NOT NULL OR x.is_sidechain = 1) AND typeof(x.ts) IN ('integer', 'real')
    GROUP BY 1, 2, 3, 4, 5`
  const kept = `SELECT run, session_id, project_id, model_id, source_id, first_ts, last_ts, ROUND(cost, 9),
      priced, responses, tokens FROM agent_runs`
  return db
    .prepare(
      `SELECT 'extra' AS side, * FROM (${kept} EXCEPT ${rebuilt})
       UNION ALL SELECT 'missing', * FROM (${rebuilt} EXCEPT ${kept})`,
    )
    .all()
}

/** The old per-run type lookup (before migration 018), for run r.run with an agent id. */
const OLD_TYPE = `COALESCE((SELECT agent_type FROM agents WHERE id = r.run),
    (SELECT subagent_type FROM tool_calls WHERE spawned_agent_id = r.run LIMIT 1),
    CASE WHEN r.run LIKE 'acompact-%' THEN 'compaction' END, 'unknown')`

/** A run's tool calls with a numeric time, as `calls errors first last`. */
const CALLS = `(SELECT COUNT(*) || ' ' || TOTAL(IFNULL(t.is_error, 0)) || ' ' || IFNULL(MIN(t.ts), '') || ' ' ||
  IFNULL(MAX(t.ts), '') FROM tool_calls t WHERE t.agent_id = r.run AND typeof(t.ts) IN ('integer', 'real'))`

/**
 * Stored run types and tool-call counts (migration 018) that are not what the facts give, and runs of
 * agent_runs run_types lacks. Untyped or uncounted rows (NULL) are not stale: `agents` looks them up.
 */
export function runTypesStale(db: Db): unknown[] {
  return db
    .prepare(
      `SELECT r.run, r.type, ${OLD_TYPE} AS want FROM run_types r WHERE r.type IS NOT NULL AND r.type IS NOT ${OLD_TYPE}
       UNION ALL SELECT r.run, r.calls || ' ' || ROUND(r.errors, 1) || ' ' || IFNULL(r.first_call, '') || ' ' ||
         IFNULL(r.last_call, ''), ${CALLS} FROM run_types r WHERE r.calls IS NOT NULL
         AND r.calls || ' ' || ROUND(r.errors, 1) || ' ' || IFNULL(r.first_call, '') || ' ' || IFNULL(r.last_call, '')
           IS NOT ${CALLS}
       UNION ALL SELECT DISTINCT run, 'missing', NULL FROM agent_runs WHERE run NOT IN (SELECT run FROM run_types)`,
    )
    .all()
}

export const untypedRuns = (db: Db): number =>
  db.prepare(`SELECT COUNT(*) FROM run_types WHERE type IS NULL OR calls IS NULL`).pluck().get() as number
