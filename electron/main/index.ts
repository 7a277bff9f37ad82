import { app, BrowserWindow, dialog, ipcMain, Menu, Notification, session, shell } from 'electron'
import { existsSync } from 'node:fs'
import { join, sep } from 'node:path'
import type { AlertEntry, ApiResult, PushEvents, SettingsResult } from '../../shared/contract'
import { eventChannel, REQUEST_NAMES, requestChannel } from '../../shared/contract/names'
import createCoreWorker from './core-worker?nodeWorker'
import { alertNotification, reportNotification } from './notify'
import { saveDialogOptions, shellRequest } from './export-dialog'
import { appMenuTemplate } from './app-menu'
import { AppTray } from './tray'
import {
  appOrigin,
  isAllowedNavigation,
  isTrustedSender,
  rendererUrl,
  secureWebPreferences,
  windowOpenDecision,
} from './security'
import { denyAllPermissions } from './permissions'
import type { WorkerMessage, WorkerRequest } from './worker-protocol'

// Thin shell: window, tray, menu, notifications, IPC relay and the core worker. Decisions live in pure modules.
if (!app.requestSingleInstanceLock()) app.quit()
let tray: AppTray | undefined
let quitting = false
const binding = join(
  app.getAppPath(),
  '.native',
  `electron-${process.versions.electron}`,
  'better_sqlite3.node',
)
const origin = appOrigin({
  isPackaged: app.isPackaged,
  devUrl: process.env.ELECTRON_RENDERER_URL,
  indexFile: join(__dirname, '../renderer/index.html'),
})
const worker = createCoreWorker({ workerData: { nativeBinding: existsSync(binding) ? binding : undefined } })
const pending = new Map<number, (r: ApiResult<unknown>) => void>()
let seq = 0

worker.on('message', (msg: WorkerMessage) => {
  if (msg.type === 'log') return void console.log(`[core] ${msg.level}: ${msg.msg}`)
  if (msg.type === 'event') {
    for (const w of BrowserWindow.getAllWindows()) w.webContents.send(eventChannel(msg.name), msg.data)
    if (msg.name === 'alert') notify(msg.data as AlertEntry)
    if (msg.name === 'report-ready') reportReady(msg.data as PushEvents['report-ready'])
    if (msg.name === 'data-changed' || msg.name === 'settings-changed') void tray?.refresh()
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

// Exactly the contract's channels, answered only for our own page; arguments are validated in the
// worker, and every answer is {ok, value} | {ok: false, error}, so nothing rejects across IPC. An
// export is validated here, loses any path the page sent, and asks where to save it (the native
// dialog); cancelling answers { path: null }.
for (const name of REQUEST_NAMES)
  ipcMain.handle(requestChannel(name), async (e, args: unknown) => {
    if (!isTrustedSender(e.senderFrame, origin)) {
      console.warn(`[shell] refused ${name} from ${e.senderFrame?.url ?? 'a closed frame'}`)
      return { ok: false, error: { code: 'unauthorized', message: 'not sent by the Observatory window' } }
    }
    const req = shellRequest(name, args)
    if (req.kind === 'relay') return relay(name, req.args)
    if (req.kind === 'invalid') return req.result
    const win = BrowserWindow.fromWebContents(e.sender)
    const opts = saveDialogOptions(req.save, new Date(), app.getPath('downloads'), sep)
    const choice = win ? await dialog.showSaveDialog(win, opts) : await dialog.showSaveDialog(opts)
    if (choice.canceled || !choice.filePath) return { ok: true, value: { path: null, bytes: 0 } }
    return relay(name, { ...req.args, path: choice.filePath })
  })

/** One OS notification per alert; a click brings the window up on the alert's view. */
function notify(alert: AlertEntry): void {
  const n = alertNotification(alert)
  if (!n || !Notification.isSupported()) return
  const shown = new Notification({ title: n.title, body: n.body })
  shown.on('click', () => openRoute(n.route))
  shown.show()
}

function reportReady(r: PushEvents['report-ready']): void {
  if (!Notification.isSupported()) return
  const n = reportNotification(r)
  const shown = new Notification({ title: n.title, body: n.body })
  shown.on('click', () => shell.showItemInFolder(n.path))
  shown.show()
}

/** Brings the window up (creating it if it was closed to the tray), on a route if given. */
function openRoute(route?: string): void {
  const win = BrowserWindow.getAllWindows()[0] ?? createWindow()
  if (win.isMinimized()) win.restore()
  win.show()
  win.focus()
  if (route) win.webContents.send(eventChannel('open-route'), { route })
}

function createWindow(show = true): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 800,
    show,
    title: 'Observatory',
    icon: join(app.getAppPath(), 'resources', 'icon.png'),
    webPreferences: secureWebPreferences(join(__dirname, '../preload/index.js'), !app.isPackaged),
  })
  win.webContents.on('will-navigate', (e, url) => {
    if (!isAllowedNavigation(url, origin)) e.preventDefault()
  })
  win.webContents.on('will-redirect', (e, url) => {
    if (!isAllowedNavigation(url, origin)) e.preventDefault()
  })
  win.webContents.on('select-bluetooth-device', (e, _devices, callback) => {
    e.preventDefault()
    callback('')
  })
  win.webContents.setWindowOpenHandler(({ url }) => {
    const d = windowOpenDecision(url)
    if (d.openExternally) void shell.openExternal(url)
    return { action: d.action }
  })
  void win.loadURL(rendererUrl(origin))
  // Closing the window keeps Observatory in the tray (watching, alerting); Quit is in the tray menu.
  win.on('close', (e) => {
    if (!quitting && tray) {
      e.preventDefault()
      win.hide()
    }
  })
  return win
}

app.on('second-instance', () => openRoute())
app.on('before-quit', () => (quitting = true))
app.whenReady().then(async () => {
  denyAllPermissions(session.defaultSession, (m) => console.warn(`[shell] ${m}`))
  Menu.setApplicationMenu(Menu.buildFromTemplate(appMenuTemplate(process.platform, (r) => openRoute(r))))
  const r = await relay('settings', {})
  const settings = r.ok ? (r.value as SettingsResult).settings : null
  if (app.isPackaged) app.setLoginItemSettings({ openAtLogin: settings?.startAtLogin ?? false })
  tray = new AppTray(join(app.getAppPath(), 'resources', 'tray.png'), relay, {
    open: () => openRoute(),
    quit: () => app.quit(),
  })
  createWindow(!(settings?.startMinimized ?? false))
})
app.on('window-all-closed', () => {
  if (!tray && process.platform !== 'darwin') app.quit()
})
