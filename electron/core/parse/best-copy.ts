import { tokenTotal } from '../../../shared/tokens'
import type { ResponseRec } from './records'

/**
 * Counting rule 2: of two copies of one response, the larger token total wins; on a tie a
 * transcript copy beats an agent_progress copy (otherwise the one already kept stays).
 */
export function isBetter(a: ResponseRec, b: { total: number; fromProgress: boolean } | ResponseRec): boolean {
  const ta = tokenTotal(a.tokens)
  const tb = 'tokens' in b ? tokenTotal(b.tokens) : b.total
  if (ta !== tb) return ta > tb
  return !a.fromProgress && b.fromProgress
}

/** The most complete copy of each response, in order of first appearance (streaming writes partial copies first). */
export function bestPerKey(rs: ResponseRec[]): ResponseRec[] {
  const best = new Map<string, ResponseRec>()
  for (const r of rs) {
    const cur = best.get(r.key)
    if (!cur || isBetter(r, cur)) best.set(r.key, r)
  }
  return best.size === rs.length ? rs : [...best.values()]
}
