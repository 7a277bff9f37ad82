import { mkdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { appDataDir, defaultDbPath, defaultRoots, defaultSourceLabel } from '../core/paths'
import { openDb, type Db } from '../core/store/db'
import { PriceBook } from '../core/prices/price-book'
import { loadOverrides } from '../core/prices/overrides'
import { Ingestor, type Logger, type RootSpec } from '../core/ingest/ingest'

export interface CoreContext {
  db: Db
  ingestor: Ingestor
  prices: PriceBook
  dbPath: string
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
  return { db, prices, dbPath: file, ingestor: new Ingestor(db, prices, log, () => host) }
}

/** The roots to ingest: those given with --root, else every default root that exists. */
export function rootSpecs(
  roots: string[],
  label: string | undefined,
): { specs: RootSpec[]; explicit: boolean } {
  if (roots.length > 0) return { specs: roots.map((path) => ({ path, label })), explicit: true }
  return { specs: defaultRoots().map((path) => ({ path, label })), explicit: false }
}
