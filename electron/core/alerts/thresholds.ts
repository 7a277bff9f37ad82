import type { AlertEntry, AlertInputsResult } from '../../../shared/contract/results'
import type { Settings } from '../../../shared/contract/settings'

type Budgets = Settings['budgets']

/** Keys are unique per rule, period (or session) and level: each fires once. */
export type Alert = AlertEntry

export interface AlertState {
  /** Keys that already fired, with when (ms); pruned to the newest MAX_KEYS. */
  fired: Record<string, number>
  /** No notifications before this time (ms); crossings meanwhile are recorded as snoozed. */
  snoozedUntil: number | null
}

export const EMPTY_ALERT_STATE: AlertState = { fired: {}, snoozedUntil: null }
const MAX_KEYS = 500

const usd = (v: number): string => `$${v.toFixed(2)}`

/**
 * The threshold rules (pure: the shell calls this after each data change and shows what it returns).
 * - Budgets (daily, weekly, monthly cost in the user's time zone): `warn` when the period's cost reaches
 *   warnAtPercent of the budget, `over` at 100 %. A crossing fires once per period and level; jumping
 *   straight past 100 % fires only `over`. A new period (local midnight, week start, month start) starts clean.
 * - Tokens in the last 60 minutes ≥ tokensPerHour: once per local hour.
 * - A session's whole cost ≥ sessionUsd: warn and over, once per session.
 * - Runaway guard: toolCallsSincePrompt ≥ loopToolCalls, or cost since the last prompt ≥ sessionUsd, fires
 *   once per session and prompt (a new human prompt re-arms it).
 */
export function evaluateAlerts(
  budgets: Budgets,
  input: AlertInputsResult,
  state: AlertState,
  now: number,
): { alerts: Alert[]; state: AlertState } {
  const fired = { ...state.fired }
  const snoozed = state.snoozedUntil !== null && now < state.snoozedUntil
  const alerts: Alert[] = []
  const raise = (a: Omit<Alert, 'at' | 'snoozed'>): void => {
    if (fired[a.key] !== undefined) return
    fired[a.key] = now
    alerts.push({ ...a, at: new Date(now).toISOString(), snoozed })
  }
  const warnAt = budgets.warnAtPercent / 100

  const budget = (
    rule: 'daily' | 'weekly' | 'monthly',
    limit: number | null,
    p: { label: string; cost: number },
  ) => {
    if (limit === null || limit <= 0) return
    const name = rule === 'daily' ? 'Daily' : rule === 'weekly' ? 'Weekly' : 'Monthly'
    const base = `${rule}:${p.label}`
    if (p.cost >= limit) {
      fired[`${base}:warn`] ??= now // passing 100 % also covers the warning
      raise({
        key: `${base}:over`,
        rule,
        level: 'over',
        title: `${name} budget reached`,
        body: `${usd(p.cost)} spent of your ${usd(limit)} ${rule} budget (${p.label}).`,
        value: p.cost,
        limit,
        route: 'cost',
      })
    } else if (p.cost >= limit * warnAt)
      raise({
        key: `${base}:warn`,
        rule,
        level: 'warn',
        title: `${name} budget at ${Math.floor((p.cost / limit) * 100)}%`,
        body: `${usd(p.cost)} spent of your ${usd(limit)} ${rule} budget (${p.label}).`,
        value: p.cost,
        limit,
        route: 'cost',
      })
  }
  budget('daily', budgets.dailyUsd, input.day)
  budget('weekly', budgets.weeklyUsd, input.week)
  budget('monthly', budgets.monthlyUsd, input.month)

  if (budgets.tokensPerHour !== null && input.tokensLastHour >= budgets.tokensPerHour)
    raise({
      key: `tokensPerHour:${input.at.slice(0, 13)}`,
      rule: 'tokensPerHour',
      level: 'over',
      title: 'High token rate',
      body: `${input.tokensLastHour.toLocaleString('en-US')} tokens in the last hour (limit ${budgets.tokensPerHour.toLocaleString('en-US')}).`,
      value: input.tokensLastHour,
      limit: budgets.tokensPerHour,
      route: 'overview',
    })

  for (const s of input.sessions) {
    const route = `session/${encodeURIComponent(s.id)}`
    const limit = budgets.sessionUsd
    if (limit !== null && limit > 0 && s.cost !== null && s.cost >= limit * warnAt) {
      const over = s.cost >= limit
      if (over) fired[`session:${s.id}:warn`] ??= now
      raise({
        key: `session:${s.id}:${over ? 'over' : 'warn'}`,
        rule: 'sessionCost',
        level: over ? 'over' : 'warn',
        title: over ? 'A session reached its cost limit' : 'A session is nearing its cost limit',
        body: `Session ${s.id.slice(0, 8)} has cost ${usd(s.cost)} (limit ${usd(limit)}).`,
        value: s.cost,
        limit,
        route,
      })
    }
    const loops = budgets.loopToolCalls !== null && s.toolCallsSincePrompt >= budgets.loopToolCalls
    const spike = limit !== null && limit > 0 && (s.costSincePrompt ?? 0) >= limit
    if (loops || spike)
      raise({
        key: `runaway:${s.id}:${s.lastPromptAt ?? 'start'}`,
        rule: 'runaway',
        level: 'over',
        title: 'Possible runaway session',
        body: loops
          ? `Session ${s.id.slice(0, 8)} made ${s.toolCallsSincePrompt} tool calls since your last prompt.`
          : `Session ${s.id.slice(0, 8)} spent ${usd(s.costSincePrompt ?? 0)} since your last prompt.`,
        value: loops ? s.toolCallsSincePrompt : (s.costSincePrompt ?? 0),
        limit: loops ? budgets.loopToolCalls! : limit!,
        route,
      })
  }

  const keys = Object.entries(fired).sort((a, b) => b[1] - a[1])
  return {
    alerts,
    state: { fired: Object.fromEntries(keys.slice(0, MAX_KEYS)), snoozedUntil: state.snoozedUntil },
  }
}

/** Snooze notifications for `ms` from `now`. */
export function snooze(state: AlertState, now: number, ms: number): AlertState {
  return { ...state, snoozedUntil: now + ms }
}
