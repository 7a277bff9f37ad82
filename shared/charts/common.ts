import type { EChartsOption } from 'echarts'
import { formatExact, formatMoney, formatMoneyShort, formatTokens, USD, type Currency } from '../format'

/** What every option builder needs besides the data: units and locale for labels and tooltips. */
export interface ChartContext {
  currency: Currency
  locale?: string
}

export const DEFAULT_CONTEXT: ChartContext = { currency: USD }

/** Colour-blind-safe categorical palette (Okabe–Ito, then Tableau). */
export const PALETTE = [
  '#0072B2',
  '#E69F00',
  '#009E73',
  '#CC79A7',
  '#56B4E9',
  '#D55E00',
  '#F0E442',
  '#4E79A7',
  '#9C755F',
  '#BAB0AC',
]

export const TOKEN_KIND_LABELS = {
  input: 'Input',
  output: 'Output',
  cacheWrite5m: 'Cache write (5 min)',
  cacheWrite1h: 'Cache write (1 h)',
  cacheRead: 'Cache read',
} as const

export type Metric = 'cost' | 'tokens'

/** Axis label for a metric value. */
export function axisValue(metric: Metric, ctx: ChartContext): (v: number) => string {
  return metric === 'cost'
    ? (v) => formatMoneyShort(v, ctx.currency, ctx.locale)
    : (v) => formatTokens(v, ctx.locale)
}

/** Exact tooltip value with its unit; null is "unknown" for money (never $0). */
export function exactValue(metric: Metric | 'count', v: number | null, ctx: ChartContext): string {
  if (metric === 'cost') return formatMoney(v, ctx.currency, ctx.locale)
  if (v === null) return '—'
  return metric === 'tokens' ? `${formatExact(v, ctx.locale)} tokens` : formatExact(v, ctx.locale)
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

/** One tooltip row: coloured marker, name, value. */
export function tooltipRow(color: string, name: string, value: string): string {
  return `<div style="display:flex;gap:12px;justify-content:space-between"><span><span style="display:inline-block;width:8px;height:8px;border-radius:4px;background:${color};margin-right:6px"></span>${escapeHtml(name)}</span><b>${escapeHtml(value)}</b></div>`
}

/** Shared base: transparent background (the page's theme shows through), grid, accessible title. */
export function base(title: string): EChartsOption {
  return {
    backgroundColor: 'transparent',
    color: PALETTE,
    aria: { enabled: true, label: { description: title } },
    grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
    animationDuration: 250,
  }
}
