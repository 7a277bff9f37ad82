import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { AlertInputsResult } from '../../../shared/contract'
import { DEFAULT_SETTINGS } from '../../../shared/contract/settings'
import { prompt, response } from '../../../tests/helpers/lines'
import { useTempStore, type TestStore } from '../../../tests/helpers/store'
import { Api } from '../api/api'
import { EMPTY_ALERT_STATE, evaluateAlerts, snooze, type AlertState } from './thresholds'

const budgets = { ...DEFAULT_SETTINGS.budgets, dailyUsd: 10, warnAtPercent: 80 }
const T0 = Date.UTC(2026, 10, 24, 15)

function input(day: number, label = '2026-11-24', extra: Partial<AlertInputsResult> = {}): AlertInputsResult {
  return {
    timezone: 'UTC',
    at: new Date(T0).toISOString(),
    day: { label, start: `${label}T00:00:00.000Z`, cost: day },
    week: { label: '2026-11-23', start: '2026-11-23T00:00:00.000Z', cost: day },
    month: { label: '2026-11', start: '2026-11-01T00:00:00.000Z', cost: day },
    tokensLastHour: 0,
    sessions: [],
    ...extra,
  }
}

/** Feeds a sequence of observations and returns the levels raised at each step. */
function run(costs: number[], state: AlertState = EMPTY_ALERT_STATE, b = budgets): string[][] {
  const out: string[][] = []
  for (const c of costs) {
    const r = evaluateAlerts(b, input(c), state, T0)
    state = r.state
    out.push(r.alerts.map((a) => `${a.rule}:${a.level}`))
  }
  return out
}

describe('threshold crossings', () => {
  it('warns once when crossing the warn level, fires over once at 100 %, and stays quiet while over', () => {
    expect(run([5, 8.5, 9, 10.5, 11, 12])).toEqual([[], ['daily:warn'], [], ['daily:over'], [], []])
  })

  it('jumping straight past 100 % raises only "over"', () => {
    expect(run([0, 12, 8.5])).toEqual([[], ['daily:over'], []])
  })

  it('a new period starts clean: the next local day fires again', () => {
    let state = evaluateAlerts(budgets, input(11, '2026-11-23'), EMPTY_ALERT_STATE, T0).state
    const next = evaluateAlerts(budgets, input(11, '2026-11-24'), state, T0 + 1000)
    expect(next.alerts.map((a) => a.key)).toEqual(['daily:2026-11-24:over'])
    state = next.state
    expect(evaluateAlerts(budgets, input(11, '2026-11-24'), state, T0 + 2000).alerts).toEqual([])
  })

  it('while snoozed, crossings are recorded as snoozed (not notified) and do not fire again afterwards', () => {
    const s = snooze(EMPTY_ALERT_STATE, T0, 3_600_000)
    const during = evaluateAlerts(budgets, input(11), s, T0 + 60_000)
    expect(during.alerts).toMatchObject([{ level: 'over', snoozed: true }])
    expect(evaluateAlerts(budgets, input(11), during.state, T0 + 7_200_000).alerts).toEqual([])
  })

  it('session cost, token rate and the runaway guard, each once; a new prompt re-arms the guard', () => {
    const b = { ...budgets, dailyUsd: null, sessionUsd: 5, tokensPerHour: 1_000_000, loopToolCalls: 50 }
    const sess = (toolCalls: number, lastPromptAt: string) => ({
      id: 'abcdef123456',
      cost: 6,
      lastPromptAt,
      toolCallsSincePrompt: toolCalls,
      costSincePrompt: 1,
    })
    const first = evaluateAlerts(
      b,
      input(0, '2026-11-24', { tokensLastHour: 1_200_000, sessions: [sess(60, '2026-11-24T14:00:00.000Z')] }),
      EMPTY_ALERT_STATE,
      T0,
    )
    expect(first.alerts.map((a) => `${a.rule}:${a.level}:${a.route}`)).toEqual([
      'tokensPerHour:over:overview',
      'sessionCost:over:session/abcdef123456',
      'runaway:over:session/abcdef123456',
    ])
    const same = evaluateAlerts(
      b,
      input(0, '2026-11-24', { sessions: [sess(80, '2026-11-24T14:00:00.000Z')] }),
      first.state,
      T0,
    )
    expect(same.alerts).toEqual([])
    const rearmed = evaluateAlerts(
      b,
      input(0, '2026-11-24', { sessions: [sess(55, '2026-11-24T14:30:00.000Z')] }),
      same.state,
      T0,
    )
    expect(rearmed.alerts.map((a) => a.rule)).toEqual(['runaway'])
  })
})

describe('alertInputs', () => {
  let dir: string
  let store: TestStore
  useTempStore((d, s) => {
    dir = d
    store = s
  })

  it('counts the current local day, week and month in the user’s time zone, and the runaway inputs', async () => {
    // 07:30 UTC on the 24th is 23:30 on the 23rd in Los Angeles.
    const lines = [
      response('2026-11-24T07:30:00.000Z', 1_000_000, 0), // $5 (opus 4.7 input $5/M), LA day 23rd
      prompt('2026-11-24T08:10:00.000Z'),
      response('2026-11-24T08:20:00.000Z', 400_000, 0), // $2, LA day 24th
    ]
    mkdirSync(join(dir, 'projects/p'), { recursive: true })
    writeFileSync(join(dir, 'projects/p/s.jsonl'), lines.map((l) => JSON.stringify(l)).join('\n') + '\n')
    await store.ingest(dir)
    const api = new Api(store.db, () => Date.UTC(2026, 10, 24, 8, 31)) // the last hour starts 07:31
    const r = api.call('alertInputs', { timezone: 'America/Los_Angeles', weekStart: 1 })
    if (!r.ok) throw new Error(r.error.message)
    const v = r.value as AlertInputsResult
    expect(v.day).toMatchObject({ label: '2026-11-24', start: '2026-11-24T08:00:00.000Z' })
    expect(v.day.cost).toBeCloseTo(2, 9)
    expect(v.week.label).toBe('2026-11-23') // Monday
    expect(v.week.cost).toBeCloseTo(7, 9) // the 23rd (LA) is in this week
    expect(v.month.cost).toBeCloseTo(7, 9)
    expect(v.tokensLastHour).toBe(400_000)
    expect(v.sessions).toMatchObject([
      { id: 's1', lastPromptAt: '2026-11-24T08:10:00.000Z', toolCallsSincePrompt: 0 },
    ])
    expect(v.sessions[0]!.cost).toBeCloseTo(7, 9)
    expect(v.sessions[0]!.costSincePrompt).toBeCloseTo(2, 9)
    // In UTC both responses are on the 24th.
    const utc = api.call('alertInputs', { timezone: 'UTC' })
    expect(utc.ok && (utc.value as AlertInputsResult).day.cost).toBeCloseTo(7, 9)
  })
})
