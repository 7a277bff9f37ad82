import { PAGES } from '../../../shared/pages'
import { navigate, useRoute } from '../state/router'

export { PAGES }

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
