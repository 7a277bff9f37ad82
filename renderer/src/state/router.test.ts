import { describe, expect, it } from 'vitest'
import { autoGroupBy } from '../pages/auto-group'
import { parseHash } from './router'

describe('routes and defaults', () => {
  it('parses hash routes, with an encoded parameter', () => {
    expect(parseHash('')).toEqual({ page: 'overview' })
    expect(parseHash('#/sessions')).toEqual({ page: 'sessions' })
    expect(parseHash('#/session/a%2Fb')).toEqual({ page: 'session', param: 'a/b' })
  })

  it('groups a range sensibly: hours for a day, days to a quarter, weeks beyond', () => {
    expect(autoGroupBy({ preset: '24h' })).toBe('hour')
    expect(autoGroupBy({ preset: '90d' })).toBe('day')
    expect(autoGroupBy({ preset: 'all' })).toBe('week')
    expect(autoGroupBy({ start: '2026-11-01T00:00:00Z', end: '2026-11-02T00:00:00Z' })).toBe('hour')
    expect(autoGroupBy({ start: '2026-01-01T00:00:00Z', end: '2026-11-01T00:00:00Z' })).toBe('week')
  })
})
