import PDFDocument from 'pdfkit'
import SVGtoPDF from 'svg-to-pdfkit'
import { echarts } from '../../../shared/charts/register'
import {
  formatChange,
  formatDuration,
  formatExact,
  formatMoney,
  formatPercent,
  type Currency,
} from '../../../shared/format'
import type { ExportData } from './collect'
import type { Table } from './tables'

const PAGE = { width: 595.28, height: 841.89, margin: 48 } // A4 in points
const CHART = { width: 500, height: 260 }

/** A chart option rendered server-side to SVG (no window, no canvas). */
export function chartSvg(option: object, width = CHART.width, height = CHART.height): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height })
  const o = option as { legend?: object }
  // Print has no scrolling: a paged legend would hide entries.
  chart.setOption({ ...o, animation: false, ...(o.legend ? { legend: { ...o.legend, type: 'plain' } } : {}) })
  const svg = chart.renderToSVGString()
  chart.dispose()
  return svg
}

function cell(v: string | number | null, unit: Table['columns'][number]['unit'], currency: Currency): string {
  if (v === null || v === undefined) return unit === 'usd' ? 'unknown' : '—'
  if (typeof v === 'string') return v
  switch (unit) {
    case 'usd':
      return formatMoney(v, currency, 'en-US')
    case 'ratio':
      return formatPercent(v, 'en-US')
    case 'ms':
      return formatDuration(v, 'en-US')
    default:
      return formatExact(v, 'en-US')
  }
}

/**
 * The PDF report: a title page (view, range, time zone, sources), the KPI summary with period
 * changes, the view's charts as vector graphics, and its tables (long tables continue on new pages).
 */
export function renderPdf(
  data: ExportData,
  opts: { currency: Currency; generatedAt: Date },
): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: PAGE.margin,
    info: { Title: `Observatory — ${data.title}`, Creator: 'Observatory' },
  })
  const chunks: Buffer[] = []
  doc.on('data', (c: Buffer) => chunks.push(c))
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))))
  const width = PAGE.width - 2 * PAGE.margin

  doc.fontSize(26).text('Observatory report', { align: 'left' })
  doc.moveDown(0.5).fontSize(18).text(data.title)
  doc.moveDown(1).fontSize(11)
  doc.text(`Range: ${data.range.start} to ${data.range.end}`)
  doc.text(`Time zone: ${data.range.timezone}`)
  doc.text(`Generated: ${opts.generatedAt.toISOString()}`)
  doc.text(
    `Amounts in ${opts.currency.code}${opts.currency.perUsd === 1 ? '' : ` (${opts.currency.perUsd} per USD)`}`,
  )
  doc.moveDown(0.5).text('Sources:')
  for (const s of data.sources) doc.text(`  • ${s}`)
  doc.moveDown(0.5).text(data.filters.length ? 'Filters:' : 'Filters: none')
  for (const f of data.filters) doc.text(`  • ${f}`)

  doc.addPage().fontSize(16).text('Summary')
  doc.moveDown(0.5).fontSize(11)
  const s = data.summary
  const kpi = (label: string, v: string, change: number | null, note?: string) =>
    doc.text(
      `${label}: ${v}   (${change === null ? (note ?? 'no change') : `${formatChange(change, note, 'en-US')} vs previous period`})`,
    )
  kpi('Cost', formatMoney(s.cost.value, opts.currency, 'en-US'), s.cost.change, s.cost.note)
  kpi('Tokens', formatExact(s.tokens.total.value, 'en-US'), s.tokens.total.change, s.tokens.total.note)
  kpi('Sessions', formatExact(s.sessions.value, 'en-US'), s.sessions.change, s.sessions.note)
  kpi('Prompts', formatExact(s.prompts.value, 'en-US'), s.prompts.change, s.prompts.note)
  kpi(
    'Cache hit rate',
    formatPercent(s.cacheHitRate.value, 'en-US'),
    s.cacheHitRate.change,
    s.cacheHitRate.note,
  )
  if ((s.unpricedTokens.value ?? 0) > 0)
    doc
      .moveDown(0.5)
      .text(
        `${formatExact(s.unpricedTokens.value, 'en-US')} tokens are from models without a known price: their cost is unknown.`,
      )

  for (const c of data.charts) {
    if (doc.y + CHART.height + 40 > PAGE.height - PAGE.margin) doc.addPage()
    doc.moveDown(1).fontSize(13).text(c.title)
    const y = doc.y + 4
    SVGtoPDF(doc, chartSvg(c.option), PAGE.margin, y, {
      width: CHART.width,
      height: CHART.height,
      assumePt: true,
    })
    doc.y = y + CHART.height + 8
  }

  for (const t of data.tables) {
    if (t.title === 'Summary') continue
    doc.addPage().fontSize(13).text(t.title)
    doc.moveDown(0.5)
    drawTable(doc, t, width, opts.currency)
  }
  doc.end()
  return done
}

function drawTable(doc: PDFKit.PDFDocument, t: Table, width: number, currency: Currency): void {
  const cols = t.columns
  const colW = width / cols.length
  const rowH = 14
  const header = () => {
    doc.fontSize(7).font('Helvetica-Bold')
    const y = doc.y
    cols.forEach((c, i) =>
      doc.text(c.label, PAGE.margin + i * colW, y, { width: colW - 4, height: rowH * 2, ellipsis: true }),
    )
    doc.y = y + rowH * 2
    doc.font('Helvetica')
  }
  header()
  for (const r of t.rows) {
    if (doc.y + rowH > PAGE.height - PAGE.margin) {
      doc.addPage()
      header()
    }
    const y = doc.y
    cols.forEach((c, i) =>
      doc.text(cell(r[c.key] ?? null, c.unit, currency), PAGE.margin + i * colW, y, {
        width: colW - 4,
        height: rowH,
        ellipsis: true,
        lineBreak: false,
        align: c.unit && c.unit !== 'ratio' ? 'right' : 'left',
      }),
    )
    doc.y = y + rowH
  }
  doc.x = PAGE.margin
}
