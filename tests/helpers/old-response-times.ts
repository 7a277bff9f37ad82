import { expect } from 'vitest'
import type { CommonArgs, GroupBy } from '../../shared/contract/params'
import type { Percentiles, ResponseTimesResult } from '../../shared/contract/results'
import { REQUESTS } from '../../shared/contract'
import { effectiveRange, firstDataMs, percentiles } from '../../electron/core/metrics/common'
import { dataMaxMs } from '../../electron/core/metrics/limits'
import { groupEdges, groupIndex, groupLabel, resolveRange } from '../../electron/core/metrics/range'
import { forEachTurn, HISTOGRAM_EDGES_MS, type Turn } from '../../electron/core/metrics/response-times'
import { toolCallFilter } from '../../electron/core/metrics/filters'
import { BUCKET_VALUE, bucketOf } from '../../electron/core/store/latency-buckets'
import type { Db } from '../../electron/core/store/db'

/**
 * Response times as they were computed before the histograms (migration 016): every turn and tool
 * duration of the range in arrays, sorted, exact nearest-rank percentiles. The oracle of the estimates.
 */
export function exactResponseTimes(db: Db, raw: object, now: number): ResponseTimesResult {
  const args = REQUESTS.responseTimes.parse(raw) as CommonArgs & { groupBy: GroupBy }
  const r = resolveRange(args, now, firstDataMs(db, now))
  const edges = groupEdges(r.start, r.end, args.groupBy, r.timezone, r.weekStart)
  const turns: Turn[] = []
  forEachTurn(db, args.filters, r.start, r.end, (t) => turns.push(t))
  const tf = toolCallFilter(args.filters)
  const tools = db
    .prepare(
      `SELECT t.ts, t.result_ts - t.ts AS d FROM tool_calls t
       WHERE t.ts >= ? AND t.ts < ? AND t.result_ts IS NOT NULL AND t.result_ts >= t.ts AND t.result_ts < ${dataMaxMs(now)}${tf.sql}`,
    )
    .all(r.start, r.end, ...tf.args) as { ts: number; d: number }[]
  const perGroupTurns = edges.slice(0, -1).map(() => [] as number[])
  const perGroupTools = edges.slice(0, -1).map(() => [] as number[])
  const all = turns.map((t) => ({ sessionId: t.sessionId, ts: t.ts, d: t.durationMs }))
  for (const t of all) perGroupTurns[groupIndex(edges, t.ts)]?.push(t.d)
  for (const t of tools) perGroupTools[groupIndex(edges, t.ts)]?.push(t.d)
  const bins = [...HISTOGRAM_EDGES_MS, null].map((upToMs) => ({ upToMs, turns: 0, tools: 0 }))
  const bin = (d: number) => {
    const i = HISTOGRAM_EDGES_MS.findIndex((e) => d < e)
    return bins[i === -1 ? bins.length - 1 : i]!
  }
  for (const t of all) bin(t.d).turns++
  for (const t of tools) bin(t.d).tools++
  return {
    range: effectiveRange(r),
    estimate: { relativeError: 0 },
    turns: {
      ...percentiles(all.map((t) => t.d)),
      fromTurnDuration: turns.filter((t) => t.fromTurnDuration).length,
    },
    tools: percentiles(tools.map((t) => t.d)),
    histogram: bins,
    overTime: edges.slice(0, -1).map((ms, i) => ({
      label: groupLabel(ms, args.groupBy, r.timezone),
      start: new Date(ms).toISOString(),
      turns: percentiles(perGroupTurns[i]!),
      tools: percentiles(perGroupTools[i]!),
    })),
    slowestTurns: all
      .sort(
        (a, b) => b.d - a.d || (a.sessionId < b.sessionId ? -1 : a.sessionId > b.sessionId ? 1 : a.ts - b.ts),
      )
      .slice(0, 10)
      .map((t) => ({ sessionId: t.sessionId, promptAt: new Date(t.ts).toISOString(), durationMs: t.d })),
  }
}

const KEYS = ['p50', 'p90', 'p95', 'p99'] as const

/** Each percentile within the stated relative error of the exact one; everything else equal. */
export function expectWithinError(got: ResponseTimesResult, exact: ResponseTimesResult, what = ''): void {
  const err = got.estimate.relativeError
  expect(err).toBe(0.01)
  const [gt, gl, go, et, el, eo] = [
    got.turns,
    got.tools,
    got.overTime,
    exact.turns,
    exact.tools,
    exact.overTime,
  ]
  expect(got.range, what).toEqual(exact.range)
  expect(got.histogram, what).toEqual(exact.histogram)
  expect(got.slowestTurns, what).toEqual(exact.slowestTurns)
  expect(gt.fromTurnDuration, what).toBe(et.fromTurnDuration)
  const close = (p: Percentiles, q: Percentiles, where: string) => {
    expect(p.count, where).toBe(q.count)
    if (q.mean === null) expect(p.mean, where).toBeNull()
    else expect(Math.abs(p.mean! - q.mean) / q.mean, where).toBeLessThan(1e-12)
    for (const k of KEYS) {
      const x = q[k]
      if (x === null) expect(p[k], `${where} ${k}`).toBeNull()
      else {
        expect(Math.abs(p[k]! - x), `${where} ${k}: ${p[k]} vs ${x}`).toBeLessThanOrEqual(err * x + 1e-9)
        // Nearest rank over the buckets lands in the bucket of the exact value.
        expect(p[k], `${where} ${k}`).toBe(BUCKET_VALUE[bucketOf(x)])
      }
    }
  }
  close(gt, et, `${what} turns`)
  close(gl, el, `${what} tools`)
  expect(go.map((g) => [g.label, g.start])).toEqual(eo.map((g) => [g.label, g.start]))
  go.forEach((g, i) => {
    close(g.turns, eo[i]!.turns, `${what} ${g.label} turns`)
    close(g.tools, eo[i]!.tools, `${what} ${g.label} tools`)
  })
}
