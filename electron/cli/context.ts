import { existingDefaultRoots } from '../core/paths'
import { openCore, type Core } from '../core/open-core'
import type { Logger, RootSpec } from '../core/ingest/ingest'
import {
  inlineParser,
  PARSE_WORKER_OPTIONS,
  parseWorkerCount,
  ParsePool,
  type FileParser,
} from '../core/ingest/file-parser'
import { Worker } from 'node:worker_threads'
import type { UpgradeListener } from '../core/store/backfill'

export type CoreContext = Core

/**
 * Parse workers (the bundled CLI ships `parse-worker.mjs` beside itself). Default: parseWorkerCount();
 * OBSERVATORY_PARSE_WORKERS sets the number, 0 parses inline.
 */
function parsePool(): FileParser {
  const size = Number(process.env.OBSERVATORY_PARSE_WORKERS ?? parseWorkerCount())
  if (!(size >= 1)) return inlineParser
  return new ParsePool(
    size,
    () => new Worker(new URL('./parse-worker.mjs', import.meta.url), PARSE_WORKER_OPTIONS),
  )
}

const envNumber = (name: string): number | undefined => {
  const v = Number(process.env[name])
  return process.env[name] && Number.isFinite(v) && v >= 0 ? v : undefined
}

/**
 * The core as CLI commands use it: parse workers, and env overrides for prices, commit size, the
 * lock wait (OBSERVATORY_BUSY_TIMEOUT_MS) and a cap on the store's pages (OBSERVATORY_MAX_DB_PAGES).
 */
/**
 * `upgrading the store: 12/90 chunks (13 %)` on stderr once a second, and at the end of an upgrade
 * that took longer than that (a short one says nothing).
 */
function upgradeReporter(): UpgradeListener {
  let last = performance.now()
  let said = false
  return (p) => {
    if (p.done ? !said : performance.now() - last < 1000) return
    last = performance.now()
    said = true
    const pct = p.chunksTotal ? Math.floor((100 * p.chunksDone) / p.chunksTotal) : 100
    process.stderr.write(`upgrading the store: ${p.chunksDone}/${p.chunksTotal} chunks (${pct} %)\n`)
  }
}

/** `serve`: the host upgrades the store (store/backfill.ts) before its first pass, answering meanwhile. */
export function openCliCore(
  dbPath: string | undefined,
  log: Logger,
  opts: { deferBackfills?: boolean } = {},
): Core {
  const commitMb = process.env.OBSERVATORY_COMMIT_MB
  return openCore({
    dbPath,
    pricesFile: process.env.OBSERVATORY_PRICES,
    parser: parsePool(),
    log,
    commitBytes: commitMb ? Number(commitMb) * 2 ** 20 : undefined,
    store: {
      busyTimeoutMs: envNumber('OBSERVATORY_BUSY_TIMEOUT_MS'),
      maxPageCount: envNumber('OBSERVATORY_MAX_DB_PAGES'),
      deferBackfills: opts.deferBackfills,
      onUpgrade: upgradeReporter(),
    },
  })
}

/** The roots to ingest: those given with --root, else every default root that exists. */
export function rootSpecs(roots: string[], label: string | undefined): RootSpec[] {
  return (roots.length > 0 ? roots : existingDefaultRoots()).map((path) => ({ path, label }))
}
