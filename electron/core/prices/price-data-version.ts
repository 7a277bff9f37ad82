import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

function readVersion(): string {
  try {
    // Works both bundled as CommonJS (Electron main) and as ESM (CLI).
    const req = typeof require === 'function' ? require : createRequire(import.meta.url)
    const entry = req.resolve('@pydantic/genai-prices')
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
