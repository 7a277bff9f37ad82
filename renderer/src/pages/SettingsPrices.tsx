import { useState } from 'react'
import type { SettingsResult } from '../../../shared/contract'
import { useAction } from './use-action'

const KINDS = ['input', 'output', 'cacheWrite5m', 'cacheWrite1h', 'cacheRead'] as const
type Rates = Partial<Record<(typeof KINDS)[number], number>>

/** $ per million tokens by model id or `prefix*`; saving re-prices what is stored. */
export function PriceOverrides({ r }: { r: SettingsResult }) {
  const toRows = () =>
    Object.entries(r.prices.overrides).map(([model, rates]) => ({ model, rates: rates as Rates }))
  const [rows, setRows] = useState(toRows)
  const { run, view } = useAction()
  const save = () => {
    const models: Record<string, Rates> = {}
    for (const row of rows) if (row.model.trim()) models[row.model.trim()] = row.rates
    void run('savePriceOverrides', { models }, 'Prices saved; stored costs were re-priced.')
  }
  const edit = (i: number, patch: Partial<(typeof rows)[number]>) =>
    setRows(rows.map((x, j) => (j === i ? { ...x, ...patch } : x)))
  return (
    <div>
      <p className="muted">
        Stored in <code>{r.prices.file}</code>. Models without a price are counted and shown as unpriced,
        never as $0.
      </p>
      {r.prices.error && <p className="state error">{r.prices.error}</p>}
      <table>
        <thead>
          <tr>
            <th>Model or prefix*</th>
            {KINDS.map((k) => (
              <th key={k} className="num">
                {k} $/M
              </th>
            ))}
            <th />
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => (
            <tr key={i}>
              <td>
                <input
                  aria-label="Model"
                  value={row.model}
                  onChange={(e) => edit(i, { model: e.target.value })}
                />
              </td>
              {KINDS.map((k) => (
                <td key={k}>
                  <input
                    aria-label={`${k} rate`}
                    type="number"
                    min={0}
                    step="any"
                    size={6}
                    value={row.rates[k] ?? ''}
                    onChange={(e) => {
                      const rates = { ...row.rates }
                      if (e.target.value === '') delete rates[k]
                      else rates[k] = Number(e.target.value)
                      edit(i, { rates })
                    }}
                  />
                </td>
              ))}
              <td>
                <button type="button" onClick={() => setRows(rows.filter((_, j) => j !== i))}>
                  Remove
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" onClick={() => setRows([...rows, { model: '', rates: { input: 0, output: 0 } }])}>
        Add a model
      </button>{' '}
      <button type="button" onClick={save}>
        Save prices
      </button>
      {view}
    </div>
  )
}
