import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { lazyRequire } from '../lazy-require'

function readVersion(): string {
  try {
    const entry = lazyRequire.resolve('@pydantic/genai-prices')
    const pkg = JSON.parse(readFileSync(join(dirname(entry), '..', 'package.json'), 'utf8')) as {
      version: string
    }
    return pkg.version
  } catch {
    return 'unknown'
  }
}

/** The bundled, offline price snapshot every stored cost is tagged with. */
export const PRICE_DATA_VERSION = `genai-prices@${readVersion()}`
