import { m001Initial } from './001-initial'
import { m002Settings } from './002-settings'
import { m003Alerts } from './003-alerts'
import { m004Exports } from './004-exports'
import { m005RetentionArchive } from './005-retention-archive'
import { m006RepairHostileRows } from './006-repair-hostile-rows'
import { m007PromptTextCommands } from './007-prompt-text-commands'
import { m008SessionSpans } from './008-session-spans'
import { m009InlineSidechainRuns } from './009-inline-sidechain-runs'
import { m010StoreState } from './010-store-state'
import { m011ActivityRollup } from './011-activity-rollup'
import { m012SessionTotals } from './012-session-totals'
import { m013Turns } from './013-turns'
import { m014RollupDaily } from './014-rollup-daily'
import { m015AgentRuns } from './015-agent-runs'
import { m016LatencyHistograms } from './016-latency-histograms'
import { m017SessionOutcomes } from './017-session-outcomes'
import { m018RunTypes } from './018-run-types'
import { m019ActivityDaily } from './019-activity-daily'
import { m020LatencyDays } from './020-latency-days'
import type { Migration } from './types'

/** Append-only, strictly increasing. Never edit a migration that has shipped; add the next one. */
export const MIGRATIONS: readonly Migration[] = [
  m001Initial,
  m002Settings,
  m003Alerts,
  m004Exports,
  m005RetentionArchive,
  m006RepairHostileRows,
  m007PromptTextCommands,
  m008SessionSpans,
  m009InlineSidechainRuns,
  m010StoreState,
  m011ActivityRollup,
  m012SessionTotals,
  m013Turns,
  m014RollupDaily,
  m015AgentRuns,
  m016LatencyHistograms,
  m017SessionOutcomes,
  m018RunTypes,
  m019ActivityDaily,
  m020LatencyDays,
]

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version
