import type { Db } from './db'
import { refreshRunTypes } from './run-types'
import { refreshOutcomes } from './session-outcomes'
import { prepareSessionTotals, SessionDelta } from './session-totals'
import type { StoredResponse } from './writer'

export interface PruneRun {
  at: number
  /** Responses with a timestamp before this instant were deleted. */
  cutoff: number
  responses: number
  seconds: number
}

const CHUNK = 5000

/**
 * Retention: deletes the per-response rows older than `cutoff`, in chunks of one transaction each with
 * a pause between them, so queries and the app stay responsive. The rollups are not touched, so cost and
 * token figures keep their history. Each deleted key is kept as a tombstone in the same transaction as
 * its deletion, so the writer never counts a copy of it again, even if the run is interrupted.
 */
export async function pruneResponses(
  db: Db,
  cutoff: number,
  now: number,
  pause: () => Promise<void> = () => new Promise((r) => setImmediate(r)),
): Promise<PruneRun> {
  const t0 = performance.now()
  const pick = db.prepare(
    `SELECT id, key, session_id, ts, IFNULL(project_id, 0) AS project_id, model_id, source_id,
      (agent_id IS NOT NULL OR is_sidechain) AS sub, input, output, cache_write_5m AS cw5m, cache_write_1h AS cw1h,
      cache_read AS cr, cost FROM responses WHERE ts < ? ORDER BY ts LIMIT ?`,
  )
  const sessionTotals = prepareSessionTotals(db)
  const tomb = db.prepare(`INSERT OR REPLACE INTO pruned_responses (key, source_id) VALUES (?, ?)`)
  const del = db.prepare(`DELETE FROM responses WHERE id = ?`)
  const log = db.prepare(`INSERT INTO prune_runs (at, cutoff, responses, seconds) VALUES (?, ?, 0, 0)`)
  const update = db.prepare(`UPDATE prune_runs SET responses = ?, seconds = ? WHERE id = ?`)
  let runId = 0
  let removed = 0
  for (;;) {
    const rows = pick.all(cutoff, CHUNK) as (StoredResponse & {
      id: number
      key: string
      session_id: string
    })[]
    if (rows.length === 0 && runId !== 0) break
    db.transaction(() => {
      if (runId === 0) runId = Number(log.run(now, cutoff).lastInsertRowid)
      // Session totals cover the kept responses only (the rollup keeps the history).
      const perSession = new SessionDelta()
      for (const r of rows) {
        tomb.run(r.key, r.source_id)
        del.run(r.id)
        const cell = {
          ts: r.ts,
          projectId: r.project_id,
          modelId: r.model_id,
          sourceId: r.source_id,
          sub: r.sub,
        }
        perSession.add(r.session_id, cell, -1, r, r.cost)
      }
      perSession.write(sessionTotals)
      refreshOutcomes(db)
      refreshRunTypes(db)
      removed += rows.length
      update.run(removed, (performance.now() - t0) / 1000, runId)
    })()
    if (rows.length < CHUNK) break
    await pause()
  }
  return { at: now, cutoff, responses: removed, seconds: (performance.now() - t0) / 1000 }
}

/** The last retention run, and how many responses retention has deleted in all. */
export function pruneState(db: Db): { last: PruneRun | null; prunedTotal: number } {
  const last = db
    .prepare(`SELECT at, cutoff, responses, seconds FROM prune_runs ORDER BY id DESC LIMIT 1`)
    .get() as PruneRun | undefined
  const { n } = db.prepare(`SELECT COUNT(*) AS n FROM pruned_responses`).get() as { n: number }
  return { last: last ?? null, prunedTotal: n }
}

/** Whether any response is older than `cutoff` (cheap: the ts index). */
export function hasResponsesBefore(db: Db, cutoff: number): boolean {
  return db.prepare(`SELECT 1 FROM responses WHERE ts < ? LIMIT 1`).get(cutoff) !== undefined
}
