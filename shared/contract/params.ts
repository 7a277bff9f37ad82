import { z } from 'zod'
import { isValidTimeZone } from '../timezone'
import { RANGE_PRESETS } from './names'

export { RANGE_PRESETS }

/**
 * Parameters every metric takes (see ARCHITECTURE.md, "Metrics"): a range (preset or explicit),
 * an IANA time zone, the first day of the week, and filters.
 */

const isoInstant = z.iso.datetime({ offset: true })

export const rangeSchema = z.union([
  z.object({ preset: z.enum(RANGE_PRESETS) }),
  z
    .object({ start: isoInstant, end: isoInstant })
    .refine((r) => Date.parse(r.start) < Date.parse(r.end), 'start must be before end'),
])

export const filtersSchema = z.object({
  /** Project paths (or display names). */
  projects: z.array(z.string().min(1)).max(100).optional(),
  models: z.array(z.string().min(1)).max(100).optional(),
  /** Source labels. */
  sources: z.array(z.string().min(1)).max(100).optional(),
  thread: z.enum(['all', 'main', 'subagent']).optional(),
})

/** IANA zone; default: the serving machine's zone. Validated against the runtime's zone database. */
export const timezoneSchema = z.string().refine(isValidTimeZone, 'unknown IANA time zone')

export const commonSchema = z.object({
  range: rangeSchema.default({ preset: '30d' }),
  timezone: timezoneSchema.optional(),
  /** 1 = Monday … 7 = Sunday (ISO). */
  weekStart: z.number().int().min(1).max(7).default(1),
  filters: filtersSchema.default({}),
})

export const groupBySchema = z.enum(['hour', 'day', 'week', 'month'])

export type Range = z.infer<typeof rangeSchema>
export type Filters = z.infer<typeof filtersSchema>
export type CommonArgs = z.infer<typeof commonSchema>
export type GroupBy = z.infer<typeof groupBySchema>
