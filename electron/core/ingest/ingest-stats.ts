/** What one pass did: the figures the CLI prints, the host logs and the bench reads. */
export interface IngestStats {
  roots: number
  files: number
  filesRead: number
  bytes: number
  lines: number
  parsedLines: number
  skippedLines: number
  newResponses: number
  replacedResponses: number
  badLines: Record<string, number>
  /** The first 50 problems (unreadable roots or files, files that failed); `errorCount` has them all. */
  errors: string[]
  errorCount: number
  seconds: number
  /** Where the pass's time went, in ms (the bench prints them to show what grows with the size). */
  phases: IngestPhases
  /** The writer's time (apply and commit, ms) per tenth of the pass's input: flat when it scales linearly. */
  writeByTenth: number[]
}

export interface IngestPhases {
  /** Listing the roots and planning the files (the first parses run meanwhile). */
  list: number
  /** The writer waiting for a parse. */
  parseWait: number
  /** Applying parsed files: facts, rollups and the derived tables kept with them. */
  apply: number
  /** Committing groups (with the turns recomputed before each commit when the indexes are there). */
  commit: number
  /** Dropping and rebuilding the secondary indexes (a bulk pass), or recreating missing ones. */
  indexes: number
  /** After a bulk pass's index rebuild: the turns (and moved activity) it left to recompute. */
  deferred: number
  checkpoint: number
}

/** Milliseconds since `t` (a `performance.now()`). */
export const since = (t: number): number => performance.now() - t

export function emptyStats(): IngestStats {
  return {
    roots: 0,
    files: 0,
    filesRead: 0,
    bytes: 0,
    lines: 0,
    parsedLines: 0,
    skippedLines: 0,
    newResponses: 0,
    replacedResponses: 0,
    badLines: {},
    errors: [],
    errorCount: 0,
    seconds: 0,
    writeByTenth: Array.from({ length: 10 }, () => 0),
    phases: { list: 0, parseWait: 0, apply: 0, commit: 0, indexes: 0, deferred: 0, checkpoint: 0 },
  }
}

export function mergeBad(into: Record<string, number>, from: Record<string, number>): void {
  for (const [k, v] of Object.entries(from)) into[k] = (into[k] ?? 0) + v
}

/** Adds `ms` of the writer's time to the tenth of the input it was spent in. */
export function addWriteTime(stats: IngestStats, done: number, total: number, ms: number): void {
  stats.writeByTenth[Math.min(9, Math.floor((done * 10) / Math.max(1, total)))]! += ms
}
