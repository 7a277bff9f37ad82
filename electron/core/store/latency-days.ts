import type { Db } from './db'
import { decodeHist, encodeHist, forEachBucket } from './latency-buckets'
import type { HistCell } from './latency-delta'
import { latencyStatements } from './latency-sql'

/**
 * Changes to `latency_1d` (migration 020), gathered per day cell from the hour rows as they change:
 * each hour row's new value is added and its old one taken out, so a day stays the sum of its hours.
 */
export class DayDelta {
  private readonly cells = new Map<string, HistCell>()

  /** An hour row (kind, hour, project, source, sub) with its n, sum, flagged and histogram, times sign. */
  add(
    key: readonly [number, number, number, number, number],
    n: number,
    sum: number,
    flagged: number,
    hist: Uint8Array,
    sign: 1 | -1,
  ): void {
    const [kind, hour, p, s, sub] = key
    const day = Math.floor(hour / 24)
    const id = `${kind}|${day}|${p}|${s}|${sub}`
    let c = this.cells.get(id)
    if (!c)
      this.cells.set(id, (c = { key: [kind, day, p, s, sub], n: 0, sum: 0, flagged: 0, counts: new Map() }))
    c.n += sign * n
    c.sum += sign * sum
    c.flagged += sign * flagged
    const counts = c.counts
    forEachBucket(hist, (b, k) => counts.set(b, (counts.get(b) ?? 0) + sign * k))
  }

  write(db: Db): void {
    const st = latencyStatements(db)
    for (const c of this.cells.values()) {
      if (c.n === 0 && c.sum === 0 && c.flagged === 0 && [...c.counts.values()].every((x) => x === 0))
        continue
      const row = st.dayGet.get(...c.key) as
        { n: number; sum: number; flagged: number; hist: Buffer } | undefined
      const counts = row ? decodeHist(row.hist) : new Map<number, number>()
      for (const [b, k] of c.counts) counts.set(b, (counts.get(b) ?? 0) + k)
      const n = (row?.n ?? 0) + c.n
      // Hour rows all have n > 0, so a day's n reaches 0 only when its last hour row is gone.
      if (n <= 0) st.dayDrop.run(...c.key)
      else
        st.dayPut.run(
          ...c.key,
          n,
          (row?.sum ?? 0) + c.sum,
          (row?.flagged ?? 0) + c.flagged,
          encodeHist(counts),
        )
    }
    this.cells.clear()
  }
}

/** Sums `latency_1d` for the UTC days [fromDay, toDay) again from `latency_1h`. Idempotent, chunkable by day. */
export function rebuildDays(db: Db, fromDay: number, toDay: number): void {
  db.prepare(`DELETE FROM latency_1d WHERE day >= ? AND day < ?`).run(fromDay, toDay)
  const rows = db
    .prepare(
      `SELECT kind, hour, project_id, source_id, is_subagent, n, sum, flagged, hist FROM latency_1h
       WHERE hour >= ? AND hour < ?`,
    )
    .raw()
    .iterate(fromDay * 24, toDay * 24) as IterableIterator<
    [number, number, number, number, number, number, number, number, Buffer]
  >
  const delta = new DayDelta()
  for (const [kind, hour, p, s, sub, n, sum, flagged, hist] of rows)
    delta.add([kind, hour, p, s, sub], n, sum, flagged, hist, 1)
  delta.write(db)
}
