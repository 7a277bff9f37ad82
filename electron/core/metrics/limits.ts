import { MAX_CELLS, MAX_POINTS } from '../../../shared/contract/bounds'
import { DAY_MS } from '../store/buckets'

/**
 * Bounds on what one request may read and answer (ARCHITECTURE.md, "Metrics and the contract"):
 * a request over them is refused with `invalid_arguments`, so no answer is huge and none blocks the
 * event loop for long.
 */

/** No transcript predates Claude Code: earlier stored values are corrupt and ignored. */
export const DATA_MIN_MS = Date.UTC(2023, 0, 1)
/** How far past "now" a range may reach, and a stored value may lie (clock skew), before it is ignored. */
export const FUTURE_SLACK_MS = 366 * DAY_MS
export { MAX_CELLS, MAX_POINTS }
/**
 * Entries each list of one session's detail may have (turns, tool errors, API errors, compactions,
 * subagents): a longer list keeps its most recent entries and the answer's `truncated` gives the full counts.
 */
export const SESSION_LIST_MAX = 1000

export const dataMaxMs = (now: number): number => now + FUTURE_SLACK_MS

/** A request whose answer would be over a bound: answered as `invalid_arguments` with this message. */
export class LimitError extends Error {}

/**
 * SQL condition "`col` lies in the data window": a stored instant outside it (or text in an INTEGER
 * column, which sorts after every number) is corrupt and ignored by every report.
 */
export function inWindow(col: string, now: number): { sql: string; args: number[] } {
  return { sql: ` AND ${col} >= ? AND ${col} < ?`, args: [DATA_MIN_MS, dataMaxMs(now)] }
}

/** ISO text of a stored instant, clamped to the data window (a corrupt value must not make a report throw). */
export function windowIso(ms: unknown, now: number): string {
  const n = typeof ms === 'number' && Number.isFinite(ms) ? ms : DATA_MIN_MS
  return new Date(Math.min(Math.max(n, DATA_MIN_MS), dataMaxMs(now))).toISOString()
}
