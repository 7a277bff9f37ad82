/** The part of Electron's `app` the lifecycle uses (Electron's App satisfies it; tests pass an emitter). */
export interface AppLike {
  requestSingleInstanceLock(): boolean
  quit(): void
  on(event: 'second-instance', l: () => void): unknown
  on(event: 'activate', l: () => void): unknown
  on(event: 'before-quit', l: (e: { preventDefault(): void }) => void): unknown
}

/** What the lifecycle drives: the running shell. */
export interface Shell {
  /** Brings the window up, creating it if it was closed (second instance, macOS dock click). */
  open(): void
  /** Quit was asked for: closing the window no longer hides it to the tray. */
  quitting(): void
  /** Stops the core cleanly (host stopped, store closed); resolves when it is safe to exit. */
  shutdown(): Promise<void>
}

/**
 * Starts the shell in the first instance only: a second instance quits before anything else runs (no
 * second core worker, migration or ingest beside the first) and the first one shows its window.
 * Quitting waits for `shutdown()` once, then quits for real.
 */
export function runSingleInstance(app: AppLike, start: () => Shell): Shell | null {
  if (!app.requestSingleInstanceLock()) {
    app.quit()
    return null
  }
  const shell = start()
  app.on('second-instance', () => shell.open())
  app.on('activate', () => shell.open())
  let state: 'running' | 'closing' | 'closed' = 'running'
  app.on('before-quit', (e) => {
    shell.quitting()
    if (state === 'closed') return
    e.preventDefault()
    if (state === 'closing') return
    state = 'closing'
    void shell
      .shutdown()
      .catch(() => {})
      .finally(() => {
        state = 'closed'
        app.quit()
      })
  })
  return shell
}

/**
 * The window once startup has loaded the settings: a second launch or a macOS dock click during that wait
 * already opened one (`Shell.open`), which is kept; otherwise one is created. Never two windows.
 */
export function startupWindow<W>(existing: readonly W[], create: () => W): W {
  return existing[0] ?? create()
}
