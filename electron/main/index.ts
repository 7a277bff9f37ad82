import { app, BrowserWindow, ipcMain } from 'electron'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import createCoreWorker from './core-worker?nodeWorker'
import type { WorkerReply, WorkerRequest } from './worker-protocol'
import { isAllowedNavigation, secureWebPreferences } from './security'

// Thin shell: window, IPC relay and the core worker. Decisions live in pure modules.
const binding = join(
  app.getAppPath(),
  '.native',
  `electron-${process.versions.electron}`,
  'better_sqlite3.node',
)
const worker = createCoreWorker({ workerData: { nativeBinding: existsSync(binding) ? binding : undefined } })
const pending = new Map<number, (r: WorkerReply) => void>()
let seq = 0

worker.on('message', (msg: WorkerReply) => {
  if (msg.seq === undefined) return void console.log(`[core] ${msg.level}: ${msg.msg}`)
  pending.get(msg.seq)?.(msg)
  pending.delete(msg.seq)
})

function call(type: WorkerRequest['type']): Promise<WorkerReply> {
  const s = ++seq
  return new Promise((resolve) => {
    pending.set(s, resolve)
    worker.postMessage({ seq: s, type } satisfies WorkerRequest)
  })
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

ipcMain.handle('observatory:today', async () => {
  await call('ingest')
  return call('today')
})

app.whenReady().then(createWindow)
app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit()
})
