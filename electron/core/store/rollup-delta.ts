import type { Statement } from 'better-sqlite3'
import { BUCKET_MS } from './buckets'
import type { TokenColumns } from './writer-sql'

/** Where a response counts in the rollup: its 15-minute bucket and dimensions. */
export interface RollupCell {
  ts: number
  projectId: number
  modelId: number
  sourceId: number
  sub: number
}

/**
 * What one batch adds to (or, for a replaced copy, takes from) `rollup_15m`, summed per cell in
 * memory and written with one upsert per cell.
 */
export class RollupDelta {
  // Per cell: input, output, cw5m, cw1h, cr, cost, unpriced tokens, unpriced responses, responses.
  private readonly cells = new Map<string, number[]>()

  add(c: RollupCell, sign: 1 | -1, t: TokenColumns, cost: number | null): void {
    const k = `${Math.floor(c.ts / BUCKET_MS)}|${c.projectId}|${c.modelId}|${c.sourceId}|${c.sub}`
    let v = this.cells.get(k)
    if (!v) this.cells.set(k, (v = [0, 0, 0, 0, 0, 0, 0, 0, 0]))
    v[0]! += sign * t.input
    v[1]! += sign * t.output
    v[2]! += sign * t.cw5m
    v[3]! += sign * t.cw1h
    v[4]! += sign * t.cr
    if (cost === null) {
      v[6]! += sign * (t.input + t.output + t.cw5m + t.cw1h + t.cr)
      v[7]! += sign
    } else v[5]! += sign * cost
    v[8]! += sign
  }

  /** Upserts every cell that changed (WRITER_SQL.rollup). */
  write(rollup: Statement): void {
    for (const [k, v] of this.cells) {
      if (v.every((x) => x === 0)) continue
      const [bucket, projectId, modelId, sourceId, sub] = k.split('|').map(Number)
      rollup.run(bucket, projectId, modelId, sourceId, sub, ...v)
    }
  }
}
