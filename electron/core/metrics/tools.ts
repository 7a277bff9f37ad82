import type { CommonArgs, GroupBy } from '../../../shared/contract/params'
import type { ToolsResult } from '../../../shared/contract/results'
import type { Db } from '../store/db'
import { effectiveRange, firstDataMs } from './common'
import { activityRows } from './activity-span'
import { toolCallFilter } from './filters'
import { BUCKET_MS } from '../store/buckets'
import { groupEdges, groupLabel, resolveRange } from './range'
import { outcomeCounts } from './outcomes'

/** MCP tools (`mcp__<server>__<tool>`) count under their server. */
export function toolGroup(name: string): string {
  const m = /^mcp__(.+?)__/.exec(name)
  return m ? `mcp:${m[1]}` : name
}

/** Error messages grouped by shape: first line, numbers and paths replaced, at most 120 chars. */
export function normalizeError(message: string | null): string {
  if (!message) return '(no message)'
  return (message.split('\n').find((l) => l.trim().length > 0) ?? '')
    .replace(/(?:[A-Za-z]:)?(?:[\\/][\w.@~+-]+){2,}[\\/]?/g, '<path>')
    .replace(/\d+/g, 'N')
    .trim()
    .slice(0, 120)
}

/**
 * Tool calls by tool with error rates, the most frequent error messages, interruptions, API errors,
 * and session outcomes. A session's outcome is decided by what came last on its main thread: an API
 * error, an interruption, a prompt without a reply, or else it ended normally.
 */
export function tools(db: Db, args: CommonArgs & { groupBy: GroupBy }, now: number): ToolsResult {
  const r = resolveRange(args, now, firstDataMs(db, now))
  // First: a request with too many groups is refused before any query runs.
  const edges = groupEdges(r.start, r.end, args.groupBy, r.timezone, r.weekStart)
  // `+`: searched by time through the errors' index, not by session.
  const tf = toolCallFilter(args.filters, '+t.session_id')
  const overTime = edges.slice(0, -1).map((ms) => ({
    label: groupLabel(ms, args.groupBy, r.timezone),
    start: new Date(ms).toISOString(),
    calls: 0,
    errors: 0,
    outcomes: { endedNormally: 0, interrupted: 0, apiError: 0, noReply: 0 },
  }))
  // Counted per group and tool name in SQL (the group edges go in as JSON, clamped to the range),
  // and errors per distinct text: a long range never brings every call, or its error text, into memory.
  const clamped = edges.map((ms, i) =>
    i === 0 ? Math.max(ms, r.start) : i === edges.length - 1 ? Math.min(ms, r.end) : ms,
  )
  // From the activity rollups, each group as whole UTC days and 15-minute edges (metrics/activity-span.ts).
  const ar = activityRows(
    clamped.map((ms) => Math.floor(ms / BUCKET_MS)),
    ['tool'],
    args.filters,
    'tools',
  )
  const perGroup = db
    .prepare(
      `WITH ${ar.sql} SELECT g, name, SUM(n) AS calls, SUM(errors) AS errors FROM activity_rows GROUP BY g, name`,
    )
    .all(...ar.args) as {
    g: number
    name: string
    calls: number
    errors: number
  }[]
  const byTool = new Map<string, { calls: number; errors: number }>()
  for (const c of perGroup) {
    const g = toolGroup(c.name)
    let t = byTool.get(g)
    if (!t) byTool.set(g, (t = { calls: 0, errors: 0 }))
    t.calls += c.calls
    t.errors += c.errors
    const p = overTime[c.g]
    if (p) {
      p.calls += c.calls
      p.errors += c.errors
    }
  }
  const byError = new Map<string, { count: number; tools: Set<string> }>()
  for (const c of db
    .prepare(
      `SELECT t.name, t.error_text AS text, COUNT(*) AS n FROM tool_calls t
       WHERE t.ts >= ? AND t.ts < ? AND t.name <> '?' AND t.is_error${tf.sql} GROUP BY t.name, t.error_text`,
    )
    .all(r.start, r.end, ...tf.args) as { name: string; text: string | null; n: number }[]) {
    const key = normalizeError(c.text)
    let e = byError.get(key)
    if (!e) byError.set(key, (e = { count: 0, tools: new Set() }))
    e.count += c.n
    e.tools.add(toolGroup(c.name))
  }
  // `bucket >= start / BUCKET_MS` as it was: the first whole bucket from the start, to the end's.
  const er = activityRows(
    [Math.ceil(r.start / BUCKET_MS), Math.ceil(r.end / BUCKET_MS)],
    ['interrupt', 'api_error'],
    args.filters,
    'events',
  )
  const counts = Object.fromEntries(
    (
      db
        .prepare(`WITH ${er.sql} SELECT kind, SUM(n) AS n FROM activity_rows GROUP BY kind`)
        .all(...er.args) as { kind: string; n: number }[]
    ).map((x) => [x.kind, x.n]),
  ) as Record<string, number>
  const { total: outcomes, perGroup: byGroup } = outcomeCounts(db, args.filters, r.start, r.end, edges, now)
  overTime.forEach((p, i) => (p.outcomes = byGroup[i]!))
  return {
    range: effectiveRange(r),
    tools: [...byTool.entries()]
      .map(([name, t]) => ({ name, calls: t.calls, errors: t.errors, errorRate: t.errors / t.calls }))
      .sort((a, b) => b.calls - a.calls || (a.name < b.name ? -1 : 1)),
    topErrors: [...byError.entries()]
      .map(([message, e]) => ({ message, count: e.count, tools: [...e.tools].sort() }))
      .sort((a, b) => b.count - a.count || (a.message < b.message ? -1 : 1))
      .slice(0, 20),
    interruptions: counts.interrupt ?? 0,
    apiErrors: counts.api_error ?? 0,
    outcomes,
    overTime,
  }
}
