import { tokenTotal } from '../../../shared/tokens'
import type { ResponseRec } from './records'

/** One copy of a response as counting rule 2 compares it. */
export interface Copy {
  total: number
  fromProgress: boolean
}

/**
 * Counting rule 2: of two copies of one response, the larger token total wins; on a tie a
 * transcript copy beats an agent_progress copy (otherwise the one already kept stays).
 */
export function isBetter(a: Copy, b: Copy): boolean {
  if (a.total !== b.total) return a.total > b.total
  return !a.fromProgress && b.fromProgress
}

const copyOf = (r: ResponseRec): Copy => ({ total: tokenTotal(r.tokens), fromProgress: r.fromProgress })

/** The most complete copy of each response, in order of first appearance (streaming writes partial copies first). */
export function bestPerKey(rs: ResponseRec[]): ResponseRec[] {
  const best = new Map<string, ResponseRec>()
  for (const r of rs) {
    const cur = best.get(r.key)
    if (!cur || isBetter(copyOf(r), copyOf(cur))) best.set(r.key, r)
  }
  return best.size === rs.length ? rs : [...best.values()]
}
