import { expect, it } from 'vitest'
import { saveDialogOptions, shellRequest } from './export-dialog'

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

it('validates an export before any dialog and drops a path the renderer sent', () => {
  expect(shellRequest('summary', { range: '7d' })).toEqual({ kind: 'relay', args: { range: '7d' } })
  const s = shellRequest('exportView', { view: 'models', format: 'csv', path: '/etc/cron.d/x' })
  expect(s.kind).toBe('save')
  if (s.kind !== 'save') return
  expect(s.save).toStrictEqual({ view: 'models', format: 'csv' })
  expect(s.args).not.toHaveProperty('path')
  expect(s.args).toMatchObject({ view: 'models', format: 'csv', anonymize: false, bom: false })
  expect(shellRequest('exportView', { view: 'tools', format: 'csv', table: 'Tools' })).toMatchObject({
    kind: 'save',
    save: { view: 'tools', format: 'csv', table: 'Tools' },
  })
  expect(shellRequest('exportView', { view: 'tools', format: 'csv', table: '' })).toMatchObject({
    kind: 'save',
    save: { view: 'tools', format: 'csv' },
  })
  for (const bad of [
    { view: 'models', format: 'xls' },
    { view: 'nope', format: 'csv' },
    { view: 'tools', format: 'csv', table: 3 },
    { view: 'models', format: 'csv', path: '' },
    { view: 'models', format: 'csv', args: { range: 'forever' } },
    'models',
    null,
  ]) {
    const r = shellRequest('exportView', bad)
    expect(r.kind, JSON.stringify(bad)).toBe('invalid')
    if (r.kind === 'invalid')
      expect(r.result).toMatchObject({ ok: false, error: { code: 'invalid_arguments' } })
  }
  const r = shellRequest('exportView', { view: 'models', format: 'xls' })
  expect(r.kind === 'invalid' && r.result.ok === false && r.result.error.message).toMatch(/format/)
})
