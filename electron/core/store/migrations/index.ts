import { m001Initial } from './001-initial'
import type { Migration } from './types'

/** Append-only, strictly increasing. Never edit a migration that has shipped; add the next one. */
export const MIGRATIONS: readonly Migration[] = [m001Initial]

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version
