import { BUCKET_VALUE, bucketOf, decodeHist } from '../../electron/core/store/latency-buckets'
import type { Db } from '../../electron/core/store/db'

type Row = [key: string, n: number, sum: number, flagged: number, hist: [number, number][]]

/** `latency_1h` as sorted rows, each histogram as its (bucket, count) pairs. */
export function latencyRows(db: Db): Row[] {
  const rows = db
    .prepare(
      `SELECT kind, hour, project_id, source_id, is_subagent, n, sum, flagged, hist FROM latency_1h
       ORDER BY kind, hour, project_id, source_id, is_subagent`,
    )
    .raw()
    .all() as [number, number, number, number, number, number, number, number, Buffer][]
  return rows.map(([k, h, p, s, sub, n, sum, f, hist]) => [
    `${k}|${h}|${p}|${s}|${sub}`,
    n,
    sum,
    f,
    [...decodeHist(hist)].sort((a, b) => a[0] - b[0]),
  ])
}

/**
 * The table counted from the facts in one query per kind, written apart from the store's code: every
 * stored turn, and every tool call with a result no earlier than its use, in the UTC hour it started,
 * under its session's project and source (0 for none).
 */
export function recountLatency(db: Db): Row[] {
  const cells = new Map<string, { n: number; sum: number; f: number; h: Map<number, number> }>()
  // Each under its session's project and source, and under -1|-1 (all of them).
  const add = (key: string, d: number, f: number) => {
    const [kind, hour, , , sub] = key.split('|')
    one(key, d, f)
    one(`${kind}|${hour}|-1|-1|${sub}`, d, f)
  }
  const one = (key: string, d: number, f: number) => {
    let c = cells.get(key)
    if (!c) cells.set(key, (c = { n: 0, sum: 0, f: 0, h: new Map() }))
    c.n++
    c.sum += d
    c.f += f
    c.h.set(bucketOf(d), (c.h.get(bucketOf(d)) ?? 0) + 1)
  }
  const dims = `IFNULL(s.project_id, 0) || '|' || IFNULL(s.source_id, 0)`
  for (const [key, d, f] of db
    .prepare(
      `SELECT '0|' || (t.ts / 3600000) || '|' || ${dims} || '|0', t.duration_ms, t.from_turn_duration
       FROM turns t LEFT JOIN sessions s ON s.id = t.session_id`,
    )
    .raw()
    .all() as [string, number, number][])
    add(key, d, f)
  for (const [key, d] of db
    .prepare(
      `SELECT '1|' || (t.ts / 3600000) || '|' || ${dims} || '|' || (t.agent_id IS NOT NULL), t.result_ts - t.ts
       FROM tool_calls t LEFT JOIN sessions s ON s.id = t.session_id
       WHERE t.result_ts IS NOT NULL AND t.result_ts >= t.ts`,
    )
    .raw()
    .all() as [string, number][])
    add(key, d, 0)
  const num = (k: string) => k.split('|').map(Number)
  return [...cells]
    .sort(([a], [b]) => {
      const [x, y] = [num(a), num(b)]
      for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i]! - y[i]!
      return 0
    })
    .map(([k, c]) => [k, c.n, c.sum, c.f, [...c.h].sort((a, b) => a[0] - b[0])])
}

/** The value each stored bucket stands for is within 1 % of every duration in it (a sanity check). */
export const bucketValue = (d: number): number => BUCKET_VALUE[bucketOf(d)]!

/** `latency_1d` as sorted rows, in latencyRows' form (the key's second part is the day). */
export function latencyDayRows(db: Db): Row[] {
  const rows = db
    .prepare(
      `SELECT kind, day, project_id, source_id, is_subagent, n, sum, flagged, hist FROM latency_1d
       ORDER BY kind, day, project_id, source_id, is_subagent`,
    )
    .raw()
    .all() as [number, number, number, number, number, number, number, number, Buffer][]
  return rows.map(([k, d, p, s, sub, n, sum, f, hist]) => [
    `${k}|${d}|${p}|${s}|${sub}`,
    n,
    sum,
    f,
    [...decodeHist(hist)].sort((a, b) => a[0] - b[0]),
  ])
}

/** Hour rows (latencyRows or recountLatency) summed per UTC day, in latencyDayRows' order. */
export function sumByDay(hours: Row[]): Row[] {
  const cells = new Map<
    string,
    { key: number[]; n: number; sum: number; f: number; h: Map<number, number> }
  >()
  for (const [key, n, sum, f, hist] of hours) {
    const [k, hour, p, s, sub] = key.split('|').map(Number) as [number, number, number, number, number]
    const dk = [k, Math.floor(hour / 24), p, s, sub]
    const id = dk.join('|')
    let c = cells.get(id)
    if (!c) cells.set(id, (c = { key: dk, n: 0, sum: 0, f: 0, h: new Map() }))
    c.n += n
    c.sum += sum
    c.f += f
    for (const [b, x] of hist) c.h.set(b, (c.h.get(b) ?? 0) + x)
  }
  return [...cells.values()]
    .sort((x, y) => {
      for (let i = 0; i < x.key.length; i++) if (x.key[i] !== y.key[i]) return x.key[i]! - y.key[i]!
      return 0
    })
    .map((c) => [
      c.key.join('|'),
      c.n,
      c.sum,
      c.f,
      [...c.h].filter(([, x]) => x !== 0).sort((a, b) => a[0] - b[0]),
    ])
}
