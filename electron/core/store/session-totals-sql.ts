/** The day of a response: its UTC day number (floor, as `Math.floor(ts / DAY_MS)` in the writer). */
export const DAY_OF_TS = `CAST(floor(ts / 86400000.0) AS INTEGER)`

/** Whether a response row is a subagent call (as the rollup's `is_subagent`). */
export const SUB_OF_RESPONSE = `(agent_id IS NOT NULL OR is_sidechain != 0)`

export const SESSION_TOTALS_COLUMNS = `session_id, day, project_id, model_id, source_id, is_subagent, input, output,
  cache_write_5m, cache_write_1h, cache_read, cost, priced, unpriced_tokens, responses, first_ts, last_ts`

/** The session_totals rows of the responses matching `where` (SQL on `responses`), summed from scratch. */
export function sessionTotalsSelect(where: string): string {
  return `SELECT session_id, ${DAY_OF_TS} AS d, IFNULL(project_id, 0) AS p, model_id, source_id, ${SUB_OF_RESPONSE} AS sub,
    SUM(input), SUM(output), SUM(cache_write_5m), SUM(cache_write_1h), SUM(cache_read), IFNULL(SUM(cost), 0), COUNT(cost),
    SUM(CASE WHEN cost IS NULL THEN input + output + cache_write_5m + cache_write_1h + cache_read ELSE 0 END),
    COUNT(*), MIN(ts), MAX(ts)
  FROM responses WHERE ${where} GROUP BY session_id, d, p, model_id, source_id, sub`
}

const ADD = `INSERT INTO session_totals (${SESSION_TOTALS_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)
  ON CONFLICT DO UPDATE SET input = input + excluded.input, output = output + excluded.output,
  cache_write_5m = cache_write_5m + excluded.cache_write_5m, cache_write_1h = cache_write_1h + excluded.cache_write_1h,
  cache_read = cache_read + excluded.cache_read, cost = cost + excluded.cost, priced = priced + excluded.priced,
  unpriced_tokens = unpriced_tokens + excluded.unpriced_tokens, responses = responses + excluded.responses,
  first_ts = MIN(first_ts, excluded.first_ts), last_ts = MAX(last_ts, excluded.last_ts)`

/** Statements that keep session_totals in step with `responses` (store/session-totals.ts). */
export const SESSION_TOTALS_SQL = {
  add: ADD,
  // A row a response left: how many remain tells whether it goes.
  addReturning: `${ADD} RETURNING responses`,
  drop: `DELETE FROM session_totals WHERE session_id = ? AND day = ? AND project_id = ? AND model_id = ?
    AND source_id = ? AND is_subagent = ?`,
  // The responses_session index (session_id, ts) bounds this to the session's responses of that day.
  span: `UPDATE session_totals SET (first_ts, last_ts) = (SELECT MIN(ts), MAX(ts) FROM responses
      WHERE session_id = $sid AND ts >= $day * 86400000 AND ts < ($day + 1) * 86400000 AND IFNULL(project_id, 0) = $p
        AND model_id = $m AND source_id = $src AND ${SUB_OF_RESPONSE} = $sub)
    WHERE session_id = $sid AND day = $day AND project_id = $p AND model_id = $m AND source_id = $src AND is_subagent = $sub`,
  hasSessionIndex: `SELECT 1 FROM sqlite_schema WHERE type = 'index' AND name = 'responses_session'`,
} as const
