import { navigate, useRoute } from '../state/router'

/** The pages, in nav order; the digit is the keyboard shortcut (Alt + digit). */
export const PAGES = [
  ['overview', 'Overview', '1'],
  ['cost', 'Cost & tokens', '2'],
  ['activity', 'Activity', '3'],
  ['response-times', 'Response times', '4'],
  ['models', 'Models', '5'],
  ['projects', 'Projects', '6'],
  ['sessions', 'Sessions', '7'],
  ['agents', 'Agents & tools', '8'],
  ['settings', 'Settings', '9'],
  ['health', 'Health', '0'],
] as const

export function Nav() {
  const { page } = useRoute()
  return (
    <nav className="nav" aria-label="Pages">
      <div className="brand">Observatory</div>
      <ul>
        {PAGES.map(([id, label, key]) => (
          <li key={id}>
            <a
              href={`#/${id}`}
              aria-current={page === id || (id === 'sessions' && page === 'session') ? 'page' : undefined}
              title={`${label} (Alt+${key})`}
            >
              {label}
              <kbd>{key}</kbd>
            </a>
          </li>
        ))}
      </ul>
    </nav>
  )
}

/** Alt+digit jumps to a page. */
export function navShortcut(e: KeyboardEvent): boolean {
  if (!e.altKey || e.ctrlKey || e.metaKey) return false
  const hit = PAGES.find(([, , key]) => e.code === `Digit${key}`)
  if (!hit) return false
  navigate(hit[0])
  return true
}
