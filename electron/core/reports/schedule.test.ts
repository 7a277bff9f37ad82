import { describe, expect, it } from 'vitest'
import { dueReports } from './schedule'

const all = { daily: true, weekly: true, monthly: true }

describe('scheduled reports', () => {
  it('covers the last completed local day, week and month', () => {
    // Tuesday 2026-11-24 10:00 in Paris.
    const due = dueReports(all, {}, Date.UTC(2026, 10, 24, 9), 'Europe/Paris', 1)
    expect(due).toEqual([
      {
        period: 'daily',
        label: '2026-11-23',
        start: '2026-11-22T23:00:00.000Z',
        end: '2026-11-23T23:00:00.000Z',
      },
      {
        period: 'weekly',
        label: '2026-11-16',
        start: '2026-11-15T23:00:00.000Z',
        end: '2026-11-22T23:00:00.000Z',
      },
      {
        period: 'monthly',
        label: '2026-10',
        start: '2026-09-30T22:00:00.000Z',
        end: '2026-10-31T23:00:00.000Z',
      },
    ])
  })

  it('is not due again once written, and becomes due at the next local midnight', () => {
    const written = { daily: '2026-11-23', weekly: '2026-11-16', monthly: '2026-10' }
    expect(dueReports(all, written, Date.UTC(2026, 10, 24, 22, 59), 'Europe/Paris', 1)).toEqual([])
    expect(dueReports(all, written, Date.UTC(2026, 10, 24, 23, 0), 'Europe/Paris', 1)).toMatchObject([
      { period: 'daily', label: '2026-11-24' },
    ])
  })

  it('catches up after the app was closed over period edges: only the latest completed period', () => {
    const written = { daily: '2026-11-20', weekly: '2026-11-09', monthly: '2026-09' }
    const due = dueReports(all, written, Date.UTC(2026, 10, 24, 12), 'UTC', 1)
    expect(due.map((d) => `${d.period}:${d.label}`)).toEqual([
      'daily:2026-11-23',
      'weekly:2026-11-16',
      'monthly:2026-10',
    ])
  })

  it('uses the week start and only the enabled periods', () => {
    const sundayWeeks = dueReports(
      { daily: false, weekly: true, monthly: false },
      {},
      Date.UTC(2026, 10, 24, 12),
      'UTC',
      7,
    )
    expect(sundayWeeks).toEqual([
      {
        period: 'weekly',
        label: '2026-11-15',
        start: '2026-11-15T00:00:00.000Z',
        end: '2026-11-22T00:00:00.000Z',
      },
    ])
  })
})
