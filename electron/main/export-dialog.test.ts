import { expect, it } from 'vitest'
import { needsSaveDialog, saveDialogOptions } from './export-dialog'

it('offers a dated file name in Downloads with a filter for the format', () => {
  expect(saveDialogOptions('cost', 'pdf', new Date('2026-11-24T10:00:00Z'), '/home/me/Downloads')).toEqual({
    title: 'Export cost as PDF',
    defaultPath: '/home/me/Downloads/observatory-cost-2026-11-24.pdf',
    filters: [{ name: 'PDF report', extensions: ['pdf'] }],
  })
})

it('asks for a path only for an export without one', () => {
  expect(needsSaveDialog('exportView', { view: 'models', format: 'csv' })).toEqual({
    view: 'models',
    format: 'csv',
  })
  expect(needsSaveDialog('exportView', { view: 'models', format: 'csv', path: '/tmp/x.csv' })).toBeNull()
  expect(needsSaveDialog('summary', {})).toBeNull()
  expect(needsSaveDialog('exportView', { view: 'models', format: 'xls' })).toBeNull() // the worker rejects it
})
