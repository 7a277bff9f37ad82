import { useEffect, useState } from 'react'
import type { TodayTotals } from '../../shared/app-api'

const fmt = new Intl.NumberFormat()

/** Until the dashboards land: today's totals from the local store. */
export function App() {
  const [state, setState] = useState<{ value?: TodayTotals; error?: string }>({})
  useEffect(() => {
    window.observatory.today().then(
      (r) => setState(r.ok ? { value: r.value } : { error: r.error }),
      (e: unknown) => setState({ error: String(e) }),
    )
  }, [])
  if (state.error) return <p role="alert">Could not load today's usage: {state.error}</p>
  const t = state.value
  if (!t) return <p>Reading your Claude Code transcripts…</p>
  return (
    <main style={{ fontFamily: 'system-ui', padding: 24 }}>
      <h1>Today ({t.date})</h1>
      <p>Cost: {t.totalCost === null ? 'unknown' : `$${t.totalCost.toFixed(2)}`}</p>
      <p>Tokens: {fmt.format(t.totalTokens)}</p>
      {t.unpricedTokens > 0 && <p>{fmt.format(t.unpricedTokens)} tokens have no known price.</p>}
    </main>
  )
}
