/** What went wrong with the store, as far as the user can act on it. */
export type StoreErrorKind =
  'full' | 'locked' | 'corrupt' | 'readonly' | 'cantopen' | 'io' | 'newer_schema' | 'migration'

/** The kinds whose message says more than the standard one (the schema version, the migration). */
type OwnMessage = 'newer_schema' | 'migration'

/** The last store error seen per database file, for the Health view (`lastStoreError`). */
const last = new Map<string, { kind: StoreErrorKind; message: string; at: string }>()

/**
 * A failure of the store itself (not of one transcript): one message naming the file and what to do.
 * Every StoreError is remembered as its file's last store error.
 */
export class StoreError extends Error {
  readonly at = new Date().toISOString()

  constructor(
    message: string,
    readonly kind: StoreErrorKind,
    readonly file: string,
  ) {
    super(message)
    this.name = 'StoreError'
    last.set(file, { kind, message, at: this.at })
  }

  /** The kind, under its earlier name. */
  get code(): StoreErrorKind {
    return this.kind
  }
}

export function lastStoreError(file: string): { kind: StoreErrorKind; message: string; at: string } | null {
  return last.get(file) ?? null
}

/** Forgets a file's last store error (after a successful rebuild, or in tests). */
export function clearStoreError(file: string): void {
  last.delete(file)
}

/**
 * After a pass that committed: a lock, full disk or I/O error is over; corruption, a newer schema and a
 * failed migration stay until the store is rebuilt or the code updated.
 */
export function clearPassingStoreError(file: string): void {
  const e = last.get(file)
  if (e && e.kind !== 'corrupt' && e.kind !== 'newer_schema' && e.kind !== 'migration') last.delete(file)
}

const MESSAGES: Record<Exclude<StoreErrorKind, OwnMessage>, (file: string) => string> = {
  full: (f) =>
    `database ${f}: the disk is full (or the store reached its size limit): free some space and run the command again`,
  locked: (f) =>
    `database ${f} is locked by another process (another Observatory or a tool holding it open): close it or wait, then run the command again`,
  corrupt: (f) =>
    `database ${f} is corrupt or not a database: run \`observatory doctor\` to check it, and \`observatory doctor --rebuild\` to rebuild it from the transcripts (the old file is kept)`,
  readonly: (f) =>
    `database ${f} is read-only: make the file and its folder writable, or point --db / OBSERVATORY_DB at a writable file`,
  cantopen: (f) =>
    `cannot open database ${f}: check that its folder exists and is writable, or point --db / OBSERVATORY_DB elsewhere`,
  io: (f) =>
    `database ${f}: disk I/O error: check the disk (free space, file size limits, hardware) and run the command again`,
}

/** SQLite result codes (primary code; extended codes such as SQLITE_IOERR_WRITE share it) → kind. */
const KINDS: Record<string, Exclude<StoreErrorKind, OwnMessage>> = {
  SQLITE_FULL: 'full',
  SQLITE_BUSY: 'locked',
  SQLITE_LOCKED: 'locked',
  SQLITE_CORRUPT: 'corrupt',
  SQLITE_NOTADB: 'corrupt',
  SQLITE_READONLY: 'readonly',
  SQLITE_CANTOPEN: 'cantopen',
  SQLITE_IOERR: 'io',
  SQLITE_PERM: 'readonly',
}

/** The StoreError for a SQLite failure of the store (lock, corruption, full disk, …); null for others. */
export function classifyStoreError(err: unknown, file: string): StoreError | null {
  if (err instanceof StoreError) return err
  const code = (err as { code?: unknown } | null)?.code
  if (typeof code !== 'string' || !code.startsWith('SQLITE_')) return null
  const kind = KINDS[code.split('_').slice(0, 2).join('_')]
  if (!kind) return null
  const detail = err instanceof Error ? err.message : String(err)
  return new StoreError(`${MESSAGES[kind](file)} (${detail})`, kind, file)
}

/** A store-level failure as a StoreError; any other error unchanged. */
export function asStoreError(err: unknown, file: string): unknown {
  return classifyStoreError(err, file) ?? err
}

/** A StoreError of the given kind with its standard message. */
export function storeError(
  kind: Exclude<StoreErrorKind, OwnMessage>,
  file: string,
  detail?: string,
): StoreError {
  return new StoreError(`${MESSAGES[kind](file)}${detail ? ` (${detail})` : ''}`, kind, file)
}

/**
 * A migration that failed on something other than the store itself (a constraint, SQL the store's
 * content trips over, a bug): the transaction that runs the migrations was rolled back.
 */
export function migrationError(
  file: string,
  version: number,
  name: string,
  err: unknown,
  /** A backfill's chunk failed: what it committed before stays, and the next open resumes it. */
  backfill = false,
): StoreError {
  const detail = err instanceof Error ? err.message : String(err)
  const id = String(version).padStart(3, '0')
  return new StoreError(
    `database ${file}: migration ${id} (${name}) failed: ${detail}; ${backfill ? 'its last chunk was rolled back, and the next open resumes the upgrade from there; if it fails again,' : 'the store was left as it was (the migrations run in one transaction):'} run \`observatory doctor --rebuild\` to make a new store from the transcripts (the old file is kept), and please report this`,
    'migration',
    file,
  )
}
