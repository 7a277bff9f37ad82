import { app, BrowserWindow, dialog, ipcMain, Notification } from 'electron'
import { existsSync } from 'node:fs'
import { join, sep } from 'node:path'
import type { AlertEntry, ApiResult } from '../../shared/contract'
import { eventChannel, REQUEST_NAMES, requestChannel } from '../../shared/contract/names'
import createCoreWorker from './core-worker?nodeWorker'
import { alertNotification } from './notify'
import { needsSaveDialog, saveDialogOptions } from './export-dialog'
import { isAllowedNavigation, secureWebPreferences } from './security'
import type { WorkerMessage, WorkerRequest } from './worker-protocol'

// Thin shell: window, IPC relay and the core worker. Decisions live in pure modules.
const binding = join(
  app.getAppPath(),
  '.native',
  `electron-${process.versions.electron}`,
  'better_sqlite3.node',
)
const worker = createCoreWorker({ workerData: { nativeBinding: existsSync(binding) ? binding : undefined } })
const pending = new Map<number, (r: ApiResult<unknown>) => void>()
let seq = 0

worker.on('message', (msg: WorkerMessage) => {
  if (msg.type === 'log') return void console.log(`[core] ${msg.level}: ${msg.msg}`)
  if (msg.type === 'event') {
    for (const w of BrowserWindow.getAllWindows()) w.webContents.send(eventChannel(msg.name), msg.data)
    if (msg.name === 'alert') notify(msg.data as AlertEntry)
    return
  }
  pending.get(msg.seq)?.(msg.result)
  pending.delete(msg.seq)
})

function relay(name: string, args: unknown): Promise<ApiResult<unknown>> {
  return new Promise((resolve) => {
    const s = ++seq
    pending.set(s, resolve)
    worker.postMessage({ seq: s, type: 'call', name, args } satisfies WorkerRequest)
  })
}

// Exactly the contract's channels; arguments are validated in the worker, and every answer is
// {ok, value} | {ok: false, error}, so nothing rejects across IPC. An export without a path first
// asks where to save it (the native dialog); cancelling answers { path: null }.
for (const name of REQUEST_NAMES)
  ipcMain.handle(requestChannel(name), async (e, args: unknown) => {
    const ask = needsSaveDialog(name, args)
    if (!ask) return relay(name, args)
    const win = BrowserWindow.fromWebContents(e.sender)
    const opts = saveDialogOptions(ask.view, ask.format, new Date(), app.getPath('downloads'), sep)
    const choice = win ? await dialog.showSaveDialog(win, opts) : await dialog.showSaveDialog(opts)
    if (choice.canceled || !choice.filePath) return { ok: true, value: { path: null, bytes: 0 } }
    return relay(name, { ...(args as object), path: choice.filePath })
  })

/** One OS notification per alert; a click brings the window up on the alert's view. */
function notify(alert: AlertEntry): void {
  const n = alertNotification(alert)
  if (!n || !Notification.isSupported()) return
  const shown = new Notification({ title: n.title, body: n.body })
  shown.on('click', () => {
    const win = BrowserWindow.getAllWindows()[0]
    if (!win) return
    if (win.isMinimized()) win.restore()
    win.focus()
    win.webContents.send(eventChannel('open-route'), { route: n.route })
  })
  shown.show()
}

function createWindow(): void {
  const win = new BrowserWindow({
    width: 1280,
    height: 800,
    title: 'Observatory',
    webPreferences: secureWebPreferences(join(__dirname, '../preload/index.js')),
  })
  const devUrl = process.env.ELECTRON_RENDERER_URL
  win.webContents.on('will-navigate', (e, url) => {
    if (!isAllowedNavigation(url, devUrl)) e.preventDefault()
  })
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }))
  if (devUrl) void win.loadURL(devUrl)
  else void win.loadFile(join(__dirname, '../renderer/index.html'))
}

app.whenReady().then(createWindow)
app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit()
})
