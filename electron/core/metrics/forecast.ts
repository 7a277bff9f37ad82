import { DateTime } from 'luxon'
import type { ForecastResult } from '../../../shared/contract/results'
import type { Db } from '../store/db'
import { systemTimeZone } from '../report/time'
import { DAY_MS } from '../store/buckets'
import { rollupRange } from './rollup-span'

const HOUR = 3_600_000
export const BLOCK_MS = 5 * HOUR

/**
 * The 5-hour usage blocks as ccusage defines them: a block starts at the first response after the
 * previous block ended (or after a gap of 5 hours), floored to the hour, and lasts 5 hours. Returns
 * the block containing `now`, if any.
 */
export function currentBlock(times: number[], now: number): { start: number; end: number } | null {
  let block: { start: number; end: number } | null = null
  let last = -Infinity
  for (const t of times) {
    if (!block || t >= block.end || t - last >= BLOCK_MS) {
      const start = Math.floor(t / HOUR) * HOUR
      block = { start, end: start + BLOCK_MS }
    }
    last = t
  }
  return block && now < block.end && now - last < BLOCK_MS ? block : null
}

/**
 * Month to date in the time zone and a linear projection (cost so far ÷ elapsed days × days in the
 * month); the current 5-hour block with its burn rate (cost ÷ hours between its first and last
 * response) and projected total; and the plan value (API-equivalent cost this month ÷ plan price).
 */
export function forecast(
  db: Db,
  args: { timezone?: string; planMonthlyUsd?: number },
  now: number,
): ForecastResult {
  const timezone = args.timezone ?? systemTimeZone()
  const monthStart = DateTime.fromMillis(now, { zone: timezone }).startOf('month')
  const days = monthStart.daysInMonth ?? 30
  const elapsedDays = (now - monthStart.toMillis()) / DAY_MS
  const rr = rollupRange(monthStart.toMillis(), now)
  const m = db
    .prepare(
      `WITH ${rr.sql} SELECT COALESCE(SUM(cost), 0) AS cost, COALESCE(SUM(responses - unpriced_responses), 0) AS priced,
        COALESCE(SUM(responses), 0) AS n FROM rollup_rows`,
    )
    .get(...rr.args) as {
    cost: number
    priced: number
    n: number
  }
  const costToDate = m.priced > 0 || m.n === 0 ? m.cost : null
  const resps = db
    .prepare(
      `SELECT ts, cost, input + output + cache_write_5m + cache_write_1h + cache_read AS tokens FROM responses
       WHERE ts >= ? AND ts <= ? ORDER BY ts`,
    )
    .all(now - 2 * BLOCK_MS, now) as { ts: number; cost: number | null; tokens: number }[]
  const b = currentBlock(
    resps.map((x) => x.ts),
    now,
  )
  let block: ForecastResult['block'] = null
  if (b) {
    const inBlock = resps.filter((x) => x.ts >= b.start && x.ts < b.end)
    const priced = inBlock.filter((x) => x.cost !== null)
    const cost = priced.length > 0 ? priced.reduce((a, x) => a + x.cost!, 0) : null
    const hours = inBlock.length > 1 ? (inBlock[inBlock.length - 1]!.ts - inBlock[0]!.ts) / HOUR : 0
    const burnPerHour = cost !== null && hours >= 1 / 60 ? cost / hours : null
    block = {
      start: new Date(b.start).toISOString(),
      end: new Date(b.end).toISOString(),
      tokens: inBlock.reduce((a, x) => a + x.tokens, 0),
      cost,
      burnPerHour,
      projectedCost:
        cost !== null && burnPerHour !== null ? cost + burnPerHour * Math.max(0, (b.end - now) / HOUR) : null,
    }
  }
  return {
    timezone,
    month: {
      label: monthStart.toFormat('yyyy-MM'),
      costToDate,
      projected: costToDate === null || elapsedDays <= 0 ? null : (costToDate / elapsedDays) * days,
      method: 'linear: month-to-date cost ÷ elapsed days × days in the month',
      daysElapsed: elapsedDays,
      daysInMonth: days,
    },
    block,
    plan:
      args.planMonthlyUsd === undefined
        ? null
        : {
            monthlyUsd: args.planMonthlyUsd,
            apiEquivalentUsd: costToDate,
            ratio: costToDate === null || args.planMonthlyUsd === 0 ? null : costToDate / args.planMonthlyUsd,
          },
  }
}
