import { expect, it } from 'vitest'
import { exportFileName, tableSlug } from './export-name'

it('slugs table titles into safe file-name parts', () => {
  expect(tableSlug('Activity by weekday and hour')).toBe('activity-by-weekday-and-hour')
  expect(tableSlug('Per model')).toBe('per-model')
  expect(tableSlug('  ../Große: "Fehler"?  ')).toBe('große-fehler')
  expect(tableSlug('x'.repeat(200))).toHaveLength(60)
  expect(tableSlug(`${'a'.repeat(59)} b`)).toBe('a'.repeat(59))
})

it('names an export after its view, and after its table for a one-table CSV', () => {
  expect(exportFileName('tools', 'csv', 'Most frequent errors', '2026-11-24')).toBe(
    'observatory-tools-most-frequent-errors-2026-11-24.csv',
  )
  expect(exportFileName('tools', 'csv', 'Tools', '2026-11-24')).toBe('observatory-tools-2026-11-24.csv')
  expect(exportFileName('tools', 'pdf', 'Tools', '2026-11-24')).toBe('observatory-tools-2026-11-24.pdf')
  expect(exportFileName('models', 'json', undefined, '2026-11-24')).toBe('observatory-models-2026-11-24.json')
})
