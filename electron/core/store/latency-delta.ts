import type { Db } from './db'
import { bucketOf, decodeHist, encodeHist } from './latency-buckets'
import { DayDelta } from './latency-days'
import { LATENCY_KIND, latencyStatements } from './latency-sql'

export { latencyStatements }

/** A session's dimensions in the histograms: project and source ids, 0 for none. */
export type Dims = readonly [project: number, source: number]

const HOUR_MS = 3_600_000
/**
 * Every hour also has a row over all projects and sources (-1, which no filter matches): an answer
 * without a project or source filter reads one row per hour and thread instead of one per project.
 */
export const ALL_DIMS: Dims = [-1, -1]

/** One histogram row of `latency_1h` (t = hour) or `latency_1d` (t = day), with its changes summed. */
export interface HistCell {
  key: [kind: number, t: number, project: number, source: number, sub: number]
  n: number
  sum: number
  flagged: number
  counts: Map<number, number>
}

/**
 * Changes to `latency_1h`, gathered per cell and written (read, merged, written back) at once, with the
 * days they fall in (`latency_1d`) unless `days` is false (a recount that sums the days afterwards).
 */
export class LatencyDelta {
  private readonly cells = new Map<string, HistCell>()

  add(dims: Dims, kind: number, ts: number, d: number, sub: number, flagged: boolean, sign: 1 | -1): void {
    this.addTo(dims, kind, ts, d, sub, flagged, sign)
    this.addTo(ALL_DIMS, kind, ts, d, sub, flagged, sign)
  }

  private addTo(
    dims: Dims,
    kind: number,
    ts: number,
    d: number,
    sub: number,
    flagged: boolean,
    sign: 1 | -1,
  ): void {
    const hour = Math.floor(ts / HOUR_MS)
    const id = `${kind}|${hour}|${dims[0]}|${dims[1]}|${sub}`
    let c = this.cells.get(id)
    if (!c)
      this.cells.set(
        id,
        (c = { key: [kind, hour, dims[0], dims[1], sub], n: 0, sum: 0, flagged: 0, counts: new Map() }),
      )
    c.n += sign
    c.sum += sign * d
    if (flagged) c.flagged += sign
    const b = bucketOf(d)
    c.counts.set(b, (c.counts.get(b) ?? 0) + sign)
  }

  write(db: Db, days = true): void {
    const st = latencyStatements(db)
    const day = new DayDelta()
    for (const c of this.cells.values()) {
      if (c.n === 0 && c.sum === 0 && c.flagged === 0 && [...c.counts.values()].every((x) => x === 0))
        continue
      const row = st.get.get(...c.key) as
        { n: number; sum: number; flagged: number; hist: Buffer } | undefined
      const counts = row ? decodeHist(row.hist) : new Map<number, number>()
      for (const [b, k] of c.counts) counts.set(b, (counts.get(b) ?? 0) + k)
      const n = (row?.n ?? 0) + c.n
      if (days && row) day.add(c.key, row.n, row.sum, row.flagged, row.hist, -1)
      if (n <= 0) st.drop.run(...c.key)
      else {
        const [sum, flagged, hist] = [
          (row?.sum ?? 0) + c.sum,
          (row?.flagged ?? 0) + c.flagged,
          encodeHist(counts),
        ]
        st.put.run(...c.key, n, sum, flagged, hist)
        if (days) day.add(c.key, n, sum, flagged, hist, 1)
      }
    }
    this.cells.clear()
    if (days) day.write(db)
  }
}

export function sessionDims(db: Db, id: string): Dims {
  const r = latencyStatements(db).dims.get(id) as { p: number; s: number } | undefined
  return r ? [r.p, r.s] : [0, 0]
}

/** A session counted under a 0 dimension is listed, so it moves once its project and source are known. */
export function noteDims(db: Db, session: string, dims: Dims): void {
  if (dims[0] === 0 || dims[1] === 0) latencyStatements(db).orphan.run(session)
}

/** Adds (sign 1) or takes out (-1) everything of one session as stored: its turns and timed tool calls. */
function addSession(db: Db, delta: LatencyDelta, session: string, dims: Dims, sign: 1 | -1): void {
  const st = latencyStatements(db)
  for (const [ts, d, f] of st.sessionTurns.raw().all(session) as [number, number, number][])
    delta.add(dims, LATENCY_KIND.turn, ts, d, 0, f === 1, sign)
  for (const [ts, rts, sub] of st.sessionTools.raw().all(session) as [number, number, number][])
    delta.add(dims, LATENCY_KIND.tool, ts, rts - ts, sub, false, sign)
}

/** A tool call as stored (the columns its time depends on). */
export interface TimedTool {
  ts: number
  result_ts: number | null
  session_id: string
  agent_id: string | null
}

/**
 * The tool-call half of the histograms in the writer's batch (fed by the activity writer, which sees
 * every call that is new or changes): a change takes the old row out and puts the new one in, with the
 * session's dimensions once the batch's sessions are stored. Turns are counted where they are
 * recomputed (store/turns.ts).
 */
export class LatencyWriter {
  private readonly pending = new Map<string, [ts: number, d: number, sub: number, sign: 1 | -1][]>()

  constructor(private readonly db: Db) {}

  begin(): void {
    this.pending.clear()
  }

  tool(t: TimedTool, sign: 1 | -1): void {
    if (t.result_ts === null || !(t.result_ts >= t.ts)) return
    let list = this.pending.get(t.session_id)
    if (!list) this.pending.set(t.session_id, (list = []))
    list.push([t.ts, t.result_ts - t.ts, t.agent_id !== null ? 1 : 0, sign])
  }

  /** `before`: the dimensions of the batch's sessions before it; `dimsOf`: now. */
  finish(before: ReadonlyMap<string, Dims>, dimsOf: (id: string) => Dims): void {
    const st = latencyStatements(this.db)
    const moved = new Set<string>()
    for (const [id, was] of before) {
      const now = dimsOf(id)
      if ((was[0] !== now[0] || was[1] !== now[1]) && st.isOrphan.get(id) !== undefined) moved.add(id)
    }
    const delta = new LatencyDelta()
    for (const [id, list] of this.pending) {
      const d = moved.has(id) ? before.get(id)! : dimsOf(id)
      for (const [ts, dur, sub, sign] of list) delta.add(d, LATENCY_KIND.tool, ts, dur, sub, false, sign)
      noteDims(this.db, id, d)
    }
    // Facts counted under a 0 dimension before this batch filled it move to the session's dimensions now.
    for (const id of moved) {
      const to = dimsOf(id)
      addSession(this.db, delta, id, before.get(id)!, -1)
      addSession(this.db, delta, id, to, 1)
      if (to[0] !== 0 && to[1] !== 0) st.adopted.run(id)
    }
    delta.write(this.db)
    this.pending.clear()
  }
}
