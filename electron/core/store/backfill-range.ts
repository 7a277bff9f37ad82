import type { Statement } from 'better-sqlite3'
import type { BackfillKey } from './migrations/types'

export interface KeyRange {
  /** SQL with the named parameters :lo and :hi (those of the open ends left out). */
  sql: string
  params: Record<string, BackfillKey>
}

/**
 * `column` in the range (lo, hi] (a null end is open): without an `x IS NULL OR` term, so the planner
 * can search an index on `column`.
 */
export function keyRange(column: string, lo: BackfillKey | null, hi: BackfillKey | null): KeyRange {
  const terms: string[] = []
  const params: Record<string, BackfillKey> = {}
  if (lo !== null) {
    terms.push(`${column} > :lo`)
    params.lo = lo
  }
  if (hi !== null) {
    terms.push(`${column} <= :hi`)
    params.hi = hi
  }
  return { sql: terms.length ? terms.join(' AND ') : '1', params }
}

/** Runs a statement with the range's parameters if it has any. */
export function runIn(st: Statement, r: KeyRange): void {
  if (/:(lo|hi)\b/.test(st.source)) st.run(r.params)
  else st.run()
}

/** Every `step`-th value of a sorted key list. */
export function everyNth(keys: BackfillKey[], step: number): BackfillKey[] {
  return keys.filter((_, i) => (i + 1) % step === 0)
}

/** Keys per chunk: sessions (011, 012, 013, 015) and days (014). Tests lower them to cut small stores in many chunks. */
export const chunkSizes = { sessions: 500, days: 30 }
