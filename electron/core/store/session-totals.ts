import type { Statement } from 'better-sqlite3'
import { DAY_MS } from './buckets'
import type { Db } from './db'
import type { RollupCell } from './rollup-delta'
import { SESSION_TOTALS_SQL } from './session-totals-sql'
import type { TokenColumns } from './writer-sql'

interface Cell {
  key: (string | number)[]
  /** input, output, cw5m, cw1h, cr, cost, priced, unpriced tokens, responses */
  v: number[]
  lo: number
  hi: number
  /** A response left the row: its first/last may have to move in. */
  shrunk: boolean
}

export type SessionTotalsStatements = Record<keyof typeof SESSION_TOTALS_SQL, Statement>

export function prepareSessionTotals(db: Db): SessionTotalsStatements {
  return Object.fromEntries(
    Object.entries(SESSION_TOTALS_SQL).map(([k, sql]) => [k, db.prepare(sql)]),
  ) as SessionTotalsStatements
}

/**
 * What a batch adds to (or takes from) `session_totals`, summed per row in memory: the rollup's
 * deltas (rollup-delta.ts) with the session id and the response's UTC day as further dimensions,
 * and the first/last response time of the row.
 */
export class SessionDelta {
  private readonly cells = new Map<string, Cell>()

  /** `shrinks`: the response leaves the store (a replaced copy, retention), not only its cost changes. */
  add(
    sessionId: string,
    c: RollupCell,
    sign: 1 | -1,
    t: TokenColumns,
    cost: number | null,
    shrinks = sign < 0,
  ): void {
    const day = Math.floor(c.ts / DAY_MS)
    const k = `${day}|${c.projectId}|${c.modelId}|${c.sourceId}|${c.sub}|${sessionId}`
    let cell = this.cells.get(k)
    if (!cell) {
      const key = [sessionId, day, c.projectId, c.modelId, c.sourceId, c.sub]
      this.cells.set(
        k,
        (cell = { key, v: [0, 0, 0, 0, 0, 0, 0, 0, 0], lo: Infinity, hi: -Infinity, shrunk: false }),
      )
    }
    const v = cell.v
    v[0]! += sign * t.input
    v[1]! += sign * t.output
    v[2]! += sign * t.cw5m
    v[3]! += sign * t.cw1h
    v[4]! += sign * t.cr
    if (cost === null) v[7]! += sign * (t.input + t.output + t.cw5m + t.cw1h + t.cr)
    else {
      v[5]! += sign * cost
      v[6]! += sign
    }
    v[8]! += sign
    if (sign > 0) {
      cell.lo = Math.min(cell.lo, c.ts)
      cell.hi = Math.max(cell.hi, c.ts)
    }
    if (shrinks) cell.shrunk = true
  }

  /**
   * Upserts every changed row; a row left without responses is deleted, and one a response left gets
   * its first/last from the responses still in it. That needs the responses_session index, which a
   * bulk pass drops: without it the bounds stay as they were, only wider than the responses, which
   * keeps every answer exact (a session that seems to straddle a range edge is probed).
   */
  write(st: SessionTotalsStatements): void {
    let canSpan: boolean | undefined
    for (const cell of this.cells.values()) {
      if (!cell.shrunk && cell.v.every((x) => x === 0)) continue
      const lo = cell.lo === Infinity ? Number.MAX_SAFE_INTEGER : cell.lo
      const hi = cell.hi === -Infinity ? Number.MIN_SAFE_INTEGER : cell.hi
      if (!cell.shrunk) {
        st.add.run(...cell.key, ...cell.v, lo, hi)
        continue
      }
      const row = st.addReturning.get(...cell.key, ...cell.v, lo, hi) as { responses: number }
      if (row.responses <= 0) st.drop.run(...cell.key)
      else {
        canSpan ??= st.hasSessionIndex.get() !== undefined
        const [sid, day, p, m, src, sub] = cell.key
        if (canSpan) st.span.run({ sid, day, p, m, src, sub })
      }
    }
    this.cells.clear()
  }
}
