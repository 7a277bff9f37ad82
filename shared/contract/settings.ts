import { z } from 'zod'
import { timezoneSchema } from './params'
import { EXPORT_VIEWS } from './names'

/**
 * User settings, stored in the database (table `settings`) and saved through the contract. The
 * dashboards read their defaults from here; the desktop shell reads the budgets.
 */
export const THEMES = ['system', 'light', 'dark'] as const

const usd = z.number().nonnegative().max(1_000_000)

export const budgetsSchema = z.object({
  dailyUsd: usd.nullable(),
  weeklyUsd: usd.nullable(),
  monthlyUsd: usd.nullable(),
  /** Warn when a budget reaches this share (%) and again at 100 %. */
  warnAtPercent: z.number().int().min(1).max(100),
  tokensPerHour: z.number().int().positive().max(1e12).nullable(),
  sessionUsd: usd.nullable(),
  /** Runaway-loop guard: this many consecutive tool calls with no human prompt. */
  loopToolCalls: z.number().int().min(2).max(100_000).nullable(),
})

export const rootSettingSchema = z.object({
  path: z.string().min(1).max(4096),
  label: z.string().trim().min(1).max(100).optional(),
  /** true: watched and re-read as it changes; false: imported once. */
  watch: z.boolean(),
})

export const settingsSchema = z.object({
  /** null: this computer's time zone. */
  timezone: timezoneSchema.nullable(),
  /** 1 = Monday … 7 = Sunday. */
  weekStart: z.number().int().min(1).max(7),
  /** Display currency: amounts are computed in USD and shown × perUsd. */
  currency: z.object({
    code: z.string().regex(/^[A-Z]{3}$/, 'a 3-letter ISO 4217 code'),
    perUsd: z.number().positive().max(1e6),
  }),
  planMonthlyUsd: usd.nullable(),
  theme: z.enum(THEMES),
  budgets: budgetsSchema,
  /** Folders added by the user, beside the default roots. */
  roots: z.array(rootSettingSchema).max(100),
  /** Scheduled reports of the last completed day/week/month, written while the app runs (and caught up at start). */
  reports: z.object({
    folder: z.string().min(1).max(4096).nullable(),
    daily: z.boolean(),
    weekly: z.boolean(),
    monthly: z.boolean(),
    format: z.enum(['pdf', 'csv']),
    view: z.enum(EXPORT_VIEWS),
  }),
  /** Desktop app: start when the user logs in; start in the tray without opening the window. */
  startAtLogin: z.boolean(),
  startMinimized: z.boolean(),
  /**
   * Per-response rows older than this many days are deleted in the background (null: kept forever).
   * The 15-minute rollups behind cost and token figures are always kept.
   */
  responseDetailDays: z.number().int().min(7).max(36_500).nullable(),
  /** Keep a gzip copy of every transcript read, in the app's data folder (survives Claude Code's cleanup). */
  archive: z.boolean(),
  /** Bound of the query result cache (an LRU measured in bytes of JSON), in MiB. */
  resultCacheMb: z.number().int().min(8).max(1024),
})

export type Settings = z.infer<typeof settingsSchema>
export type RootSetting = z.infer<typeof rootSettingSchema>
export type Theme = (typeof THEMES)[number]

export const DEFAULT_SETTINGS: Settings = {
  timezone: null,
  weekStart: 1,
  currency: { code: 'USD', perUsd: 1 },
  planMonthlyUsd: null,
  theme: 'system',
  budgets: {
    dailyUsd: null,
    weeklyUsd: null,
    monthlyUsd: null,
    warnAtPercent: 80,
    tokensPerHour: null,
    sessionUsd: null,
    loopToolCalls: null,
  },
  roots: [],
  reports: { folder: null, daily: false, weekly: false, monthly: false, format: 'pdf', view: 'overview' },
  startAtLogin: false,
  startMinimized: false,
  responseDetailDays: null,
  archive: false,
  resultCacheMb: 64,
}

/** A partial update: top-level keys replace the stored value (roots are edited with the source requests). */
export const settingsPatchSchema = settingsSchema.omit({ roots: true }).partial()

export const addSourceSchema = z.object({
  path: z.string().min(1).max(4096),
  label: z.string().trim().min(1).max(100).optional(),
  watch: z.boolean().default(true),
})

export const updateSourceSchema = z.object({
  path: z.string().min(1).max(4096),
  label: z.string().trim().min(1).max(100).optional(),
  watch: z.boolean().optional(),
  /** Stop using this added folder (its stored data stays, unless `deleteData`). */
  remove: z.boolean().optional(),
  /** Also delete everything this source stored (an added folder, or a stored source no longer read). */
  deleteData: z.boolean().optional(),
})

/** Price overrides: $ per million tokens by model id or `prefix*` pattern (the prices.json format). */
const rate = z.number().nonnegative().max(100_000)
export const priceOverridesSchema = z.object({
  models: z.record(
    z.string().min(1).max(200),
    z.object({
      input: rate,
      output: rate,
      cacheWrite5m: rate.optional(),
      cacheWrite1h: rate.optional(),
      cacheRead: rate.optional(),
    }),
  ),
})
export type PriceOverridesArgs = z.infer<typeof priceOverridesSchema>
