import { z } from 'zod'
import { EXPORT_FORMATS, EXPORT_VIEWS } from './names'
import { commonSchema, groupBySchema } from './params'

/** Export a view with the current range and filters (CSV: its main table, or `table` by title). */
export const exportSchema = z.object({
  view: z.enum(EXPORT_VIEWS),
  format: z.enum(EXPORT_FORMATS),
  args: commonSchema
    .partial()
    .extend({ groupBy: groupBySchema.optional(), breakdownBy: z.enum(['model', 'project']).optional() })
    .default({}),
  anonymize: z.boolean().default(false),
  /** CSV: a UTF-8 byte-order mark, for Excel. */
  bom: z.boolean().default(false),
  /** Absolute path to write; default: the Downloads folder (or the app's exports folder) with a dated name. */
  path: z.string().min(1).max(4096).optional(),
  table: z.string().max(200).optional(),
})

export interface ExportResult {
  /** null when the user cancelled the save dialog. */
  path: string | null
  bytes: number
}
