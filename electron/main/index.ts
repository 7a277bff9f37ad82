import { app, BrowserWindow, dialog, ipcMain, Menu, Notification, session, shell } from 'electron'
import { existsSync } from 'node:fs'
import { join, sep } from 'node:path'
import type { AlertEntry, ApiResult, CoreStatus, PushEvents, SettingsResult } from '../../shared/contract'
import { eventChannel, REQUEST_NAMES, requestChannel } from '../../shared/contract/names'
import createCoreWorker from './core-worker?nodeWorker'
import { CoreRelay } from './core-relay'
import { alertNotification, NotificationKeeper, reportNotification } from './notify'
import { answerIpc } from './ipc-handler'
import { appMenuTemplate } from './app-menu'
import { AppTray } from './tray'
import { runSingleInstance, startupWindow, type Shell } from './lifecycle'
import { denyAllPermissions } from './permissions'
import {
  appOrigin,
  isAllowedNavigation,
  rendererUrl,
  secureWebPreferences,
  windowOpenDecision,
} from './security'

// Thin shell: window, tray, menu, notifications, IPC relay and the core worker. Decisions live in pure
// modules. Nothing runs unless this is the first instance (lifecycle.ts).
runSingleInstance(app, startShell)

function startShell(): Shell {
  let tray: AppTray | undefined
  let quitting = false
  const origin = appOrigin({
    isPackaged: app.isPackaged,
    devUrl: process.env.ELECTRON_RENDERER_URL,
    indexFile: join(__dirname, '../renderer/index.html'),
  })
  const binding = join(
    app.getAppPath(),
    '.native',
    `electron-${process.versions.electron}`,
    'better_sqlite3.node',
  )
  const notifications = new NotificationKeeper<Notification>()
  const send = (name: string, data: unknown): void => {
    for (const w of BrowserWindow.getAllWindows()) w.webContents.send(eventChannel(name), data)
  }
  const core = new CoreRelay({
    create: () =>
      createCoreWorker({ workerData: { nativeBinding: existsSync(binding) ? binding : undefined } }),
    onLog: (level, msg) => console.log(`[core] ${level}: ${msg}`),
    onStatus: (s: CoreStatus) => {
      send('core-status', s)
      if (s.state === 'ready') void tray?.refresh()
    },
    onEvent: (name, data) => {
      send(name, data)
      if (name === 'alert') notify(data as AlertEntry)
      if (name === 'report-ready') reportReady(data as PushEvents['report-ready'])
      if (name === 'data-changed' || name === 'settings-changed') void tray?.refresh()
    },
  })
  const relay = (name: string, args: unknown): Promise<ApiResult<unknown>> => core.call(name, args)

  // Exactly the contract's channels (ipc-handler.ts decides: our page only, exports via the dialog).
  for (const name of REQUEST_NAMES)
    ipcMain.handle(requestChannel(name), (e, args: unknown) =>
      answerIpc(
        {
          origin,
          relay,
          showSaveDialog: (opts) => {
            const win = BrowserWindow.fromWebContents(e.sender)
            return win ? dialog.showSaveDialog(win, opts) : dialog.showSaveDialog(opts)
          },
          downloads: () => app.getPath('downloads'),
          sep,
          log: (m) => console.warn(`[shell] ${m}`),
        },
        e.senderFrame,
        name,
        args,
      ),
    )

  /** One OS notification per alert; a click brings the window up on the alert's view. */
  function notify(alert: AlertEntry): void {
    const n = alertNotification(alert)
    if (!n || !Notification.isSupported()) return
    notifications.show(new Notification({ title: n.title, body: n.body }), () => openRoute(n.route))
  }

  function reportReady(r: PushEvents['report-ready']): void {
    if (!Notification.isSupported()) return
    const n = reportNotification(r)
    notifications.show(new Notification({ title: n.title, body: n.body }), () =>
      shell.showItemInFolder(n.path),
    )
  }

  /** Brings the window up (creating it if it was closed to the tray), on a route if given. */
  function openRoute(route?: string): void {
    if (!app.isReady()) return
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
    // Every frame's navigations and redirects (the listeners' url arguments are deprecated: details.url).
    win.webContents.on('will-frame-navigate', (e) => {
      if (!isAllowedNavigation(e.url, origin)) e.preventDefault()
    })
    win.webContents.on('will-redirect', (e) => {
      if (!isAllowedNavigation(e.url, origin)) e.preventDefault()
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
    // A page loaded after the core failed still learns why (the banner), not only from failed calls.
    win.webContents.on('did-finish-load', () => {
      if (core.status().state !== 'ready') win.webContents.send(eventChannel('core-status'), core.status())
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

  void app.whenReady().then(async () => {
    denyAllPermissions(session.defaultSession, (m) => console.warn(`[shell] ${m}`))
    Menu.setApplicationMenu(
      Menu.buildFromTemplate(appMenuTemplate(process.platform, (r) => openRoute(r), app.isPackaged)),
    )
    // Answers an error (never hangs) when the core cannot open the store: the window still opens.
    const r = await relay('settings', {})
    const settings = r.ok ? (r.value as SettingsResult).settings : null
    // Without settings (the core is down) the login item is left as it is.
    if (app.isPackaged && settings) app.setLoginItemSettings({ openAtLogin: settings.startAtLogin })
    tray = new AppTray(join(app.getAppPath(), 'resources', 'tray.png'), relay, {
      open: () => openRoute(),
      quit: () => app.quit(),
    })
    // A second launch or a dock click while the settings loaded already opened the window (openRoute).
    startupWindow(BrowserWindow.getAllWindows(), () =>
      createWindow(!(settings?.startMinimized ?? false) || !r.ok),
    )
  })
  app.on('window-all-closed', () => {
    if (!tray && process.platform !== 'darwin') app.quit()
  })

  return {
    open: () => openRoute(),
    quitting: () => (quitting = true),
    shutdown: () => core.stop(5000),
  }
}
