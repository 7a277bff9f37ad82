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
  /** Where to write; default: a dated, unique name in the export folder. Over HTTP: inside that folder only (see ARCHITECTURE.md, Exports). */
  path: z.string().min(1).max(4096).optional(),
  table: z.string().max(200).optional(),
})

export interface ExportResult {
  /** null when the user cancelled the save dialog. */
  path: string | null
  bytes: number
}
