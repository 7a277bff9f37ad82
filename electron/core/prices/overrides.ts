import { existsSync, readFileSync } from 'node:fs'
import { lazyRequire } from '../lazy-require'

/** $ per million tokens for one model. */
export interface Rates {
  input: number
  output: number
  cacheWrite5m?: number
  cacheWrite1h?: number
  cacheRead?: number
}

/** A config file the user wrote is invalid: reported as a message, never a crash or a silent $0. */
export class ConfigError extends Error {}

/** User price overrides. Keys are model ids or `prefix*` patterns. */
export type PriceOverrides = Record<string, Rates>

function zod(): typeof import('zod') {
  return lazyRequire('zod') as typeof import('zod')
}

function fileSchema() {
  const { z } = zod()
  const rate = z.number().nonnegative()
  const rates = z.object({
    input: rate,
    output: rate,
    cacheWrite5m: rate.optional(),
    cacheWrite1h: rate.optional(),
    cacheRead: rate.optional(),
  })
  return z.object({ models: z.record(z.string().min(1), rates) })
}

/** Reads `prices.json` if present. A malformed file is an error the caller reports, never a silent $0. */
export function loadOverrides(file: string): PriceOverrides {
  if (!existsSync(file)) return {}
  let raw: unknown
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'))
  } catch (err) {
    throw new ConfigError(`invalid price overrides in ${file}: ${(err as Error).message}`)
  }
  const parsed = fileSchema().safeParse(raw)
  if (!parsed.success)
    throw new ConfigError(`invalid price overrides in ${file}:\n${zod().z.prettifyError(parsed.error)}`)
  return parsed.data.models
}
