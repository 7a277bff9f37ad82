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
}

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
  }
}

export function mergeBad(into: Record<string, number>, from: Record<string, number>): void {
  for (const [k, v] of Object.entries(from)) into[k] = (into[k] ?? 0) + v
}
