import type { AlertInputsResult } from '../../../shared/contract/results'
import { systemTimeZone } from '../report/time'
import { BUCKET_MS } from '../store/buckets'
import type { Db } from '../store/db'
import { groupEdges, groupLabel } from './range'
import { DATA_MIN_MS, dataMaxMs } from './limits'

const HOUR_MS = 3_600_000

/**
 * What the thresholds are checked against (see electron/core/alerts/thresholds.ts): cost so far in
 * the current local day, week and month; tokens in the last 60 minutes; and for each session active in
 * the last hour, its whole cost and the tool calls and cost since its last human prompt.
 */
export function alertInputs(
  db: Db,
  args: { timezone?: string; weekStart: number },
  now: number,
): AlertInputsResult {
  const timezone = args.timezone ?? systemTimeZone()
  // Up to the data window's end: a corrupt far-future bucket (or text) must not count as spent today.
  const cost = db.prepare(
    `SELECT COALESCE(SUM(cost), 0) AS c FROM rollup_15m WHERE bucket >= ? AND bucket < ${Math.ceil(dataMaxMs(now) / BUCKET_MS)}`,
  )
  const period = (unit: 'day' | 'week' | 'month') => {
    const start = groupEdges(now, now, unit, timezone, args.weekStart)[0]!
    return {
      label: groupLabel(start, unit === 'week' ? 'day' : unit, timezone),
      start: new Date(start).toISOString(),
      cost: (cost.get(start / BUCKET_MS) as { c: number }).c,
    }
  }
  const hour = db
    .prepare(
      `SELECT COALESCE(SUM(input + output + cache_write_5m + cache_write_1h + cache_read), 0) AS t FROM responses WHERE ts >= ? AND ts <= ?`,
    )
    .get(now - HOUR_MS, now) as { t: number }
  const active = db
    .prepare(`SELECT DISTINCT session_id AS id FROM responses WHERE ts >= ? AND ts <= ?`)
    .all(now - HOUR_MS, now) as { id: string }[]
  // Rows dated outside the data window are corrupt: left out (limits.ts).
  const [min, max] = [DATA_MIN_MS, dataMaxMs(now)]
  const whole = db.prepare(
    `SELECT SUM(cost) AS cost FROM responses WHERE session_id = ? AND ts >= ${min} AND ts < ${max}`,
  )
  const lastPrompt = db.prepare(
    `SELECT MAX(ts) AS ts FROM events WHERE session_id = ? AND kind = 'prompt' AND ts >= ${min} AND ts <= ?`,
  )
  const toolsSince = db.prepare(
    `SELECT COUNT(*) AS n FROM tool_calls WHERE session_id = ? AND ts > ? AND ts < ${max}`,
  )
  const costSince = db.prepare(
    `SELECT SUM(cost) AS c FROM responses WHERE session_id = ? AND ts > ? AND ts < ${max}`,
  )
  return {
    timezone,
    at: new Date(now).toISOString(),
    day: period('day'),
    week: period('week'),
    month: period('month'),
    tokensLastHour: hour.t,
    sessions: active.map(({ id }) => {
      const since = (lastPrompt.get(id, now) as { ts: number | null }).ts ?? 0
      return {
        id,
        cost: (whole.get(id) as { cost: number | null }).cost,
        lastPromptAt: since ? new Date(since).toISOString() : null,
        toolCallsSincePrompt: (toolsSince.get(id, since) as { n: number }).n,
        costSincePrompt: (costSince.get(id, since) as { c: number | null }).c,
      }
    }),
  }
}
