import type { CommonArgs } from '../../../shared/contract/params'
import type { AgentsResult } from '../../../shared/contract/results'
import type { Db } from '../store/db'
import { effectiveRange, firstDataMs } from './common'
import { dimensionFilter } from './filters'
import { resolveRange } from './range'

/**
 * Subagents by type. A run is one agent id (its responses in the range); its type comes from the
 * `.meta.json` sidecar, else the Task/Agent call that spawned it, else `compaction` for
 * `acompact-*` agents; 1.0.x inline sidechains, which carry no agent id, form one `inline sidechain`
 * row counted per session. Duration = last − first response of the run.
 */
export function agents(db: Db, args: CommonArgs, now: number): AgentsResult {
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
