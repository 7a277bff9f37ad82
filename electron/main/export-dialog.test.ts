import { expect, it } from 'vitest'
import { needsSaveDialog, saveDialogOptions } from './export-dialog'

const NOW = new Date('2026-11-24T10:00:00Z')

it('offers a dated file name in Downloads with a filter for the format', () => {
  expect(saveDialogOptions({ view: 'cost', format: 'pdf' }, NOW, '/home/me/Downloads')).toEqual({
    title: 'Export cost as PDF',
    defaultPath: '/home/me/Downloads/observatory-cost-2026-11-24.pdf',
    filters: [{ name: 'PDF report', extensions: ['pdf'] }],
  })
})

it('names a one-table CSV export after its table', () => {
  expect(
    saveDialogOptions({ view: 'tools', format: 'csv', table: 'Tools' }, NOW, '/home/me/Downloads'),
  ).toEqual({
    title: 'Export table Tools of tools as CSV',
    defaultPath: '/home/me/Downloads/observatory-tools-2026-11-24.csv', // the view's own table: no repeat
    filters: [{ name: 'CSV (comma-separated values)', extensions: ['csv'] }],
  })
  const win = saveDialogOptions(
    { view: 'tools', format: 'csv', table: 'Most frequent errors' },
    NOW,
    'C:\\Users\\me\\Downloads',
    '\\',
  )
  expect(win.defaultPath).toBe(
    'C:\\Users\\me\\Downloads\\observatory-tools-most-frequent-errors-2026-11-24.csv',
  )
  expect(
    saveDialogOptions({ view: 'cost', format: 'csv', table: 'Cost and tokens per week' }, NOW, '/d')
      .defaultPath,
  ).toBe('/d/observatory-cost-cost-and-tokens-per-week-2026-11-24.csv')
  expect(
    saveDialogOptions({ view: 'agents', format: 'csv', table: 'Subagent types' }, NOW, '/d').defaultPath,
  ).toBe('/d/observatory-agents-subagent-types-2026-11-24.csv')
  expect(saveDialogOptions({ view: 'models', format: 'csv', table: 'Models' }, NOW, '/d').defaultPath).toBe(
    '/d/observatory-models-2026-11-24.csv',
  )
  // JSON and PDF hold the whole view whatever `table` says; a title with nothing sluggable adds nothing.
  expect(saveDialogOptions({ view: 'tools', format: 'pdf', table: 'Tools' }, NOW, '/d').defaultPath).toBe(
    '/d/observatory-tools-2026-11-24.pdf',
  )
  expect(saveDialogOptions({ view: 'tools', format: 'csv', table: ' / ' }, NOW, '/d').defaultPath).toBe(
    '/d/observatory-tools-2026-11-24.csv',
  )
})

it('asks for a path only for an export without one, keeping the table', () => {
  expect(needsSaveDialog('exportView', { view: 'models', format: 'csv' })).toEqual({
    view: 'models',
    format: 'csv',
  })
  expect(needsSaveDialog('exportView', { view: 'tools', format: 'csv', table: 'Tools' })).toEqual({
    view: 'tools',
    format: 'csv',
    table: 'Tools',
  })
  expect(needsSaveDialog('exportView', { view: 'tools', format: 'csv', table: '' })).toStrictEqual({
    view: 'tools',
    format: 'csv',
  })
  expect(needsSaveDialog('exportView', { view: 'tools', format: 'csv', table: 3 })).toStrictEqual({
    view: 'tools',
    format: 'csv',
  })
  expect(needsSaveDialog('exportView', { view: 'models', format: 'csv', path: '/tmp/x.csv' })).toBeNull()
  expect(needsSaveDialog('summary', {})).toBeNull()
  expect(needsSaveDialog('exportView', { view: 'models', format: 'xls' })).toBeNull() // the worker rejects it
})
