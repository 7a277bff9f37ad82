import { expect, it } from 'vitest'
import type { AlertInputsResult, ForecastResult } from '../../shared/contract'
import { trayMenuModel, trayTooltip } from './tray-menu'

const usd = { code: 'USD', perUsd: 1 }
const inputs = {
  day: { label: '2026-11-24', start: '', cost: 3.456 },
  week: { label: '2026-11-23', start: '', cost: 12.5 },
} as AlertInputsResult
const forecast = {
  block: { start: '', end: '', tokens: 1, cost: 1.25, burnPerHour: 0.5, projectedCost: 2 },
} as ForecastResult

it('shows today, this week and the 5-hour block with its burn rate, then the actions', () => {
  expect(trayMenuModel(inputs, forecast, false, usd)).toEqual([
    { label: 'Today: $3.46' },
    { label: 'This week: $12.50' },
    { label: '5-hour block: $1.25, $0.50/h' },
    { label: 'Open dashboard', action: 'open', separatorBefore: true },
    { label: 'Pause watching', action: 'pause' },
    { label: 'Quit Observatory', action: 'quit', separatorBefore: true },
  ])
  const paused = trayMenuModel(null, { ...forecast, block: null }, true, usd)
  expect(paused.map((i) => i.label)).toEqual([
    'Today: …',
    'This week: …',
    '5-hour block: no activity',
    'Open dashboard',
    'Resume watching',
    'Quit Observatory',
  ])
  expect(trayTooltip(inputs, { code: 'EUR', perUsd: 0.5 })).toBe('Observatory: €1.73 today')
})
