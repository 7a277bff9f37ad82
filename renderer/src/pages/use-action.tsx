import { useState } from 'react'
import type { SettingsResult } from '../../../shared/contract'
import { queryClient } from '../api/query'
import { applySettings } from '../state/apply-settings'

/** Calls an action and reports its error (or success) in place; the settings query refreshes. */
export function useAction() {
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null)
  const run = async (
    name: 'saveSettings' | 'addSource' | 'updateSource' | 'savePriceOverrides',
    args: object,
    done: string,
  ) => {
    const r = await queryClient().api.call(name, args as never)
    setMsg(r.ok ? { ok: true, text: done } : { ok: false, text: r.error.message })
    if (r.ok) {
      applySettings((r.value as SettingsResult).settings)
      queryClient().invalidate()
    }
    return r.ok
  }
  const view = msg && (
    <p role={msg.ok ? 'status' : 'alert'} className={msg.ok ? 'ok' : 'state error'}>
      {msg.text}
    </p>
  )
  return { run, view }
}
