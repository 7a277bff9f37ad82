/** Result types of health, settings, maintenance and alerts: what a host answers beside the metrics. */

export interface HealthResult {
  sources: { label: string; root: string; files: number; missingFiles: number }[]
  filesWatched: number
  lastIngest: {
    at: string
    seconds: number
    files: number
    bytes: number
    lines: number
    linesPerSecond: number | null
  } | null
  badLines: Record<string, number>
  dbBytes: number
  queries: { name: string; count: number; p50Ms: number; p95Ms: number }[]
  /** The last failure of the store itself (full disk, lock, corruption, read-only), if any. */
  storeError: { kind: string; message: string; at: string } | null
}

export interface IngestProgress {
  filesDone: number
  filesTotal: number
  bytesDone: number
  bytesTotal: number
  done: boolean
  /**
   * Set while the store is being upgraded (a migration's backfill, before the first pass): its chunks
   * done and in all; the file and byte counts are then 0.
   */
  upgrade?: { chunksDone: number; chunksTotal: number }
}

export interface SourceInfo {
  path: string
  label: string
  /**
   * default: a standard Claude Code folder; added: by the user in Settings; command-line: `--root`;
   * stored: no longer read, but its data is still in the store.
   */
  origin: 'default' | 'added' | 'command-line' | 'stored'
  watch: boolean
  exists: boolean
  /** Transcript files stored from it so far. */
  files: number
}

/** Retention and archive state (Settings → Data). */
export interface MaintenanceInfo {
  /** The last retention run: rows with a timestamp before `cutoff` were deleted (rollups kept). */
  lastPrune: { at: number; cutoff: number; responses: number; seconds: number } | null
  /** Responses retention has deleted in all (their tokens and cost stay in the rollups). */
  prunedResponses: number
  archive: {
    folder: string
    /** Transcripts held, and the archive's size on disk. */
    files: number
    bytes: number
    /** The last run in this session of the app that copied something. */
    lastRun: { at: number; files: number; bytesIn: number } | null
  }
}

export interface SettingsResult {
  settings: import('./settings').Settings
  sources: SourceInfo[]
  /** Where Observatory looks for transcripts by default, and whether each folder exists. */
  defaultRoots: { path: string; exists: boolean }[]
  prices: {
    file: string
    overrides: Record<
      string,
      { input: number; output: number; cacheWrite5m?: number; cacheWrite1h?: number; cacheRead?: number }
    >
    /** Why prices.json could not be used, if so. */
    error: string | null
  }
  /** The last pass's progress, when one is running. */
  ingest: IngestProgress | null
}

export interface AlertInputsResult {
  timezone: string
  at: string
  /** Cost so far in the current local period (label: its first day, or YYYY-MM). */
  day: { label: string; start: string; cost: number }
  week: { label: string; start: string; cost: number }
  month: { label: string; start: string; cost: number }
  tokensLastHour: number
  /** Sessions with a response in the last hour. */
  sessions: {
    id: string
    cost: number | null
    lastPromptAt: string | null
    toolCallsSincePrompt: number
    costSincePrompt: number | null
  }[]
}

export interface AlertEntry {
  key: string
  rule: 'daily' | 'weekly' | 'monthly' | 'tokensPerHour' | 'sessionCost' | 'runaway'
  level: 'warn' | 'over'
  title: string
  body: string
  value: number
  limit: number
  /** The dashboard route the alert points to. */
  route: string
  at: string
  /** Raised while notifications were snoozed. */
  snoozed: boolean
}

export interface AlertsResult {
  alerts: AlertEntry[]
  snoozedUntil: string | null
}
