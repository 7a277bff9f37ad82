import { setImmediate as nextTurn } from 'node:timers/promises'

/** How long synchronous file-system work may hold the thread before letting others run. */
export const SLICE_MS = 15

/**
 * Returns `slice()`: call it between small pieces of synchronous work; it yields to the event loop
 * (timers, sockets, worker messages) once `ms` have passed since the last yield, else returns at once.
 */
export function timeSlicer(ms = SLICE_MS): () => Promise<void> | undefined {
  let since = performance.now()
  return () => {
    if (performance.now() - since < ms) return undefined
    return nextTurn().then(() => {
      since = performance.now()
    })
  }
}
