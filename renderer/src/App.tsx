import { useEffect, useState } from 'react'
import type { SummaryResult } from '../../shared/contract'

const fmt = new Intl.NumberFormat()

/** Until the dashboards land: today's totals from the local store, refreshed on data-changed. */
export function App() {
  const [state, setState] = useState<{ value?: SummaryResult; error?: string }>({})
  useEffect(() => {
    const load = () =>
      window.observatory.call('summary', { range: { preset: '24h' } }).then(
        (r) => setState(r.ok ? { value: r.value } : { error: r.error.message }),
        (e: unknown) => setState({ error: String(e) }),
      )
    void load()
    return window.observatory.on('data-changed', () => void load())
  }, [])
  if (state.error) return <p role="alert">Could not load your usage: {state.error}</p>
  const s = state.value
  if (!s) return <p>Reading your Claude Code transcripts…</p>
  return (
    <main style={{ fontFamily: 'system-ui', padding: 24 }}>
      <h1>Last 24 hours</h1>
      <p>Cost: {s.cost.value === null ? 'unknown' : `$${s.cost.value.toFixed(2)}`}</p>
      <p>Tokens: {fmt.format(s.tokens.total.value ?? 0)}</p>
      {(s.unpricedTokens.value ?? 0) > 0 && (
        <p>{fmt.format(s.unpricedTokens.value ?? 0)} tokens have no known price.</p>
      )}
    </main>
  )
}
