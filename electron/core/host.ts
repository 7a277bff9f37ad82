import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import type { IngestProgress, PushEventName, PushEvents, SettingsResult } from '../../shared/contract'
import type { Settings } from '../../shared/contract/settings'
import { ActionError, Api, dataChanged, type ActionHandlers } from './api/api'
import type { LookBudget } from './ingest/discovery'
import type { IngestStats, Logger, RootSpec } from './ingest/ingest'
import { LiveIngest, WatchLimitError, type LiveOptions } from './ingest/live'
import type { Core } from './open-core'
import { defaultRoots } from './paths'
import { loadOverrides, type PriceOverrides } from './prices/overrides'
import { PriceBook } from './prices/price-book'
import { loadSettings, saveSettings } from './settings/settings-store'
import { listSources, type ActiveRoot } from './settings/source-list'
import { checkTranscriptFolder, realOrNull, SOURCE_LOOK } from './settings/transcript-folder'
import { ensureSource, renameSource, sourceFiles } from './store/ingest-state'
import { reprice } from './store/reprice'
import { asStoreError, clearPassingStoreError, StoreError } from './store/store-error'
import { removeSourceData } from './store/remove-source'
import { Maintenance } from './maintenance'
import { UpgradeGate } from './upgrade-gate'
import { archiveDirFor } from './archive/archive'
import { checkAlerts } from './alerts/check-alerts'
import { exportAction, refuseExportFolderChange, type ExportPaths } from './export/export-action'
import { runReports } from './reports/run-reports'
import { listAlerts, loadAlertState, saveAlertState } from './alerts/alert-store'
import { snooze } from './alerts/thresholds'

const MIB = 1024 * 1024

export type Emit = <K extends PushEventName>(name: K, data: PushEvents[K]) => void

export interface HostOptions {
  /** Roots given on the command line: they replace the default roots (added folders still apply). */
  cliRoots?: RootSpec[]
  emit: Emit
  log: Logger
  now?: () => number
  live?: Pick<LiveOptions, 'debounceMs' | 'rescanMs' | 'pollMs' | 'maxWatches'>
  /** The default roots to look at (tests pass their own). */
  defaultRoots?: () => string[]
  /** `exportView` paths: confined to the export folder (default, serve) or as the save dialog chose (the app). */
  exportPaths?: ExportPaths
  /** How far adding a folder looks for a transcript before refusing it (default: 20,000 folders, 3 s). */
  sourceLook?: LookBudget
}

/**
 * What the app's core worker and `observatory serve` both run: the contract (Api), the first ingest
 * with progress events, live watching, and the settings/sources actions that change which roots
 * are read. Passes never overlap: every change of roots is queued behind the running one.
 */
export class CoreHost {
  readonly api: Api
  private live: LiveIngest | undefined
  private queue: Promise<void> = Promise.resolve()
  private progress: IngestProgress | null = null
  private stopped = false
  private paused = false
  private reportTimer: NodeJS.Timeout | undefined
  private readonly upkeep: Maintenance
  private readonly upgrade: UpgradeGate

  constructor(
    private readonly core: Core,
    private readonly opts: HostOptions,
  ) {
    this.api = new Api(core.db, opts.now, (m) => opts.log('error', m), core.prices, this.actions())
    this.api.setCacheBytes(loadSettings(core.db).resultCacheMb * MIB)
    this.upgrade = new UpgradeGate(core.db)
    this.api.setGate(() => this.upgrade.message())
    this.upkeep = new Maintenance(core.db, archiveDirFor(core.dbPath), {
      log: opts.log,
      now: opts.now ?? Date.now,
      exclusive: (task) => this.exclusive(task),
      changed: () => this.storeChanged(),
    })
  }

  /** Reads everything once (with progress events), then watches. Queries are answered meanwhile. */
  async start(): Promise<void> {
    if (!(await this.upgraded())) return
    await this.restart()
    this.reportTimer ??= setInterval(() => void this.periodic(), 10 * 60_000)
    await this.periodic()
  }

  /** The store's pending backfills, before anything writes (progress as ingest-progress events). */
  private async upgraded(): Promise<boolean> {
    try {
      await this.upgrade.run((p) => {
        this.progress = p.done ? null : p
        this.opts.emit('ingest-progress', p)
      })
      this.api.invalidate()
      return true
    } catch (err) {
      this.progress = null
      this.opts.log('error', (asStoreError(err, this.core.db.name) as Error).message)
      return false
    }
  }

  /** Scheduled reports, retention and the archive: at start, after passes and every 10 minutes. */
  private async periodic(): Promise<void> {
    await this.reports()
    await this.maintain()
  }

  /** Retention and archive upkeep (see Maintenance); `await host.maintain()` in tests. */
  async maintain(): Promise<void> {
    if (this.stopped) return
    try {
      await this.upkeep.run(loadSettings(this.core.db))
    } catch (err) {
      // A store fault here is recorded for Health like any other (asStoreError makes it a StoreError).
      this.opts.log('error', `upkeep failed: ${(asStoreError(err, this.core.db.name) as Error).message}`)
    }
  }

  async stop(): Promise<void> {
    this.stopped = true
    clearInterval(this.reportTimer)
    await this.queue
    await this.live?.stop()
    await this.upkeep.idle()
  }

  /** The roots in use now: command-line or default roots, then the folders added in Settings. */
  roots(settings: Settings = loadSettings(this.core.db)): ActiveRoot[] {
    const base: ActiveRoot[] = this.opts.cliRoots?.length
      ? this.opts.cliRoots.map((spec) => ({ spec, origin: 'command-line' as const, watch: true }))
      : this.defaultRoots()
          .filter((p) => existsSync(p))
          .map((path) => ({ spec: { path }, origin: 'default' as const, watch: true }))
    const added = settings.roots.map((r) => ({
      spec: { path: r.path, label: r.label },
      origin: 'added' as const,
      watch: r.watch,
    }))
    return [...base, ...added]
  }

  private defaultRoots(): string[] {
    return (this.opts.defaultRoots ?? defaultRoots)()
  }

  /** `announce`: push the pass's final progress even when it is short (a folder was just added). */
  private restart(announce = false): Promise<void> {
    const run = async (): Promise<void> => {
      await this.live?.stop()
      this.live = undefined
      if (this.stopped || this.paused) return
      const roots = this.roots()
      await this.pass(
        roots.map((r) => r.spec),
        announce,
      )
      if (this.stopped) return
      const watched = roots.filter((r) => r.watch).map((r) => r.spec)
      this.live = new LiveIngest(this.core.ingestor, watched, {
        ...this.opts.live,
        onPass: (s) => {
          clearPassingStoreError(this.core.db.name)
          this.changed(s)
        },
        onError: (err) => {
          // Over the watch limit live mode still works: it polls the folders it cannot watch.
          if (err instanceof WatchLimitError) return this.opts.log('warn', err.message)
          this.opts.log('error', `live ingest failed: ${(err as Error).message}`)
          if (err instanceof StoreError) this.storeChanged()
        },
      })
      await this.live.start()
    }
    // A failure (an unreadable settings row, a watcher error) is logged; the queue never rejects, so
    // callers that do not wait (an action restarting the roots) cannot leave an unhandled rejection.
    const safe = () =>
      run().catch((err: unknown) =>
        this.opts.log('error', `restarting ingest failed: ${(err as Error).message}`),
      )
    this.queue = this.queue.then(safe)
    return this.queue
  }

  /** Runs `task` with no pass running (watching stops first), then reads and watches again. */
  private exclusive<T>(task: () => T | Promise<T>): Promise<T> {
    const step = this.queue.then(async () => {
      await this.live?.stop()
      this.live = undefined
      return task()
    })
    this.queue = step.then(
      () => {},
      () => {},
    )
    void this.restart()
    return step
  }

  private async pass(specs: RootSpec[], announce = false): Promise<void> {
    let reported = announce
    try {
      const stats = await this.core.ingestor.ingest(specs, (p) => {
        this.progress = p.done ? null : p
        // Only passes long enough to report mid-way announce their end too.
        if (!p.done || reported) this.opts.emit('ingest-progress', p)
        reported = true
      })
      for (const e of stats.errors) this.opts.log('warn', e)
      clearPassingStoreError(this.core.db.name)
      this.changed(stats)
    } catch (err) {
      this.progress = null
      this.opts.log('error', `ingest failed: ${(err as Error).message}`)
      // Health shows the store error (it is recorded where it was raised): refresh the views.
      if (err instanceof StoreError) this.storeChanged()
    }
  }

  private changed(s: IngestStats): void {
    const data = dataChanged(s)
    if (!data) return
    this.api.invalidate()
    this.opts.emit('data-changed', data)
    this.alerts()
    void this.periodic()
  }

  /** Stored data changed outside a pass (re-pricing, retention, a removed source): refresh the views. */
  private storeChanged(): void {
    this.api.invalidate()
    this.opts.emit('data-changed', { at: new Date().toISOString(), newResponses: 0, filesRead: 0 })
  }

  /** Writes the scheduled reports that are due (checked after passes and every 10 minutes). */
  async reports(): Promise<void> {
    try {
      const now = (this.opts.now ?? Date.now)()
      for (const r of await runReports(this.api, this.core.db, loadSettings(this.core.db), now))
        this.opts.emit('report-ready', r)
    } catch (err) {
      this.opts.log('error', `scheduled report failed: ${(err as Error).message}`)
    }
  }

  /** Checks the thresholds; each new crossing is pushed once (the shell turns it into a notification). */
  private alerts(): void {
    try {
      const raised = checkAlerts(this.core.db, loadSettings(this.core.db), (this.opts.now ?? Date.now)())
      if (raised.length) this.api.invalidate()
      for (const a of raised) this.opts.emit('alert', a)
    } catch (err) {
      this.opts.log('error', `checking alerts failed: ${(err as Error).message}`)
    }
  }

  settings(): SettingsResult {
    const settings = loadSettings(this.core.db, (m) => this.opts.log('warn', m))
    const sources = listSources(this.core.db, this.roots(settings))
    let overrides: PriceOverrides = {}
    let priceError: string | null = null
    try {
      overrides = loadOverrides(this.core.pricesFile)
    } catch (err) {
      priceError = (err as Error).message
    }
    return {
      settings,
      sources,
      defaultRoots: this.defaultRoots().map((path) => ({ path, exists: existsSync(path) })),
      prices: { file: this.core.pricesFile, overrides, error: priceError },
      ingest: this.progress,
    }
  }

  private settingsChanged(rootsChanged: boolean, announce = false): SettingsResult {
    const result = this.settings()
    this.opts.emit('settings-changed', result)
    if (rootsChanged) void this.restart(announce)
    return result
  }

  /** Forgets an added (or no longer used) source and deletes what it stored; other sources are re-read. */
  private async removeSource(
    root: string,
    added: Settings['roots'][number] | undefined,
  ): Promise<SettingsResult> {
    const db = this.core.db
    if (added) saveSettings(db, { roots: loadSettings(db).roots.filter((r) => r.path !== added.path) })
    const removed = await this.exclusive(() => removeSourceData(db, root))
    if (!removed && !added) throw new ActionError(`no stored source has the folder ${root}`)
    if (removed) {
      rmSync(join(this.upkeep.archiveDir, String(removed.id)), { recursive: true, force: true })
      this.opts.log(
        'info',
        `removed source ${removed.label} (${root}): ${removed.responses} responses, ${removed.sessions} sessions, ${removed.files} files; re-reading ${removed.rereadFiles} files of other sources`,
      )
      this.storeChanged()
    }
    return this.settingsChanged(false)
  }

  private actions(): ActionHandlers {
    const db = this.core.db
    // Writes wait for a pass's open group: see StoreWriter.outsideGroup.
    const outside = <T>(write: () => T): Promise<Awaited<T>> =>
      this.core.ingestor.outsideGroup(write) as Promise<Awaited<T>>
    return {
      settings: () => this.settings(),
      saveSettings: (patch) =>
        outside(() => {
          if ((this.opts.exportPaths ?? 'confined') === 'confined')
            refuseExportFolderChange(loadSettings(db).reports.folder, patch.reports?.folder)
          saveSettings(db, patch)
          if (patch.resultCacheMb !== undefined) this.api.setCacheBytes(patch.resultCacheMb * MIB)
          const result = this.settingsChanged(false)
          if (patch.budgets || patch.timezone !== undefined || patch.weekStart) this.alerts()
          if (patch.responseDetailDays !== undefined || patch.archive) void this.maintain()
          return result
        }),
      maintenance: () => this.upkeep.info(),
      setWatching: async ({ paused }) => {
        this.paused = paused
        await this.restart()
        return { paused }
      },
      exportView: (args) =>
        exportAction(this.api, db, args, {
          paths: this.opts.exportPaths,
          log: (m) => this.opts.log('warn', m),
        }),
      snoozeAlerts: ({ minutes }) =>
        outside(() => {
          const now = (this.opts.now ?? Date.now)()
          saveAlertState(db, snooze(loadAlertState(db), now, minutes * 60_000))
          return listAlerts(db, 200, now)
        }),
      addSource: async ({ path, label, watch }) => {
        const real = await checkTranscriptFolder(path, this.opts.sourceLook ?? SOURCE_LOOK)
        return outside(() => {
          // Read after the look: another add may have finished meanwhile.
          const settings = loadSettings(db)
          if (this.roots(settings).some((r) => realOrNull(r.spec.path) === real))
            throw new ActionError(`${path} is already a source`)
          saveSettings(db, { roots: [...settings.roots, { path: real, label, watch }] })
          if (label) ensureSource(db, real, label, label)
          return this.settingsChanged(true, true)
        })
      },
      updateSource: ({ path, label, watch, remove, deleteData }) =>
        outside(() => {
          const settings = loadSettings(db)
          const real = realOrNull(path) ?? path
          const added = settings.roots.find((r) => r.path === path || r.path === real)
          const active = this.roots(settings).find((r) => (realOrNull(r.spec.path) ?? r.spec.path) === real)
          const stored = sourceFiles(db).some((r) => r.root === real)
          if (!added && !active && !stored)
            throw new ActionError(`no stored source has the folder ${path}, and it is not read`)
          if (label === undefined && watch === undefined && !remove && !deleteData)
            throw new ActionError(`nothing to change for ${path}: give a label, watch, remove or deleteData`)
          if (deleteData && (added || !active)) return this.removeSource(real, added)
          if (deleteData)
            throw new ActionError(
              `${path} is read because it was ${active!.origin === 'command-line' ? 'given on the command line (--root)' : 'found as a default Claude Code folder'}: its data would be read again at the next pass; stop reading it first`,
            )
          if (!added && (watch !== undefined || remove))
            throw new ActionError(`${path} is not a folder you added; only its label can change`)
          if (label && stored) renameSource(db, real, label)
          else if (label) ensureSource(db, real, label, label)
          if (added) {
            const roots = remove
              ? settings.roots.filter((r) => r !== added)
              : settings.roots.map((r) =>
                  r === added ? { ...r, label: label ?? r.label, watch: watch ?? r.watch } : r,
                )
            saveSettings(db, { roots })
          }
          return this.settingsChanged(remove === true || (watch !== undefined && watch !== added?.watch))
        }),
      savePriceOverrides: ({ models }) =>
        outside(() => {
          const file = this.core.pricesFile
          mkdirSync(dirname(file), { recursive: true })
          writeFileSync(file, `${JSON.stringify({ models }, null, 2)}\n`)
          const book = new PriceBook(loadOverrides(file))
          this.core.ingestor.setPrices(book)
          this.api.setPrices(book)
          const r = reprice(db, book)
          this.opts.log('info', `re-priced ${r.responses} responses with ${r.version}`)
          this.storeChanged()
          return this.settingsChanged(false)
        }),
    }
  }
}
