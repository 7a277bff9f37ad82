import { useState, type FormEvent } from 'react'
import type { Settings as S, SettingsResult } from '../../../shared/contract'
import { useQuery } from '../api/query'
import { Panel, Query } from '../components/states'
import { Sources } from './SettingsSources'
import { PriceOverrides } from './SettingsPrices'
import { AlertHistory } from './SettingsAlerts'
import { DataUpkeep } from './SettingsData'
import { useAction } from './use-action'

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday']
type Budgets = S['budgets']

const num = (v: string): number | null => (v.trim() === '' ? null : Number(v))

function General({ r }: { r: SettingsResult }) {
  const [form, setForm] = useState(r.settings)
  const { run, view } = useAction()
  const b = form.budgets
  const setB = (patch: Partial<Budgets>) => setForm({ ...form, budgets: { ...b, ...patch } })
  const submit = (e: FormEvent) => {
    e.preventDefault()
    const patch: Partial<S> = { ...form }
    delete patch.roots
    void run('saveSettings', patch, 'Settings saved.')
  }
  const money = (label: string, key: keyof Budgets) => (
    <label>
      {label}
      <input
        type="number"
        min={0}
        step="0.01"
        value={b[key] ?? ''}
        placeholder="none"
        onChange={(e) => setB({ [key]: num(e.target.value) })}
      />
    </label>
  )
  return (
    <form onSubmit={submit} className="form" aria-label="General settings">
      <fieldset>
        <legend>Display</legend>
        <label>
          Theme
          <select
            value={form.theme}
            onChange={(e) => setForm({ ...form, theme: e.target.value as S['theme'] })}
            data-testid="theme"
          >
            <option value="system">Follow the system</option>
            <option value="light">Light</option>
            <option value="dark">Dark</option>
          </select>
        </label>
        <label>
          Time zone
          <input
            value={form.timezone ?? ''}
            placeholder={`this computer's (${Intl.DateTimeFormat().resolvedOptions().timeZone})`}
            onChange={(e) => setForm({ ...form, timezone: e.target.value.trim() || null })}
          />
        </label>
        <label>
          Week starts on
          <select
            value={form.weekStart}
            onChange={(e) => setForm({ ...form, weekStart: Number(e.target.value) })}
          >
            {WEEKDAYS.map((d, i) => (
              <option key={d} value={i + 1}>
                {d}
              </option>
            ))}
          </select>
        </label>
        <label>
          Currency
          <input
            value={form.currency.code}
            maxLength={3}
            size={4}
            onChange={(e) =>
              setForm({ ...form, currency: { ...form.currency, code: e.target.value.toUpperCase() } })
            }
          />
        </label>
        <label>
          Units per US dollar
          <input
            type="number"
            min={0}
            step="any"
            value={form.currency.perUsd}
            onChange={(e) =>
              setForm({ ...form, currency: { ...form.currency, perUsd: Number(e.target.value) } })
            }
          />
        </label>
      </fieldset>
      <fieldset>
        <legend>Plan and budgets</legend>
        <label>
          Plan price per month (USD)
          <input
            type="number"
            min={0}
            step="0.01"
            value={form.planMonthlyUsd ?? ''}
            placeholder="none"
            onChange={(e) => setForm({ ...form, planMonthlyUsd: num(e.target.value) })}
          />
        </label>
        {money('Daily budget (USD)', 'dailyUsd')}
        {money('Weekly budget (USD)', 'weeklyUsd')}
        {money('Monthly budget (USD)', 'monthlyUsd')}
        <label>
          Warn at (% of a budget)
          <input
            type="number"
            min={1}
            max={100}
            value={b.warnAtPercent}
            onChange={(e) => setB({ warnAtPercent: Number(e.target.value) })}
          />
        </label>
        <label>
          Tokens per hour
          <input
            type="number"
            min={1}
            value={b.tokensPerHour ?? ''}
            placeholder="none"
            onChange={(e) => setB({ tokensPerHour: num(e.target.value) })}
          />
        </label>
        {money('One session’s cost (USD)', 'sessionUsd')}
        <label>
          Runaway guard: tool calls without a prompt
          <input
            type="number"
            min={2}
            value={b.loopToolCalls ?? ''}
            placeholder="none"
            onChange={(e) => setB({ loopToolCalls: num(e.target.value) })}
          />
        </label>
      </fieldset>
      <fieldset>
        <legend>Scheduled reports</legend>
        <label>
          Folder
          <input
            value={form.reports.folder ?? ''}
            placeholder="no scheduled reports"
            size={32}
            onChange={(e) =>
              setForm({ ...form, reports: { ...form.reports, folder: e.target.value.trim() || null } })
            }
          />
        </label>
        {(['daily', 'weekly', 'monthly'] as const).map((p) => (
          <label className="inline" key={p}>
            <input
              type="checkbox"
              checked={form.reports[p]}
              onChange={(e) => setForm({ ...form, reports: { ...form.reports, [p]: e.target.checked } })}
            />{' '}
            {p}
          </label>
        ))}
        <label>
          Format
          <select
            value={form.reports.format}
            onChange={(e) =>
              setForm({ ...form, reports: { ...form.reports, format: e.target.value as 'pdf' | 'csv' } })
            }
          >
            <option value="pdf">PDF report</option>
            <option value="csv">CSV table</option>
          </select>
        </label>
      </fieldset>
      <fieldset>
        <legend>Desktop app</legend>
        <label className="inline">
          <input
            type="checkbox"
            checked={form.startAtLogin}
            onChange={(e) => setForm({ ...form, startAtLogin: e.target.checked })}
          />{' '}
          Start when I log in
        </label>
        <label className="inline">
          <input
            type="checkbox"
            checked={form.startMinimized}
            onChange={(e) => setForm({ ...form, startMinimized: e.target.checked })}
          />{' '}
          Start in the tray (no window)
        </label>
      </fieldset>
      <button type="submit">Save settings</button>
      {view}
    </form>
  )
}

export function Settings() {
  const q = useQuery('settings', {})
  return (
    <div className="page">
      <Query q={q}>
        {(r) => (
          <div className="grid">
            <Panel title="General" wide>
              <General key={JSON.stringify(r.settings)} r={r} />
            </Panel>
            <Panel title="Folders and sources" wide>
              <Sources r={r} />
            </Panel>
            <Panel title="Alerts" wide>
              <AlertHistory />
            </Panel>
            <Panel title="Data: retention and archive" wide>
              <DataUpkeep
                key={`${r.settings.responseDetailDays}:${r.settings.archive}:${r.settings.resultCacheMb}`}
                r={r}
              />
            </Panel>
            <Panel title="Price overrides" wide>
              <PriceOverrides key={JSON.stringify(r.prices.overrides)} r={r} />
            </Panel>
          </div>
        )}
      </Query>
    </div>
  )
}
