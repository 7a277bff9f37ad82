import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './App'
import { createClient } from './api/client'
import { QueryClient, setQueryClient } from './api/query'
import './styles.css'

const root = createRoot(document.getElementById('root')!)
const api = createClient()
if (!api) {
  root.render(
    <main className="state error" role="alert" style={{ margin: 40 }}>
      <h1>Observatory needs its access token</h1>
      <p>
        Open the address <code>observatory serve</code> printed (it ends in <code>#token=…</code>), or start
        the desktop app.
      </p>
    </main>,
  )
} else {
  setQueryClient(new QueryClient(api))
  if (!location.hash.startsWith('#/')) location.hash = '#/overview'
  root.render(
    <StrictMode>
      <App />
    </StrictMode>,
  )
}
