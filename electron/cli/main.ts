import { parseArgs } from 'node:util'
import { classifyStoreError, StoreError } from '../core/store/store-error'
import type { Core } from '../core/open-core'
import { dailyReport } from '../core/report/daily'
import { reprice } from '../core/store/reprice'
import { ConfigError } from '../core/prices/overrides'
import { dayStartMs, isValidTimeZone, parseDay, systemTimeZone } from '../core/report/time'
import { DAY_MS } from '../core/store/buckets'
import { QUERY_NAMES } from '../../shared/contract/names'
import { formatResult } from './commands/query'
import { openCliCore as openCliCoreFor } from './context'
import { formatIngest, ingestSpecs, runIngest } from './commands/ingest'
import { checkStore } from '../core/store/check-store'
import { defaultDbPath } from '../core/paths'
import { resolve } from 'node:path'
import { formatDaily } from './commands/daily'
import { CommandError, UsageError } from './usage-error'

const HELP = `observatory — Claude Code usage from your local transcripts

Usage:
  observatory ingest [--root DIR]... [--source-label NAME] [--db FILE] [--json]
  observatory serve  [--port N] [--host 127.0.0.1] [--token T] [--allow-remote] [--root DIR]... [--db FILE]
                     serve the metrics API (and the dashboard, once built) on loopback, with a token
  observatory session --id SESSION_ID [--json]              one session: turns, tools, errors, subagents
  observatory summary|series|weekly|monthly|heatmap|models|responseTimes|projects|sessions|tools|agents|cache
             |forecast|health
                     [--range 24h|7d|30d|90d|1y|all | --since YYYY-MM-DD --until YYYY-MM-DD] [--timezone IANA]
                     [--week-start 1-7] [--project P]... [--model M]... [--group-by hour|day|week|month]
                     [--breakdown-by model|project] [--page N] [--page-size 1-200] (sessions: page N of the list)
                     [--root DIR]... [--db FILE] [--json]   the metrics of the API, ingesting what changed first
  observatory export --view overview|cost|activity|response-times|models|projects|sessions|agents|tools
                     [--format csv|json|pdf] [--out FILE] [--force] [--table TITLE] [--anonymize] [--bom]
                     [range and filter options as above]
                     the view's table (CSV), the contract's answers (JSON) or a PDF report
  observatory reprice [--db FILE] [--json]   re-price stored responses after a price update or prices.json edit
  observatory archive [--restore DIR] [--root DIR]... [--db FILE] [--json]
                     copy what was read into the gzip transcript archive beside the store; --restore
                     unpacks it into DIR/<source label>/ (each one readable again with --root)
  observatory doctor [--rebuild] [--root DIR]... [--db FILE] [--json]
                     check the store (integrity, foreign keys, indexes): exit 0 when ok, 1 when not;
                     --rebuild makes a new store from the transcripts and the archive, keeping the old
                     file (and archive) beside it under a timestamped name
  observatory daily  [--since YYYY-MM-DD] [--until YYYY-MM-DD] [--timezone IANA] [--project NAME]
                     [--root DIR]... [--db FILE] [--json]

The store defaults to the app's data folder; OBSERVATORY_DB overrides it.
Default roots: every CLAUDE_CONFIG_DIR entry, ~/.config/claude and ~/.claude.`

const common = {
  root: { type: 'string', multiple: true, default: [] as string[] },
  'source-label': { type: 'string' },
  db: { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const

function usage<T>(parse: () => T): T {
  try {
    return parse()
  } catch (err) {
    throw new UsageError((err as Error).message)
  }
}

/** `--page` counts from 1 (the contract's `page` from 0); the contract bounds both. */
function sessionsPage(
  page: string | undefined,
  size: string | undefined,
): { page: number; pageSize: number } {
  const whole = (v: string, flag: string): number => {
    if (!/^\d+$/.test(v) || Number(v) < 1)
      throw new UsageError(`${flag} must be a whole number from 1, got "${v}"`)
    return Number(v)
  }
  return {
    page: page === undefined ? 0 : whole(page, '--page') - 1,
    pageSize: size === undefined ? 50 : whole(size, '--page-size'),
  }
}

function day(v: string | undefined, flag: string): string | undefined {
  if (v === undefined) return undefined
  const d = parseDay(v)
  if (d === null) throw new UsageError(`${flag} must be a date as YYYY-MM-DD, got "${v}"`)
  return d
}

function log(level: 'info' | 'warn' | 'error', msg: string): void {
  if (level !== 'info' || process.env.OBSERVATORY_VERBOSE) process.stderr.write(`${level}: ${msg}\n`)
}

/** One line on stderr per failure: 2 for a flag mistake, 1 for anything else; a stack only when verbose. */
function reportFailure(err: unknown, dbPath: string | undefined): number {
  if (err instanceof UsageError) {
    process.stderr.write(`error: ${err.message}\n`)
    return 2
  }
  const store = dbPath === undefined ? null : classifyStoreError(err, dbPath)
  if (store || err instanceof StoreError || err instanceof ConfigError || err instanceof CommandError) {
    process.stderr.write(`error: ${(store ?? (err as Error)).message}\n`)
    return 1
  }
  const msg = err instanceof Error ? err.message : String(err)
  const verbose = process.env.OBSERVATORY_VERBOSE && err instanceof Error && err.stack
  process.stderr.write(
    verbose
      ? `error: unexpected failure: ${err.stack}\n`
      : `error: unexpected failure: ${msg.split('\n')[0]} (OBSERVATORY_VERBOSE=1 shows the stack)\n`,
  )
  return 1
}

/** Runs a command; every core it opened is closed on every path (its parse workers would keep the process alive). */
export async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv
  const opened: Core[] = []
  const openCliCore = (db: string | undefined, l: typeof log, defer = false): Core => {
    const core = openCliCoreFor(db, l, { deferBackfills: defer })
    opened.push(core)
    return core
  }
  try {
    if (cmd === undefined || cmd === 'help' || cmd === '--help' || cmd === '-h') {
      process.stdout.write(`${HELP}\n`)
      return cmd === undefined ? 2 : 0
    }
    if (cmd === 'ingest') {
      const { values } = usage(() => parseArgs({ args: rest, options: common, strict: true }))
      if (values.help) return (process.stdout.write(`${HELP}\n`), 0)
      const core = openCliCore(values.db, log)
      const stats = await runIngest(core, { root: values.root, sourceLabel: values['source-label'] })
      // Peak resident memory of the whole process (worker threads included), for the benchmark.
      const maxRssMb = Math.round(process.resourceUsage().maxRSS / 1024)
      process.stdout.write(
        values.json ? `${JSON.stringify({ ...stats, maxRssMb })}\n` : `${formatIngest(stats)}\n`,
      )
      return 0
    }
    if (cmd === 'serve') {
      const options = {
        ...common,
        port: { type: 'string', default: '4317' },
        host: { type: 'string', default: '127.0.0.1' },
        token: { type: 'string' },
        'allow-remote': { type: 'boolean', default: false },
      } as const
      const { values } = usage(() => parseArgs({ args: rest, options, strict: true }))
      if (values.help) return (process.stdout.write(`${HELP}\n`), 0)
      const port = Number(values.port)
      const flags = { port, host: values.host, token: values.token, allowRemote: values['allow-remote'] }
      const { checkServeFlags, runServe } = await import('./commands/serve')
      checkServeFlags(flags)
      const core = openCliCore(values.db, log, true)
      await runServe(core, { ...flags, root: values.root, sourceLabel: values['source-label'] }, (l) =>
        process.stdout.write(`${l}\n`),
      )
      return 0
    }
    // ccusage-style names for the same requests.
    const alias: Record<string, [string, string?]> = {
      weekly: ['series', 'week'],
      monthly: ['series', 'month'],
      model: ['models'],
      project: ['projects'],
    }
    const [request, groupBy] = alias[cmd] ?? [cmd]
    if (cmd === 'export' || (QUERY_NAMES as readonly string[]).includes(request)) {
      const options = {
        ...common,
        view: { type: 'string' },
        format: { type: 'string' },
        out: { type: 'string' },
        anonymize: { type: 'boolean', default: false },
        bom: { type: 'boolean', default: false },
        force: { type: 'boolean', default: false },
        table: { type: 'string' },
        range: { type: 'string' },
        since: { type: 'string' },
        until: { type: 'string' },
        timezone: { type: 'string' },
        'week-start': { type: 'string' },
        project: { type: 'string', multiple: true, default: [] as string[] },
        model: { type: 'string', multiple: true, default: [] as string[] },
        'group-by': { type: 'string' },
        'breakdown-by': { type: 'string' },
        id: { type: 'string' },
        page: { type: 'string' },
        'page-size': { type: 'string' },
      } as const
      const { values } = usage(() => parseArgs({ args: rest, options, strict: true }))
      if (values.help) return (process.stdout.write(`${HELP}\n`), 0)
      const timezone = values.timezone ?? systemTimeZone()
      const since = day(values.since, '--since')
      const until = day(values.until, '--until')
      const range =
        since || until
          ? {
              start: new Date(dayStartMs(since ?? '2000-01-01', timezone)).toISOString(),
              end: until
                ? new Date(dayStartMs(until, timezone) + DAY_MS).toISOString()
                : new Date().toISOString(),
            }
          : { preset: values.range ?? '30d' }
      const paging = request === 'sessions' ? sessionsPage(values.page, values['page-size']) : undefined
      const args = {
        range,
        timezone,
        ...(values['week-start'] ? { weekStart: Number(values['week-start']) } : {}),
        ...(values['group-by'] || groupBy ? { groupBy: values['group-by'] ?? groupBy } : {}),
        ...(values['breakdown-by'] ? { breakdownBy: values['breakdown-by'] } : {}),
        ...paging,
        filters: {
          ...(values.project.length ? { projects: values.project } : {}),
          ...(values.model.length ? { models: values.model } : {}),
        },
      }
      const core = openCliCore(values.db, log)
      const stats = await runIngest(core, { root: values.root, sourceLabel: values['source-label'] })
      for (const e of stats.errors) log('warn', e)
      if (cmd === 'export') {
        const { runExport } = await import('./commands/export')
        const done = await runExport(core, args, values)
        process.stdout.write(`exported ${done}\n`)
        return 0
      }
      // Requests that take no range: their own few arguments.
      const own: Record<string, object> = { session: { id: values.id }, health: {}, forecast: { timezone } }
      // Loaded on demand: the contract pulls in zod, which `daily` and `ingest` do not need.
      const { Api } = await import('../core/api/api')
      // A failed request is reported once, from its result; the Api's log (with the stack) only when verbose.
      const r = new Api(core.db, Date.now, (m) => log('info', m), core.prices).call(
        request,
        own[request] ?? args,
      )
      if (!r.ok)
        throw r.error.code === 'invalid_arguments' || r.error.code === 'unknown_request'
          ? new UsageError(r.error.message)
          : new CommandError(r.error.message)
      process.stdout.write(
        values.json ? `${JSON.stringify(r.value, null, 2)}\n` : `${formatResult(request, r.value, paging)}\n`,
      )
      return 0
    }
    if (cmd === 'archive') {
      const options = { ...common, restore: { type: 'string' } } as const
      const { values } = usage(() => parseArgs({ args: rest, options, strict: true }))
      if (values.help) return (process.stdout.write(`${HELP}\n`), 0)
      const core = openCliCore(values.db, log)
      await runIngest(core, { root: values.root, sourceLabel: values['source-label'] })
      const { runArchive } = await import('./commands/archive')
      const r = await runArchive(core, values.restore)
      for (const e of r.errors) log('warn', e)
      process.stdout.write(
        values.json
          ? `${JSON.stringify(r)}\n`
          : `archive ${r.folder}: ${r.files} transcripts, ${(r.bytes / 1e6).toFixed(1)} MB (${r.copied} updated)\n` +
              r.restored.map((d) => `restored ${d}\n`).join(''),
      )
      return r.errors.length ? 1 : 0
    }
    if (cmd === 'reprice') {
      const { values } = usage(() => parseArgs({ args: rest, options: common, strict: true }))
      if (values.help) return (process.stdout.write(`${HELP}\n`), 0)
      const core = openCliCore(values.db, log)
      const r = reprice(core.db, core.prices)
      process.stdout.write(
        values.json
          ? `${JSON.stringify(r)}\n`
          : `${r.responses} responses re-priced with ${r.version}${r.fromVersions.length ? ` (were ${r.fromVersions.join(', ')})` : ''}\n`,
      )
      return 0
    }
    if (cmd === 'doctor') {
      const options = { ...common, rebuild: { type: 'boolean', default: false } } as const
      const { values } = usage(() => parseArgs({ args: rest, options, strict: true }))
      if (values.help) return (process.stdout.write(`${HELP}\n`), 0)
      const { formatCheck, formatRebuilt, rebuildStore } = await import('./commands/doctor')
      const file = resolve(values.db ?? defaultDbPath())
      const check = checkStore(file)
      if (!values.rebuild) {
        process.stdout.write(values.json ? `${JSON.stringify(check)}\n` : `${formatCheck(check)}\n`)
        return check.ok ? 0 : 1
      }
      const flags = { root: values.root, sourceLabel: values['source-label'] }
      const r = await rebuildStore(
        file,
        (core) => ingestSpecs(core, flags),
        () => openCliCore(file, log),
      )
      process.stdout.write(
        values.json
          ? `${JSON.stringify({ check, ...r })}\n`
          : `${formatCheck(check)}\n${formatRebuilt(file, r)}\n`,
      )
      return 0
    }
    if (cmd === 'daily') {
      const options = {
        ...common,
        since: { type: 'string' },
        until: { type: 'string' },
        timezone: { type: 'string' },
        project: { type: 'string' },
      } as const
      const { values } = usage(() => parseArgs({ args: rest, options, strict: true }))
      if (values.help) return (process.stdout.write(`${HELP}\n`), 0)
      const since = day(values.since, '--since')
      const until = day(values.until, '--until')
      if (since && until && since > until) throw new UsageError('--since is after --until')
      const timezone = values.timezone ?? systemTimeZone()
      if (!isValidTimeZone(timezone))
        throw new UsageError(`unknown time zone "${timezone}" (use an IANA name such as Europe/Paris)`)
      const core = openCliCore(values.db, log)
      const stats = await runIngest(core, { root: values.root, sourceLabel: values['source-label'] })
      for (const e of stats.errors) log('warn', e)
      const report = dailyReport(core.db, { since, until, timezone, project: values.project })
      process.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatDaily(report)}\n`)
      return 0
    }
    throw new UsageError(`unknown command "${cmd}"\n\n${HELP}`)
  } catch (err) {
    return reportFailure(err, opened[0]?.dbPath)
  } finally {
    for (const core of opened)
      await core.close().catch((err: unknown) => log('warn', `closing the store: ${(err as Error).message}`))
  }
}
