import { existsSync, mkdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { appDataDir, defaultDbPath, defaultRoots, defaultSourceLabel } from '../core/paths'
import { openDb, type Db } from '../core/store/db'
import { PriceBook } from '../core/prices/price-book'
import { loadOverrides } from '../core/prices/overrides'
import { Ingestor, type Logger, type RootSpec } from '../core/ingest/ingest'
import { inlineParser, ParsePool, type FileParser } from '../core/ingest/file-parser'
import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'

export interface CoreContext {
  db: Db
  ingestor: Ingestor
  prices: PriceBook
  dbPath: string
  close(): Promise<void>
}

/**
 * Parse workers (the bundled CLI ships `parse-worker.mjs` beside itself). Default: one per core
 * except the one the writer needs; OBSERVATORY_PARSE_WORKERS=0 parses inline.
 */
function parsePool(): FileParser {
  const size = Number(process.env.OBSERVATORY_PARSE_WORKERS ?? Math.max(1, availableParallelism() - 1))
  if (!(size >= 1)) return inlineParser
  return new ParsePool(size, () => new Worker(new URL('./parse-worker.mjs', import.meta.url)))
}

/** Opens the store and the price book the way every CLI command and the app do. */
export function openCore(dbPath: string | undefined, log: Logger): CoreContext {
  const file = dbPath ?? defaultDbPath()
  mkdirSync(dirname(file), { recursive: true })
  const db = openDb(file)
  const prices = new PriceBook(
    loadOverrides(process.env.OBSERVATORY_PRICES ?? join(appDataDir(), 'prices.json')),
  )
  const host = defaultSourceLabel()
  const parser = parsePool()
  return {
    db,
    prices,
    dbPath: file,
    ingestor: new Ingestor(db, prices, {
      log,
      defaultLabel: () => host,
      parser,
      commitBytes: process.env.OBSERVATORY_COMMIT_MB
        ? Number(process.env.OBSERVATORY_COMMIT_MB) * 2 ** 20
        : undefined,
    }),
    close: async () => {
      await parser.close()
      db.close()
    },
  }
}

/** The roots to ingest: those given with --root, else every default root that exists. */
export function rootSpecs(
  roots: string[],
  label: string | undefined,
): { specs: RootSpec[]; explicit: boolean } {
  if (roots.length > 0) return { specs: roots.map((path) => ({ path, label })), explicit: true }
  // Default roots that do not exist on this machine are not problems worth a warning.
  return {
    specs: defaultRoots()
      .filter((p) => existsSync(p))
      .map((path) => ({ path, label })),
    explicit: false,
  }
}
