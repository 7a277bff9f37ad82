import { statfsSync, statSync } from 'node:fs'
import { dirname } from 'node:path'

/** Free bytes on the disk holding `dir`. */
export function statfsFree(dir: string): number {
  const s = statfsSync(dir)
  return s.bavail * s.bsize
}

/**
 * Whether the disk can hold the indexes again after a bulk load drops them: the store and the new
 * data twice over (the indexes and the rebuild's sort files are each smaller than what they index).
 * Short of that, the pass keeps its indexes, so a full disk can only fail a commit, never strand the
 * store without them.
 */
export function roomToRebuild(
  file: string,
  bytesTotal: number,
  freeBytes: (dir: string) => number,
  log: (level: 'info', msg: string) => void,
): boolean {
  if (file === '' || file === ':memory:') return true
  let free: number
  try {
    free = freeBytes(dirname(file))
  } catch {
    return true // unknown: as before
  }
  const need = 2 * (statSync(file).size + bytesTotal / 2)
  if (free >= need) return true
  log('info', `${(free / 1e6).toFixed(0)} MB free beside ${file}: keeping the indexes during this pass`)
  return false
}

/**
 * A full garbage collection where the process made one available (the CLI exposes V8's `gc`; elsewhere
 * this does nothing). A bulk pass runs one after each group commit and before the index rebuild: the
 * parsed batches it drops outlive a few young collections, and V8 would otherwise let them pile up in
 * the old generation to a few times the live heap before collecting (measured at 10 GB: the writer's
 * heap grew to ~200 MB over ~70 MB live; with this it stays near 110 MB, for ~40 collections of tens
 * of ms).
 */
export function collectGarbage(): void {
  ;(globalThis as { gc?: () => void }).gc?.()
}
