import { useEffect, useSyncExternalStore } from 'react'
import { useUi } from './ui'

const query = () => window.matchMedia('(prefers-color-scheme: dark)')
const subscribe = (cb: () => void) => {
  const q = query()
  q.addEventListener('change', cb)
  return () => q.removeEventListener('change', cb)
}

/** The theme in effect: the user's choice, or the OS's when set to "system". */
export function useResolvedTheme(): 'light' | 'dark' {
  const choice = useUi((s) => s.theme)
  const osDark = useSyncExternalStore(subscribe, () => query().matches)
  return choice === 'system' ? (osDark ? 'dark' : 'light') : choice
}

/** Puts the theme on <html data-theme> for the CSS variables. */
export function useThemeAttribute(): void {
  const theme = useResolvedTheme()
  useEffect(() => {
    document.documentElement.dataset.theme = theme
  }, [theme])
}
