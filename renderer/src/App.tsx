import { useEffect, type ReactNode } from 'react'
import { queryClient, useQuery } from './api/query'
import { DropFolder } from './components/DropFolder'
import { ExportMenu } from './components/ExportMenu'
import { FilterBar } from './components/FilterBar'
import { Nav, navShortcut, PAGES } from './components/Nav'
import { ProgressBanner } from './components/ProgressBanner'
import { CoreStatusBanner } from './components/CoreStatusBanner'
import { PageBoundary } from './components/PageBoundary'
import { StoreErrorBanner } from './components/StoreErrorBanner'
import { Empty } from './components/states'
import { Activity } from './pages/Activity'
import { AgentsTools } from './pages/AgentsTools'
import { CostTokens } from './pages/CostTokens'
import { Health } from './pages/Health'
import { Models } from './pages/Models'
import { Overview } from './pages/Overview'
import { Projects } from './pages/Projects'
import { ResponseTimes } from './pages/ResponseTimes'
import { SessionDetail } from './pages/SessionDetail'
import { Sessions } from './pages/Sessions'
import { Settings } from './pages/Settings'
import { applySettings } from './state/apply-settings'
import { useRoute } from './state/router'
import { useThemeAttribute } from './state/theme'
import { useUi } from './state/ui'

function page(name: string, param: string | undefined): ReactNode {
  switch (name) {
    case 'overview':
      return <Overview />
    case 'cost':
      return <CostTokens />
    case 'activity':
      return <Activity />
    case 'response-times':
      return <ResponseTimes />
    case 'models':
      return <Models />
    case 'projects':
      return <Projects />
    case 'sessions':
      return <Sessions />
    case 'session':
      return <SessionDetail id={param ?? ''} />
    case 'agents':
      return <AgentsTools />
    case 'settings':
      return <Settings />
    case 'health':
      return <Health />
    default:
      return <Empty>No page here. Pick one on the left.</Empty>
  }
}

/** Shown on every page while no transcript has been stored: where we looked and how to add a folder. */
function NoData() {
  const settings = useQuery('settings', {})
  const s = settings.data
  if (!s || s.ingest || s.sources.some((x) => x.files > 0)) return null
  return (
    <div className="state empty" data-testid="no-data">
      <h2>No Claude Code transcripts found yet</h2>
      <p>Observatory looked in:</p>
      <ul>
        {[
          ...s.defaultRoots.map((d) => `${d.path}${d.exists ? '' : ' (not found)'}`),
          ...s.sources.filter((x) => x.origin !== 'default').map((x) => x.path),
        ].map((p) => (
          <li key={p}>
            <code>{p}</code>
          </li>
        ))}
      </ul>
      <p>
        Use Claude Code and its transcripts appear here live, or <a href="#/settings">add a folder</a> (a copy
        of <code>~/.claude</code>, its <code>projects/</code> folder, or a folder of <code>.jsonl</code>{' '}
        files).
      </p>
    </div>
  )
}

export function App() {
  useThemeAttribute()
  const route = useRoute()
  const settings = useQuery('settings', {})
  const applied = useUi((s) => s.settingsApplied)
  useEffect(() => {
    if (settings.data && !applied) applySettings(settings.data.settings)
  }, [settings.data, applied])
  // The shell asks for a view when a notification is clicked.
  useEffect(() => queryClient().api.on('open-route', ({ route }) => (location.hash = `#/${route}`)), [])
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (navShortcut(e)) e.preventDefault()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])
  const title =
    PAGES.find(([id]) => id === route.page)?.[1] ?? (route.page === 'session' ? 'Session' : 'Observatory')
  useEffect(() => {
    document.title = `${title} · Observatory`
  }, [title])
  const showFilters = !['settings', 'health', 'session'].includes(route.page)
  return (
    <div className="app">
      <Nav />
      <main className="main" id="main">
        <header className="top">
          <h1>{title}</h1>
          {showFilters && <FilterBar />}
          <ExportMenu page={route.page} />
        </header>
        <CoreStatusBanner />
        <ProgressBanner />
        <StoreErrorBanner />
        <DropFolder />
        <PageBoundary resetKey={`${route.page}/${route.param ?? ''}`}>
          {route.page !== 'settings' && <NoData />}
          {page(route.page, route.param)}
        </PageBoundary>
      </main>
    </div>
  )
}
