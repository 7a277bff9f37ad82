import { mkdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { inlineParser, type FileParser } from './ingest/file-parser'
import { Ingestor, type Logger } from './ingest/ingest'
import { appDataDir, defaultDbPath, defaultSourceLabel } from './paths'
import { loadOverrides } from './prices/overrides'
import { PriceBook } from './prices/price-book'
import { openDb, type Db, type OpenOptions } from './store/db'
import { storeError } from './store/store-error'

export interface CoreOptions {
  /** Default: the app's data folder (or OBSERVATORY_DB). */
  dbPath?: string
  /** better_sqlite3.node built for the running ABI (the Electron app passes its own). */
  nativeBinding?: string
  /** Default: `prices.json` in the app's data folder. */
  pricesFile?: string
  parser?: FileParser
  log?: Logger
  commitBytes?: number
  /** Lock wait and size cap of the store, and when its upgrade runs (see OpenOptions). */
  store?: Pick<OpenOptions, 'busyTimeoutMs' | 'maxPageCount' | 'deferBackfills' | 'onUpgrade'>
}

export interface Core {
  db: Db
  prices: PriceBook
  ingestor: Ingestor
  dbPath: string
  /** The user's price overrides (prices.json). */
  pricesFile: string
  close(): Promise<void>
}

/** Opens the store, the price book and the ingestor the same way for the CLI and the app's core worker. */
export function openCore(opts: CoreOptions = {}): Core {
  const file = opts.dbPath ?? defaultDbPath()
  try {
    mkdirSync(dirname(file), { recursive: true })
  } catch (err) {
    throw storeError('cantopen', file, (err as Error).message)
  }
  const db = openDb(file, { ...opts.store, nativeBinding: opts.nativeBinding })
  const pricesFile = opts.pricesFile ?? join(appDataDir(), 'prices.json')
  const prices = new PriceBook(loadOverrides(pricesFile))
  const host = defaultSourceLabel()
  const parser = opts.parser ?? inlineParser
  return {
    db,
    prices,
    dbPath: file,
    pricesFile,
    ingestor: new Ingestor(db, prices, {
      log: opts.log,
      defaultLabel: () => host,
      parser,
      commitBytes: opts.commitBytes,
    }),
    // Workers go first and on every path: a live worker thread keeps the process running.
    close: async () => {
      try {
        await parser.close()
      } finally {
        if (db.open) db.close()
      }
    },
  }
}
