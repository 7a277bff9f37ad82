import { EventEmitter } from 'node:events'
import { expect, it } from 'vitest'
import { runSingleInstance, startupWindow, type AppLike, type Shell } from './lifecycle'

/** An app stand-in: an emitter with the single-instance lock and quit. */
function fakeApp(locked: boolean) {
  const app = Object.assign(new EventEmitter(), { quits: 0, requestSingleInstanceLock: () => locked })
  const quit = () => {
    app.quits++
    // Like Electron: quit() emits before-quit, which may be prevented.
    let prevented = false
    app.emit('before-quit', { preventDefault: () => (prevented = true) })
    return prevented
  }
  return { app: Object.assign(app, { quit }) as typeof app & AppLike & { quit: () => boolean } }
}

function fakeShell(shutdown: () => Promise<void> = async () => {}) {
  const calls: string[] = []
  const shell: Shell = {
    open: () => calls.push('open'),
    quitting: () => calls.push('quitting'),
    shutdown: () => (calls.push('shutdown'), shutdown()),
  }
  return { shell, calls }
}

it('a second instance quits and starts nothing (no core worker, no ingest)', () => {
  const { app } = fakeApp(false)
  let started = 0
  expect(runSingleInstance(app, () => (started++, fakeShell().shell))).toBeNull()
  expect(started).toBe(0)
  expect(app.quits).toBe(1)
  expect(app.listenerCount('second-instance') + app.listenerCount('activate')).toBe(0)
})

it('the first instance shows its window on a second launch and on macOS activate', () => {
  const { app } = fakeApp(true)
  const { shell, calls } = fakeShell()
  expect(runSingleInstance(app, () => shell)).toBe(shell)
  app.emit('second-instance')
  app.emit('activate')
  expect(calls).toEqual(['open', 'open'])
})

it('quitting waits for the core to close cleanly once, then quits', async () => {
  const { app } = fakeApp(true)
  let finish!: () => void
  const { shell, calls } = fakeShell(() => new Promise<void>((r) => (finish = r)))
  runSingleInstance(app, () => shell)
  expect(app.quit()).toBe(true) // prevented: the core is still open
  expect(app.quit()).toBe(true) // a second Quit while closing does not start another shutdown
  expect(calls.filter((c) => c === 'shutdown')).toHaveLength(1)
  finish()
  await new Promise((r) => setTimeout(r, 0))
  expect(app.quits).toBe(3) // the lifecycle quit again once the core was closed
  expect(app.quit()).toBe(false)
  expect(calls.slice(0, 2)).toEqual(['quitting', 'shutdown'])
})

it('quits even when the shutdown fails', async () => {
  const { app } = fakeApp(true)
  runSingleInstance(app, () => fakeShell(() => Promise.reject(new Error('stuck'))).shell)
  app.quit()
  await new Promise((r) => setTimeout(r, 0))
  expect(app.quits).toBe(2)
})

it('startup reuses a window a second launch opened while settings loaded, and creates one otherwise', async () => {
  const { app } = fakeApp(true)
  const windows: string[] = []
  const create = (why: string) => () => (windows.push(why), why)
  let settingsLoaded!: () => void
  const { shell } = fakeShell()
  // Like the shell: open() creates the window when there is none (openRoute).
  runSingleInstance(app, () => ({ ...shell, open: () => void startupWindow(windows, create('open')) }))
  const startup = new Promise<void>((r) => (settingsLoaded = r)).then(() =>
    startupWindow(windows, create('startup')),
  )
  app.emit('second-instance') // during the wait for the core's settings
  settingsLoaded()
  expect(await startup).toBe('open')
  expect(windows).toEqual(['open'])
  expect(startupWindow([], create('startup'))).toBe('startup')
})
