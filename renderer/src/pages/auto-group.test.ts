import { expect, it } from 'vitest'
import { MAX_POINTS } from '../../../shared/contract/bounds'
import { hourGroupsFit } from './auto-group'

it("offers hour groups only where they fit the server's point bound", () => {
  expect(hourGroupsFit({ preset: '24h' })).toBe(true)
  expect(hourGroupsFit({ preset: '90d' })).toBe(true) // 2,160 hours
  expect(hourGroupsFit({ preset: '1y' })).toBe(false) // 8,760 hours
  expect(hourGroupsFit({ preset: 'all' })).toBe(true) // left to the server, which knows where data starts
  const start = Date.UTC(2026, 0, 1)
  const at = (hours: number) => ({
    start: new Date(start).toISOString(),
    end: new Date(start + hours * 3_600_000).toISOString(),
  })
  expect(hourGroupsFit(at(MAX_POINTS))).toBe(true)
  expect(hourGroupsFit(at(MAX_POINTS + 1))).toBe(false)
})
