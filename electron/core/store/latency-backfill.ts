import type { Db } from './db'
import { rebuildDays } from './latency-days'
import { LatencyDelta, noteDims } from './latency-delta'
import { LATENCY_KIND, timedTool } from './latency-sql'

const HOUR_MS = 3_600_000

/**
 * Counts `latency_1h` for the UTC hours [fromHour, toHour) again from the `turns` and `tool_calls`
 * tables (a turn or call belongs to the hour it started in), and `latency_1d` for their days. Idempotent, and any split of the hours
 * into chunks, each in its own transaction, gives the same table.
 */
export function backfillLatency(db: Db, fromHour = -1e9, toHour = 1e9): void {
  const [from, to] = [fromHour * HOUR_MS, toHour * HOUR_MS]
  db.prepare(`DELETE FROM latency_1h WHERE hour >= ? AND hour < ?`).run(fromHour, toHour)
  const delta = new LatencyDelta()
  const orphans = new Set<string>()
  const dims = `COALESCE(s.project_id, 0), COALESCE(s.source_id, 0), x.session_id`
  const turns = db
    .prepare(
      `SELECT x.ts, x.duration_ms, x.from_turn_duration, ${dims}
       FROM turns x LEFT JOIN sessions s ON s.id = x.session_id WHERE x.ts >= ? AND x.ts < ?`,
    )
    .raw()
    .iterate(from, to) as IterableIterator<[number, number, number, number, number, string]>
  for (const [ts, d, f, p, s, id] of turns) {
    delta.add([p, s], LATENCY_KIND.turn, ts, d, 0, f === 1, 1)
    if (p === 0 || s === 0) orphans.add(id)
  }
  const tools = db
    .prepare(
      `SELECT x.ts, x.result_ts - x.ts, x.agent_id IS NOT NULL, ${dims}
       FROM tool_calls x LEFT JOIN sessions s ON s.id = x.session_id
       WHERE x.ts >= ? AND x.ts < ? AND ${timedTool('x.')}`,
    )
    .raw()
    .iterate(from, to) as IterableIterator<[number, number, number, number, number, string]>
  for (const [ts, d, sub, p, s, id] of tools) {
    delta.add([p, s], LATENCY_KIND.tool, ts, d, sub, false, 1)
    if (p === 0 || s === 0) orphans.add(id)
  }
  delta.write(db, false)
  for (const id of orphans) noteDims(db, id, [0, 0])
  // The days these hours fall in, summed again (those cut by the range's ends too: their other hours stand).
  rebuildDays(db, Math.floor(fromHour / 24), Math.ceil(toHour / 24))
}

/** Counts the whole table again (removing a source, tests, a store whose facts were written around the writer). */
export function rebuildLatency(db: Db): void {
  const run = () => {
    db.exec(`DELETE FROM latency_1h; DELETE FROM latency_1d; DELETE FROM latency_orphans;`)
    backfillLatency(db)
  }
  if (db.inTransaction) run()
  else db.transaction(run)()
}
