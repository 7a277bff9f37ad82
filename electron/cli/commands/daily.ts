import type { DailyReport } from '../../core/report/daily'

const n = (v: number): string => v.toLocaleString('en-US')
const usd = (v: number | null): string => (v === null ? 'unknown' : `$${v.toFixed(2)}`)

/** A readable table of the daily report (the --json form is the report object itself). */
export function formatDaily(r: DailyReport): string {
  const head = [
    'Date',
    'Models',
    'Input',
    'Output',
    'Cache write',
    'Cache read',
    'Total tokens',
    'Cost',
    'Unpriced',
  ]
  const cells = (label: string, models: string, f: DailyReport['totals']): string[] => [
    label,
    models,
    n(f.inputTokens),
    n(f.outputTokens),
    n(f.cacheCreationTokens),
    n(f.cacheReadTokens),
    n(f.totalTokens),
    usd(f.totalCost),
    f.unpricedTokens ? n(f.unpricedTokens) : '',
  ]
  const rows = r.daily.map((d) => cells(d.date, d.modelsUsed.join(', '), d))
  const total = cells('Total', '', r.totals)
  const all = [head, ...rows, total]
  const widths = head.map((_, i) => Math.max(...all.map((row) => row[i]!.length)))
  const line = (c: string[]): string =>
    c.map((x, i) => (i < 2 ? x.padEnd(widths[i]!) : x.padStart(widths[i]!))).join('  ')
  const rule = widths.map((w) => '-'.repeat(w)).join('  ')
  const out = [line(head), rule, ...rows.map(line), rule, line(total)]
  if (r.totals.unpricedTokens > 0)
    out.push(
      '',
      `${n(r.totals.unpricedTokens)} tokens belong to models with no known price; their cost is not included.`,
    )
  return out.join('\n')
}
