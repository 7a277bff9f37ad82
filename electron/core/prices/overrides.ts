import { existsSync, readFileSync } from 'node:fs'
import { z } from 'zod'

/** User price overrides, $ per million tokens. Keys are model ids or `prefix*` patterns. */
const ratesSchema = z.object({
  input: z.number().nonnegative(),
  output: z.number().nonnegative(),
  cacheWrite5m: z.number().nonnegative().optional(),
  cacheWrite1h: z.number().nonnegative().optional(),
  cacheRead: z.number().nonnegative().optional(),
})
export type Rates = z.infer<typeof ratesSchema>

const fileSchema = z.object({ models: z.record(z.string().min(1), ratesSchema) })
export type PriceOverrides = Record<string, Rates>

/** Reads `prices.json` if present. A malformed file is an error the caller reports, never a silent $0. */
export function loadOverrides(file: string): PriceOverrides {
  if (!existsSync(file)) return {}
  const parsed = fileSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')))
  if (!parsed.success) throw new Error(`invalid price overrides in ${file}: ${parsed.error.message}`)
  return parsed.data.models
}
